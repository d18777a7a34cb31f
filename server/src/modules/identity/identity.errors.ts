import { defineErrors } from '../../platform/errors';

export const IdentityErrors = defineErrors({
  AUTH_INVALID_CREDENTIALS: ['unauthenticated', '账号或密码错误'],
  AUTH_ACCOUNT_DISABLED: ['forbidden', '账号已停用，请联系管理员'],
  USER_LOGIN_TAKEN: ['conflict', '该账号名已被使用'],
  USER_NOT_FOUND: ['not_found', '用户不存在'],
  USER_INVALID: ['invalid', '用户信息不正确'],
  PASSWORD_TOO_WEAK: ['invalid', '密码至少 10 位，且需同时包含字母和数字'],
});
