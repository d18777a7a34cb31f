import { defineErrors } from '../../platform/errors';

export const OrgErrors = defineErrors({
  ORG_INVALID: ['invalid', '机构信息不正确'],
  ORG_CODE_TAKEN: ['conflict', '编码已被使用'],
  AGENCY_NOT_FOUND: ['not_found', '代理商不存在'],
  OUTLET_NOT_FOUND: ['not_found', '营业网点不存在'],
  SCHOOL_NOT_FOUND: ['not_found', '学校不存在'],
  CLASS_NOT_FOUND: ['not_found', '班级不存在'],
  CLASS_NAME_TAKEN: ['conflict', '本校已有同名班级'],
  STUDENT_NOT_FOUND: ['not_found', '学生不存在'],
  STUDENT_NO_TAKEN: ['conflict', '本校已有该学籍号的学生'],
  LIMIT_INVALID: ['invalid', '限额不正确'],
  CARD_NO_TAKEN: ['conflict', '本校已有该卡号的学生'],
});
