import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  api,
  ApiError,
  errorMessage,
  loginUrl,
  NETWORK_ERROR_MESSAGE,
  safeRedirect,
  SERVER_ERROR_MESSAGE,
  setCsrfToken,
  setUnauthorizedHandler,
  toApiError,
} from './request';

const BASE = 'http://console.test';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('toApiError', () => {
  it('keeps the server’s code and Chinese message', () => {
    const error = toApiError(401, { code: 'AUTH_INVALID_CREDENTIALS', message: '账号或密码错误', details: {} });
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 401, code: 'AUTH_INVALID_CREDENTIALS', message: '账号或密码错误' });
  });

  it('falls back to a Chinese message when a 5xx has no error body (e.g. a proxy page)', () => {
    expect(toApiError(502, '<html>Bad Gateway</html>').message).toBe(SERVER_ERROR_MESSAGE);
    expect(toApiError(500, null).code).toBe('SERVER_ERROR');
  });

  it('never shows an empty message', () => {
    expect(toApiError(400, { code: 'X', message: ' ' }).message).toBe('请求失败（状态码 400），请稍后重试');
  });
});

describe('errorMessage', () => {
  it('turns a failed fetch into the network message', () => {
    expect(errorMessage(new TypeError('Failed to fetch'))).toBe(NETWORK_ERROR_MESSAGE);
    expect(errorMessage(new Error('boom'))).toBe('操作失败，请稍后重试');
  });
});

describe('login redirects', () => {
  it('remembers where the user was going', () => {
    expect(loginUrl('/admin/jobs?tab=schedules')).toBe('/login?redirect=%2Fadmin%2Fjobs%3Ftab%3Dschedules');
    expect(loginUrl('/')).toBe('/login');
  });

  it('only follows paths inside the console', () => {
    expect(safeRedirect('/admin/jobs')).toBe('/admin/jobs');
    for (const target of ['https://evil.example', '//evil.example', '/\\evil.example', '/login?redirect=/x', '/forgot-password', '', null]) {
      expect(safeRedirect(target)).toBe('/');
    }
  });
});

describe('api client', () => {
  afterEach(() => {
    setCsrfToken(null);
    vi.unstubAllGlobals();
  });

  it('sends the CSRF token on writes but not on reads', async () => {
    setCsrfToken('token-1');
    const seen: Request[] = [];
    const fetch = (request: Request) => {
      seen.push(request);
      return Promise.resolve(json(200, { ok: true }));
    };
    await api.POST('/api/auth/logout', { baseUrl: BASE, fetch });
    await api.GET('/api/system/info', { baseUrl: BASE, fetch });
    expect(seen[0]?.headers.get('X-CSRF-Token')).toBe('token-1');
    expect(seen[1]?.headers.get('X-CSRF-Token')).toBeNull();
  });

  it('throws ApiError with the server’s message', async () => {
    const fetch = () => Promise.resolve(json(409, { code: 'JOBS_NOT_RETRYABLE', message: '只有失败的任务可以重试', details: {} }));
    vi.stubGlobal('window', { location: { pathname: '/admin/jobs', search: '', hash: '' } });
    await expect(
      api.POST('/api/admin/jobs/{id}/retry', { params: { path: { id: 'j1' } }, baseUrl: BASE, fetch }),
    ).rejects.toMatchObject({ status: 409, code: 'JOBS_NOT_RETRYABLE', message: '只有失败的任务可以重试' });
  });

  it('maps a network failure to the Chinese network message', async () => {
    const fetch = () => Promise.reject(new TypeError('Failed to fetch'));
    await expect(api.GET('/api/system/info', { baseUrl: BASE, fetch })).rejects.toMatchObject({
      status: 0,
      message: NETWORK_ERROR_MESSAGE,
    });
  });

  it('sends the user to the login page when the session has expired', async () => {
    const redirect = vi.fn();
    setUnauthorizedHandler(redirect);
    vi.stubGlobal('window', { location: { pathname: '/admin/jobs', search: '?tab=schedules', hash: '' } });
    const fetch = () => Promise.resolve(json(401, { code: 'AUTH_REQUIRED', message: '请先登录', details: {} }));
    await expect(api.GET('/api/admin/schedules', { baseUrl: BASE, fetch })).rejects.toBeInstanceOf(ApiError);
    expect(redirect).toHaveBeenCalledWith('/login?redirect=%2Fadmin%2Fjobs%3Ftab%3Dschedules');
  });

  it('leaves a wrong password on the login page', async () => {
    const redirect = vi.fn();
    setUnauthorizedHandler(redirect);
    const fetch = () => Promise.resolve(json(401, { code: 'AUTH_INVALID_CREDENTIALS', message: '账号或密码错误', details: {} }));
    await expect(
      api.POST('/api/auth/login', { body: { login: 'admin', password: 'x' }, baseUrl: BASE, fetch }),
    ).rejects.toMatchObject({ message: '账号或密码错误' });
    expect(redirect).not.toHaveBeenCalled();
  });
});
