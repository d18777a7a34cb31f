import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { AppContext } from '../../server/src/context';
import { buildHttp } from '../../server/src/http/server';
import type { Http } from '../../server/src/http/types';
import { isAction } from '../../server/src/modules/identity';
import { createWorker } from '../../server/src/app';
import { describeEachDatabase } from '../helpers/db';
import { createTestContext } from '../helpers/context';

const consoleDir = mkdtempSync(path.join(tmpdir(), 'yk-console-'));
writeFileSync(path.join(consoleDir, 'index.html'), '<!doctype html><html lang="zh-CN"><title>一卡通</title></html>');

describeEachDatabase('HTTP API', (t) => {
  let ctx: AppContext;
  let app: Http;
  let admin: { login: string; password: string };

  beforeEach(async () => {
    ctx = await createTestContext(t().database);
    const a = await ctx.identity.ensureFirstAdmin();
    admin = { login: a!.user.login, password: a!.password };
    app = await buildHttp(ctx, { consoleDir });
    app.get('/api/test/boom', { config: { action: 'public' } }, () => {
      throw new Error('connect ECONNREFUSED 10.0.0.5:5432 password=hunter2');
    });
    await app.ready();
  });
  afterEach(async () => {
    await app.close();
  });

  async function logIn(login: string, password: string) {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login, password } });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    return { cookie, csrf: res.json<{ csrfToken: string }>().csrfToken, res };
  }

  it('/healthz checks the database', async () => {
    const res = await app.inject('/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', database: t().dialect });
  });

  it('/healthz answers 503 in the error shape when the database is gone, without internals', async () => {
    await t().database.close();
    const res = await app.inject('/healthz');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ code: 'UNAVAILABLE', message: '数据库不可用', details: { database: t().dialect } });
  });

  it('serves the OpenAPI UI at /docs and the document behind it', async () => {
    const ui = await app.inject('/docs/');
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toContain('text/html');
    const doc = (await app.inject('/docs/json')).json<{ paths: Record<string, unknown>; info: { title: string } }>();
    expect(doc.info.title).toContain('一卡通');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/healthz', '/api/admin/jobs']));
  });

  it('answers an unknown /api path with 404 in the error shape, never the console page', async () => {
    for (const method of ['GET', 'POST', 'DELETE'] as const) {
      const res = await app.inject({ method, url: '/api/no/such/thing?x=1' });
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('application/json');
      expect(res.json()).toEqual({ code: 'NOT_FOUND', message: '请求的接口不存在', details: { method, path: '/api/no/such/thing' } });
    }
    const page = await app.inject('/admin/jobs');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('一卡通');
  });

  it('answers bad input with 400 and a Chinese message naming the field', async () => {
    const missing = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'admin' } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toEqual({
      code: 'VALIDATION_FAILED',
      message: '请求体不正确：password 缺少必填字段',
      details: { errors: [{ path: 'body.password', message: '缺少必填字段' }] },
    });
    const extra = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'a', password: 'b', role: 'operator' } });
    expect(extra.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: { errors: [{ path: 'body.role', message: '不允许的字段' }] } });
    const broken = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"login":' });
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toMatchObject({ code: 'BAD_REQUEST', message: '请求体不是有效的 JSON' });
    const text = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'text/plain' }, payload: 'login=admin' });
    expect(text.statusCode).toBe(415);
    expect(text.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('hides internals of a 5xx and gives a request id to find it in the logs', async () => {
    const res = await app.inject({ url: '/api/test/boom', headers: { 'x-request-id': 'req-42' } });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ code: 'INTERNAL', message: '服务器内部错误，请稍后重试', details: {} });
    expect(res.body).not.toContain('hunter2');
    expect(res.headers['x-request-id']).toBe('req-42');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('logs in with an httpOnly session cookie, knows who is there, and logs out', async () => {
    const wrong = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'admin', password: 'nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual({ code: 'AUTH_INVALID_CREDENTIALS', message: '账号或密码错误', details: {} });
    expect(wrong.cookies).toHaveLength(0);

    const { cookie, csrf, res } = await logIn(admin.login, admin.password);
    const session = res.cookies.find((c) => c.name === 'yk_session')!;
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite).toBe('Lax');
    expect(res.cookies.find((c) => c.name === 'yk_csrf')!.httpOnly).toBeFalsy();

    const me = await app.inject({ url: '/api/auth/me', headers: { cookie } });
    expect(me.json()).toMatchObject({ user: { login: 'admin', roles: [{ role: 'operator' }] }, csrfToken: csrf });

    const noCsrf = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json()).toMatchObject({ code: 'CSRF_INVALID' });

    const out = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie, 'x-csrf-token': csrf } });
    expect(out.statusCode).toBe(200);
    const after = await app.inject({ url: '/api/auth/me', headers: { cookie } });
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ code: 'AUTH_REQUIRED', message: '请先登录' });
  });

  it('lets operators see and retry jobs; others get 401 or 403', async () => {
    await ctx.identity.createUser({ login: 'wang', name: '王老师', password: 'Teacher-pass-1', roles: [{ role: 'teacher', tenantType: 'class', tenantId: 'c1' }] });
    expect((await app.inject('/api/admin/jobs')).statusCode).toBe(401);
    const teacher = await logIn('wang', 'Teacher-pass-1');
    const denied = await app.inject({ url: '/api/admin/jobs', headers: { cookie: teacher.cookie } });
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toMatchObject({ code: 'FORBIDDEN', message: '没有权限执行此操作' });
    expect((await app.inject({ url: '/api/system/info', headers: { cookie: teacher.cookie } })).statusCode).toBe(200);

    const op = await logIn(admin.login, admin.password);
    const id = await ctx.jobs.enqueue(ctx.database.db, 'identity.purge-sessions', {});
    const list = await app.inject({ url: '/api/admin/jobs?status=queued', headers: { cookie: op.cookie } });
    expect(list.json()).toMatchObject({ total: 1, counts: { queued: 1 }, items: [{ id, title: '清理过期登录会话', status: 'queued' }] });
    const bad = await app.inject({ url: '/api/admin/jobs?status=exploded', headers: { cookie: op.cookie } });
    expect(bad.statusCode).toBe(400);

    const notFailed = await app.inject({ method: 'POST', url: `/api/admin/jobs/${id}/retry`, headers: { cookie: op.cookie, 'x-csrf-token': op.csrf } });
    expect(notFailed.statusCode).toBe(409);
    expect(notFailed.json()).toMatchObject({ code: 'JOBS_NOT_RETRYABLE', message: '只有失败的任务可以重试' });
    const missing = await app.inject({ method: 'POST', url: '/api/admin/jobs/nope/retry', headers: { cookie: op.cookie, 'x-csrf-token': op.csrf } });
    expect(missing.statusCode).toBe(404);

    await createWorker(ctx).drain();
    const done = await app.inject({ url: '/api/admin/jobs?status=done', headers: { cookie: op.cookie } });
    expect(done.json()).toMatchObject({ total: 1, items: [{ id, status: 'done', attempts: 1 }] });

    const schedules = await app.inject({ url: '/api/admin/schedules', headers: { cookie: op.cookie } });
    expect(schedules.json<{ items: { name: string }[] }>().items.map((s) => s.name)).toEqual(['billing.monthly', 'devices.purge-nonces', 'identity.purge-sessions', 'ledger.expire-holds', 'messaging.sweep', 'platform.purge-finished-jobs', 'school.bzr-choices-expire', 'school.gate-cutoff', 'school.safety-retry', 'subscriptions.expire-requests', 'subscriptions.purge-consents']);
  });

  it('declares an action on every API route', () => {
    const api = app.routeTable.filter((r) => r.url.startsWith('/api/') || r.url === '/healthz' || r.url === '/metrics');
    expect(api.length).toBeGreaterThan(5);
    for (const r of api) {
      expect(r.action !== undefined && isAction(r.action), `${r.method} ${r.url}`).toBe(true);
    }
  });

  it('refuses to start with an API route that declares no action', async () => {
    const other = await buildHttp(ctx, { consoleDir: null });
    expect(() => other.get('/api/test/unguarded', async () => 'x')).toThrow('declares no action');
    await other.close();
  });

  it('exposes Prometheus metrics', async () => {
    await app.inject('/healthz');
    const res = await app.inject('/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('yikatong_http_requests_total{method="GET",route="/healthz",status="200"} 1');
    expect(res.body).toContain('yikatong_jobs{status="queued"}');
  });
});
