/**
 * 控制台唯一的接口客户端。
 *
 * - 路径和类型来自服务端 OpenAPI 生成的 `api/schema.d.ts`，不手写接口类型；
 * - 带上会话 Cookie，并在写请求上附带 `X-CSRF-Token`；
 * - 所有失败都在这里变成 `ApiError`，其 message 是可以直接给用户看的中文；
 * - 会话失效（401）时把用户送回登录页，并记住原来要去的页面。
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from '../api/schema';

/** 服务端统一的错误体。 */
export type ErrorBody = {
  code: string;
  message: string;
  details?: unknown;
};

export const NETWORK_ERROR_MESSAGE = '网络异常，请稍后重试';
export const SERVER_ERROR_MESSAGE = '服务器开小差了，请稍后重试';

/** 一次失败的接口调用。`status` 为 0 表示请求没有到达服务器。 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(options: { status: number; code: string; message: string; details?: unknown }) {
    super(options.message);
    this.status = options.status;
    this.code = options.code;
    this.details = options.details;
  }
}

const isErrorBody = (body: unknown): body is ErrorBody =>
  typeof body === 'object' &&
  body !== null &&
  typeof (body as ErrorBody).code === 'string' &&
  typeof (body as ErrorBody).message === 'string' &&
  (body as ErrorBody).message.trim() !== '';

/** 把失败响应（状态码 + 已解析的响应体）映射成 ApiError。 */
export const toApiError = (status: number, body: unknown): ApiError => {
  if (isErrorBody(body)) {
    return new ApiError({ status, code: body.code, message: body.message, details: body.details });
  }
  if (status >= 500) {
    return new ApiError({ status, code: 'SERVER_ERROR', message: SERVER_ERROR_MESSAGE });
  }
  return new ApiError({ status, code: 'HTTP_ERROR', message: `请求失败（状态码 ${status}），请稍后重试` });
};

/** 请求没有拿到任何响应（断网、服务未启动、被浏览器中止）。 */
export const networkError = (cause?: unknown): ApiError => {
  const error = new ApiError({ status: 0, code: 'NETWORK_ERROR', message: NETWORK_ERROR_MESSAGE });
  if (cause !== undefined) {
    error.cause = cause;
  }
  return error;
};

/** 任意异常 → 给用户看的中文提示。页面统一用它显示错误。 */
export const errorMessage = (error: unknown): string => {
  if (error instanceof ApiError) {
    return error.message;
  }
  if (error instanceof TypeError) {
    // fetch 在网络层失败时抛 TypeError
    return NETWORK_ERROR_MESSAGE;
  }
  return '操作失败，请稍后重试';
};

export const isUnauthorized = (error: unknown): boolean => error instanceof ApiError && error.status === 401;

// ---- 登录跳转 ----

export const LOGIN_PATH = '/login';
/** 找回密码页，与登录页一样不需要登录。 */
export const FORGOT_PASSWORD_PATH = '/forgot-password';

const PUBLIC_PATHS = [LOGIN_PATH, FORGOT_PASSWORD_PATH];
const isPublicPath = (target: string): boolean =>
  PUBLIC_PATHS.some((path) => target === path || target.startsWith(`${path}?`) || target.startsWith(`${path}#`));

/** 只接受站内路径作为登录后的去处，防止 `?redirect=https://…` 把用户带走；登录、找回密码页也不算去处。 */
export const safeRedirect = (target: string | null | undefined): string => {
  if (!target || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) {
    return '/';
  }
  if (isPublicPath(target)) {
    return '/';
  }
  return target;
};

/** 登录页地址；`from` 是登录后要回到的站内路径。 */
export const loginUrl = (from?: string): string => {
  const target = from === undefined ? '/' : safeRedirect(from);
  return target === '/' ? LOGIN_PATH : `${LOGIN_PATH}?redirect=${encodeURIComponent(target)}`;
};

let unauthorizedHandler: (to: string) => void = (to) => window.location.assign(to);

/** 路由就绪后注册站内跳转，避免会话失效时整页刷新。 */
export const setUnauthorizedHandler = (handler: (to: string) => void): void => {
  unauthorizedHandler = handler;
};

const redirectToLogin = (): void => {
  const { pathname, search, hash } = window.location;
  if (isPublicPath(pathname)) {
    return;
  }
  unauthorizedHandler(loginUrl(`${pathname}${search}${hash}`));
};

// 登录、退出、获取当前用户这三个接口自己处理 401：
// 登录失败要留在登录页显示原因，会话检查由路由决定去向。
const handlesOwnUnauthorized = (schemaPath: string): boolean => schemaPath.startsWith('/api/auth/');

// ---- CSRF ----

const CSRF_COOKIE = 'yk_csrf';
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
let csrfToken: string | null = null;

/** 登录和获取当前用户时服务端会返回 CSRF 令牌，记下来供写请求使用。 */
export const setCsrfToken = (token: string | null): void => {
  csrfToken = token;
};

const readCookie = (name: string): string | null => {
  if (typeof document === 'undefined') {
    return null;
  }
  for (const part of document.cookie.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) {
      return decodeURIComponent(value.join('='));
    }
  }
  return null;
};

const currentCsrfToken = (): string | null => readCookie(CSRF_COOKIE) ?? csrfToken;

// ---- 客户端 ----

const readBody = async (response: Response): Promise<unknown> => {
  const text = await response.clone().text();
  if (text === '') {
    return null;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
};

const sessionMiddleware: Middleware = {
  onRequest({ request }) {
    if (WRITE_METHODS.has(request.method)) {
      const token = currentCsrfToken();
      if (token) {
        request.headers.set('X-CSRF-Token', token);
      }
    }
    return request;
  },
  onError({ error }) {
    return error instanceof ApiError ? error : networkError(error);
  },
  async onResponse({ response, schemaPath }) {
    if (response.ok) {
      return response;
    }
    const error = toApiError(response.status, await readBody(response));
    if (error.status === 401 && !handlesOwnUnauthorized(schemaPath)) {
      setCsrfToken(null);
      redirectToLogin();
    }
    throw error;
  },
};

/** 类型化的接口客户端：`api.GET('/api/system/info')`。失败时抛出 ApiError。 */
export const api = createClient<paths>({ baseUrl: '', credentials: 'include' });
api.use(sessionMiddleware);

type Settled<T> = { data?: T; response: Response };

/**
 * 取出成功响应的数据。中间件已把失败变成 ApiError 抛出，
 * 这里只处理“成功但没有响应体”这种不该发生的情况。
 */
export const unwrap = async <T>(pending: Promise<Settled<T>>): Promise<T> => {
  const { data, response } = await pending;
  if (data === undefined) {
    throw toApiError(response.status >= 400 ? response.status : 502, null);
  }
  return data;
};
