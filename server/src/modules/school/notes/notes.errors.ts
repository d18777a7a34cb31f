import { defineErrors } from '../../../platform/errors';

/** 家校互动 notes, templates and inboxes: error codes. */
export const NotesErrors = defineErrors({
  NOTE_INVALID: ['invalid', '留言内容不正确'],
  NOTE_FORBIDDEN: ['forbidden', '没有权限给这些班级或学生发送留言'],
  NOTE_URGENT_FORBIDDEN: ['forbidden', '只有学校管理员可以发送紧急通知'],
  NOTE_NO_RECIPIENTS: ['invalid', '所选班级或学生没有登记家长，无人可以收到这条留言'],
  NOTE_KEY_CONFLICT: ['conflict', '该请求编号已用于另一条留言'],
  NOTE_NOT_FOUND: ['not_found', '留言不存在'],
  TEMPLATE_INVALID: ['invalid', '模板内容不正确'],
  TEMPLATE_NOT_FOUND: ['not_found', '模板不存在'],
  TEMPLATE_EXISTS: ['conflict', '已有同名模板'],
  INBOX_NOT_FOUND: ['not_found', '留言不存在'],
  INBOX_FORBIDDEN: ['forbidden', '只能答复发给自己的家长留言'],
  MESSAGE_INVALID: ['invalid', '留言内容不正确'],
  MESSAGE_NO_TEACHER: ['invalid', '孩子所在班级尚未设置班主任，请直接联系学校'],
});
