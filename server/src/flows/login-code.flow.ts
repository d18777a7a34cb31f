/**
 * Sends a one-time code by SMS: identity issues it (and limits how often), messaging sends
 * it as a verification message (never blocked by an opt-out). No undo is needed: a code whose
 * SMS fails to go simply expires after 5 minutes. The code never appears in a log.
 */
import type { AppContext } from '../context';
import type { CodePurpose } from '../modules/identity';

export const CODE_TEXT: Record<CodePurpose, (code: string) => string> = {
  login: (code) => `您的登录验证码是 ${code}，5 分钟内有效。请勿告诉他人，如非本人操作请忽略。`,
  reset: (code) => `您正在重置一卡通登录密码，验证码 ${code}，5 分钟内有效。如非本人操作请忽略。`,
  phone: (code) => `您正在将本号码设为一卡通账号的手机号，验证码 ${code}，5 分钟内有效。如非本人操作请忽略。`,
};

export async function sendLoginCode(ctx: AppContext, o: { phone: string; purpose: CodePurpose; ip?: string }): Promise<{ expiresAt: number; resendAfterSeconds: number }> {
  const issued = await ctx.identity.issueCode(o);
  if (issued.userId !== null) {
    await ctx.messaging.send({ to: issued.phone, text: CODE_TEXT[o.purpose](issued.code), class: 'verification', service: 'login', key: `code:${issued.codeId}` });
  }
  return { expiresAt: issued.expiresAt, resendAfterSeconds: 60 };
}

/** Changing one's own number: the code goes to the new number, bound to the person asking. */
export async function sendPhoneChangeCode(ctx: AppContext, o: { userId: string; phone: string; ip?: string }): Promise<{ expiresAt: number; resendAfterSeconds: number }> {
  const issued = await ctx.identity.startPhoneChange(o);
  await ctx.messaging.send({ to: issued.phone, text: CODE_TEXT.phone(issued.code), class: 'verification', service: 'login', key: `code:${issued.codeId}` });
  return { expiresAt: issued.expiresAt, resendAfterSeconds: 60 };
}
