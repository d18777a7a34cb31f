import { defineErrors } from '../../platform/errors';

export const IdentityErrors = defineErrors({
  AUTH_INVALID_CREDENTIALS: ['unauthenticated', '账号或密码错误'],
  AUTH_ACCOUNT_DISABLED: ['forbidden', '账号已停用，请联系管理员'],
  USER_LOGIN_TAKEN: ['conflict', '该账号名已被使用'],
  USER_NOT_FOUND: ['not_found', '用户不存在'],
  USER_INVALID: ['invalid', '用户信息不正确'],
  PASSWORD_TOO_WEAK: ['invalid', '密码至少 10 位，且需同时包含字母和数字'],
  AUTH_LOCKED: ['rate_limited', '错误次数过多，账号已临时锁定'],
  AUTH_INVALID_CODE: ['unauthenticated', '验证码错误或已过期'],
  AUTH_CODE_TOO_FREQUENT: ['rate_limited', '获取验证码过于频繁'],
  AUTH_PHONE_INVALID: ['invalid', '手机号应为 11 位中国大陆手机号'],
});
