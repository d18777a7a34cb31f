import { redirect, useRouteLoaderData, type LoaderFunctionArgs } from 'react-router-dom';
import type { paths } from '../api/schema';
import { api, isUnauthorized, loginUrl, setCsrfToken, unwrap } from './request';

/** 当前登录会话：/api/auth/me 与 /api/auth/login 的返回。 */
export type Session = paths['/api/auth/me']['get']['responses'][200]['content']['application/json'];
export type CurrentUser = Session['user'];

export const SESSION_ROUTE_ID = 'session';

/**
 * 进入控制台任何页面前先确认登录状态；未登录时去登录页，并记下原来要去的地址。
 * 会话只在进入控制台外壳时检查一次，之后由接口的 401 兜底。
 */
export const sessionLoader = async ({ request }: LoaderFunctionArgs): Promise<Session | Response> => {
  try {
    const session = await unwrap(api.GET('/api/auth/me', { signal: request.signal }));
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (isUnauthorized(error)) {
      const url = new URL(request.url);
      return redirect(loginUrl(`${url.pathname}${url.search}${url.hash}`));
    }
    throw error;
  }
};

/** 控制台外壳内的页面用它拿当前用户。 */
export const useSession = (): Session => {
  const session = useRouteLoaderData(SESSION_ROUTE_ID) as Session | undefined;
  if (!session) {
    throw new Error('useSession 只能在控制台外壳内使用');
  }
  return session;
};
