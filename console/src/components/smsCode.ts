/**
 * 短信验证码（登录、找回密码）的纯逻辑：号码和验证码的格式、倒计时、按钮文字、
 * 服务端“获取过于频繁”时还要等多久。界面在 SmsCodeInput.tsx。
 */
import { ApiError } from '../app/request';

/** 服务端没有说时，两次获取验证码之间至少等这么久。 */
export const DEFAULT_RESEND_SECONDS = 60;

/** 中国大陆手机号：11 位，1 开头，第二位 3–9（与服务端一致）。 */
export const PHONE_PATTERN = /^1[3-9]\d{9}$/;
export const PHONE_MESSAGE = '请输入 11 位手机号';

/** 短信验证码：6 位数字。 */
export const CODE_PATTERN = /^\d{6}$/;
export const CODE_MESSAGE = '请输入 6 位数字验证码';

/** 只留数字（用户粘贴的“139 0000 1111”“139-0000-1111”也能用），最多 `max` 位。 */
export const digitsOnly = (value: string, max: number): string => value.replace(/\D/g, '').slice(0, max);

/** 距 `until`（毫秒时间戳）还有几秒，向上取整；没有倒计时或已过时为 0。 */
export const secondsUntil = (until: number | null, now: number): number =>
  until === null ? 0 : Math.max(0, Math.ceil((until - now) / 1000));

/** “获取验证码”按钮上的文字：倒计时中为“重新获取(59)”，超过两分钟按分钟显示。 */
export const sendButtonLabel = (secondsLeft: number, sentBefore: boolean): string => {
  if (secondsLeft > 0) {
    return secondsLeft < 120 ? `重新获取(${secondsLeft})` : `重新获取(${Math.ceil(secondsLeft / 60)} 分钟)`;
  }
  return sentBefore ? '重新获取' : '获取验证码';
};

/** 服务端因“获取过于频繁”拒绝（429 AUTH_CODE_TOO_FREQUENT）时，还要等几秒；其他错误为 null。 */
export const retryAfterSeconds = (error: unknown): number | null => {
  if (!(error instanceof ApiError) || error.code !== 'AUTH_CODE_TOO_FREQUENT') {
    return null;
  }
  const details = error.details;
  const seconds =
    typeof details === 'object' && details !== null ? (details as { retryAfterSeconds?: unknown }).retryAfterSeconds : undefined;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : null;
};

/** 新密码的要求，与服务端 PASSWORD_TOO_WEAK 一致。 */
export const PASSWORD_MESSAGE = '密码至少 10 位，且需同时包含字母和数字';

export const isStrongPassword = (password: string): boolean =>
  password.length >= 10 && password.length <= 128 && /[a-zA-Z]/.test(password) && /\d/.test(password);
