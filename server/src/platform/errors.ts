/**
 * One error type for the whole platform: a stable code, a Chinese message for the user, and
 * details a client can act on. Each module declares its own closed set of codes; the HTTP
 * layer maps a code's kind to a status in one place (http/plugins/error-handler.ts).
 */
export type ErrorKind =
  | 'invalid' // the request is malformed or breaks a rule: 400
  | 'unauthenticated' // 401
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'conflict' // state or idempotency conflict: 409
  | 'rate_limited' // 429
  | 'unavailable' // a dependency is down: 503
  | 'internal'; // 500

export interface ErrorDetails {
  [key: string]: unknown;
}

export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly kind: ErrorKind,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** Declares a module's closed set of error codes: `const E = defineErrors({ X: ['invalid', '…'] })`. */
export function defineErrors<K extends string>(
  defs: Record<K, readonly [ErrorKind, string]>,
): { [P in K]: (details?: ErrorDetails, message?: string) => AppError } {
  const out = {} as { [P in K]: (details?: ErrorDetails, message?: string) => AppError };
  for (const code of Object.keys(defs) as K[]) {
    const [kind, msg] = defs[code];
    out[code] = (details = {}, message = msg) => new AppError(code, kind, message, details);
  }
  return out;
}

/** Platform-wide codes. */
export const PlatformErrors = defineErrors({
  VALIDATION_FAILED: ['invalid', '请求参数不正确'],
  NOT_FOUND: ['not_found', '请求的资源不存在'],
  AUTH_REQUIRED: ['unauthenticated', '请先登录'],
  FORBIDDEN: ['forbidden', '没有权限执行此操作'],
  CSRF_INVALID: ['forbidden', '页面已过期，请刷新后重试'],
  PAYLOAD_TOO_LARGE: ['invalid', '请求内容过大'],
  UNAVAILABLE: ['unavailable', '服务暂时不可用，请稍后重试'],
  INTERNAL: ['internal', '服务器内部错误，请稍后重试'],
});

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
