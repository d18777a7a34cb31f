import { defineErrors } from '../../../platform/errors';

/** Roster import's error codes. */
export const RosterErrors = defineErrors({
  ROSTER_FILE_INVALID: ['invalid', '名册文件无法读取'],
  ROSTER_FILE_EMPTY: ['invalid', '名册文件里没有数据'],
  ROSTER_ENCODING_INVALID: ['invalid', '文件编码无法识别：请在 Excel 中另存为“CSV UTF-8”或 .xlsx 后重新上传'],
  ROSTER_COLUMNS_MISSING: ['invalid', '名册缺少必需的列'],
  ROSTER_TOO_LARGE: ['invalid', '名册太大：一次最多导入 20000 行'],
  ROSTER_IMPORT_NOT_FOUND: ['not_found', '找不到这次导入'],
  ROSTER_IMPORT_CLOSED: ['conflict', '这次导入已应用或已过期，不能再应用；请重新上传文件'],
  ROSTER_IMPORT_BUSY: ['conflict', '这次导入正在应用中'],
});
