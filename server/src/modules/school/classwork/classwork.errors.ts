import { defineErrors } from '../../../platform/errors';

/** Classwork's and 办公短信's error codes: stable, with a Chinese message for the user. */
export const ClassworkErrors = defineErrors({
  TIMETABLE_INVALID: ['invalid', '课表不正确'],
  HOMEWORK_INVALID: ['invalid', '作业内容不正确'],
  HOMEWORK_NOT_FOUND: ['not_found', '作业不存在'],
  EXAM_INVALID: ['invalid', '考试信息不正确'],
  EXAM_NOT_FOUND: ['not_found', '考试不存在'],
  RESULTS_INVALID: ['invalid', '成绩不正确'],
  RESULTS_FILE_INVALID: ['invalid', '成绩表格不正确'],
  STAFF_GROUP_INVALID: ['invalid', '教职工分组不正确'],
  STAFF_GROUP_NOT_FOUND: ['not_found', '教职工分组不存在'],
  STAFF_GROUP_NAME_TAKEN: ['conflict', '本校已有同名分组'],
  STAFF_SMS_INVALID: ['invalid', '办公短信内容不正确'],
  STAFF_SMS_NOT_STAFF: ['forbidden', '只有本校教职工可以给本校分组发办公短信'],
  STAFF_SMS_KEY_CONFLICT: ['conflict', '同一请求编号已用于另一条办公短信'],
});
