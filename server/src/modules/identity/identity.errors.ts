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
  // My account: password, sessions, API tokens, phone.
  AUTH_SESSION_REQUIRED: ['forbidden', '此操作需要在控制台登录后进行，不能使用访问令牌'],
  PASSWORD_CURRENT_WRONG: ['invalid', '当前密码不正确'],
  PASSWORD_UNCHANGED: ['invalid', '新密码不能与当前密码相同'],
  SESSION_NOT_FOUND: ['not_found', '登录设备不存在或已下线'],
  TOKEN_INVALID: ['invalid', '令牌信息不正确'],
  TOKEN_LIMIT: ['conflict', '有效的访问令牌已达上限，请先吊销不用的令牌'],
  TOKEN_NOT_FOUND: ['not_found', '访问令牌不存在'],
  USER_PHONE_TAKEN: ['conflict', '该手机号已被其他用户使用'],
  PHONE_UNCHANGED: ['invalid', '新手机号与当前手机号相同'],
});
