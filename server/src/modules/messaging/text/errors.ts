import { defineErrors } from '../../../platform/errors';

/** The SMS text layer's closed set of codes. Messages are for the person typing the text. */
export const SmsTextErrors = defineErrors({
  SMS_EMPTY: ['invalid', '短信内容不能为空'],
  SMS_TOO_LONG: ['invalid', '短信内容过长'],
  SMS_SIGNATURE_INVALID: ['invalid', '短信签名应为 2–18 个字符，且不能包含【】'],
});

export type SmsTextErrorCode = keyof typeof SmsTextErrors;
