import { defineErrors } from '../../platform/errors';

/** School messaging's error codes (each part adds its own here). */
export const SchoolErrors = defineErrors({
  SCHOOL_INVALID: ['invalid', '学校信息不正确'],
  SETTINGS_INVALID: ['invalid', '学校设置不正确'],
});
