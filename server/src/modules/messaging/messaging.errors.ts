import { defineErrors } from '../../platform/errors';

export const MessagingErrors = defineErrors({
  SMS_INVALID_NUMBER: ['invalid', '手机号码不正确，应为 11 位中国大陆手机号'],
  SMS_INVALID_REQUEST: ['invalid', '短信请求不正确'],
  SMS_KEY_CONFLICT: ['conflict', '同一请求编号已用于另一条不同的短信'],
  SMS_MESSAGE_NOT_FOUND: ['not_found', '短信不存在'],
  SMS_BULK_NOT_FOUND: ['not_found', '群发任务不存在'],
});
