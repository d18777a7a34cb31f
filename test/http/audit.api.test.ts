/**
 * The audit log at the HTTP edge: one entry per state-changing request (who, role, tenant,
 * action, target, channel, result, request id), refusals recorded as denied, reads not
 * recorded, no password or phone number ever stored; the table refuses UPDATE and DELETE;
 * operators search it with filters and cursor paging; nobody else may.
 */
import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createWorker } from '../../server/src/app';
import type { AppContext } from '../../server/src/context';
import { buildHttp } from '../../server/src/http/server';
import type { Http } from '../../server/src/http/types';
import { phoneRef, recordAudit, type AuditEntry } from '../../server/src/platform/audit';
import { createTestContext } from '../helpers/context';
import { describeEachDatabase } from '../helpers/db';

interface Row {
  id: string;
  at: number;
  request_id: string | null;
  channel: string;
  actor_kind: string;
  actor_id: string | null;
  role: string | null;
  tenant_type: string | null;
  tenant_id: string | null;
  action: string;
  target: string;
  result: string;
  status: number | null;
  error_code: string | null;
  ip: string | null;
  details: string | null;
}

interface ApiEntry {
  id: string;
  at: string;
  channel: string;
  actorKind: string;
  actorId: string | null;
  actorName: string | null;
  role: string | null;
  roleTitle: string | null;
  action: string;
  target: string;
  result: string;
  errorCode: string | null;
}

const PASSWORD = 'Audit-Test-2026';

describeEachDatabase('audit log over HTTP', (t) => {
  let ctx: AppContext & { clock: { advance(ms: number): void } };
  let app: Http;
  let adminId: string;
  let admin: Record<string, string>;
  let schoolAdmin: Record<string, string>;
  let teacher: Record<string, string>;

  const logIn = async (login: string, password: string) => {
    const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login, password } });
    expect(r.statusCode).toBe(200);
    return { cookie: r.cookies.map((c) => `${c.name}=${c.value}`).join('; '), 'x-csrf-token': r.json<{ csrfToken: string }>().csrfToken };
  };

  beforeEach(async () => {
    ctx = await createTestContext(t().database);
    await ctx.messaging.start({ dispatcher: false });
    const first = await ctx.identity.ensureFirstAdmin();
    adminId = first!.user.id;
    await ctx.identity.createUser({ login: 'principal', name: '李校长', password: PASSWORD, roles: [{ role: 'school_admin', tenantType: 'school', tenantId: 's1' }] });
    await ctx.identity.createUser({ login: 'teacher', name: '王老师', phone: '13900001111', password: PASSWORD, roles: [{ role: 'teacher', tenantType: 'class', tenantId: 'c1' }] });
    app = await buildHttp(ctx, { consoleDir: null });
    // A route scoped to a class of a school, as the school pages will have.
    app.post(
      '/api/test/classes/:classId/rename',
      { config: { action: 'class.manage', scope: async (request) => ({ schoolId: (request.params as { classId: string }).classId === 'c1' ? 's1' : 's2', classId: (request.params as { classId: string }).classId }) } },
      async () => ({ ok: true }),
    );
    await app.ready();
    admin = await logIn('admin', first!.password);
    schoolAdmin = await logIn('principal', PASSWORD);
    teacher = await logIn('teacher', PASSWORD);
  });
  afterEach(async () => {
    await app.close();
  });

  const rows = async (): Promise<Row[]> => {
    await app.flushAudit();
    return (await sql<Row>`select * from audit_log order by id`.execute(ctx.database.db)).rows;
  };
  const byRequest = async (requestId: string) => (await rows()).filter((r) => r.request_id === requestId);
  const post = (url: string, payload: unknown, headers: Record<string, string>, requestId?: string) =>
    app.inject({ method: 'POST', url, payload: payload as object, headers: { ...headers, ...(requestId ? { 'x-request-id': requestId } : {}) } });

  it('a state-changing request leaves exactly one entry: who, role, tenant, action, target, channel, result, request id', async () => {
    const r = await post('/api/sms/optouts', { msisdn: '13700137000', service: '*' }, admin, 'req-optout-1');
    expect(r.statusCode).toBe(200);
    expect(r.headers['x-request-id']).toBe('req-optout-1');
    const entries = await byRequest('req-optout-1');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      channel: 'web',
      actor_kind: 'user',
      actor_id: adminId,
      role: 'operator',
      tenant_type: 'platform',
      tenant_id: 'platform',
      action: 'sms.optouts',
      target: 'POST /api/sms/optouts',
      result: 'ok',
      error_code: null,
      ip: '127.0.0.1',
    });
    expect(Number(entries[0]!.status)).toBe(200);
    expect(Number(entries[0]!.at)).toBe(ctx.clock.now());
    // The number is named by its pseudonym only; no name or login of the actor is stored.
    expect(JSON.parse(entries[0]!.details!)).toEqual({ phone: phoneRef('13700137000'), service: '*' });
    const all = JSON.stringify(await rows());
    expect(all).not.toContain('13700137000');
    expect(all).not.toContain('系统管理员');

    // A scoped route: the role that reached the resource, and the resource's most specific tenant.
    expect((await post('/api/test/classes/c1/rename', {}, schoolAdmin, 'req-class-1')).statusCode).toBe(200);
    expect(await byRequest('req-class-1')).toMatchObject([
      { actor_kind: 'user', role: 'school_admin', tenant_type: 'class', tenant_id: 'c1', action: 'class.manage', target: 'POST /api/test/classes/:classId/rename classId=c1', result: 'ok' },
    ]);
  });

  it('refusals are recorded as denied: 401, 403, a missing CSRF token, another school', async () => {
    const anonymous = await post('/api/sms/messages', { to: '13800138000', text: '通知', key: 'k1' }, {}, 'req-401');
    expect(anonymous.statusCode).toBe(401);
    const forbidden = await post('/api/sms/messages', { to: '13800138000', text: '通知', key: 'k2' }, teacher, 'req-403');
    expect(forbidden.statusCode).toBe(403);
    const noCsrf = await post('/api/sms/messages', { to: '13800138000', text: '通知', key: 'k3' }, { cookie: admin.cookie! }, 'req-csrf');
    expect(noCsrf.statusCode).toBe(403);
    const badToken = await post('/api/sms/messages', { to: '13800138000', text: '通知', key: 'k4' }, { authorization: 'Bearer nope' }, 'req-token');
    expect(badToken.statusCode).toBe(401);
    const otherSchool = await post('/api/test/classes/c9/rename', {}, schoolAdmin, 'req-scope');
    expect(otherSchool.statusCode).toBe(403);
    const invalid = await post('/api/sms/messages', { to: '13800138000', text: '', key: 'k5' }, admin, 'req-400');
    expect(invalid.statusCode).toBe(400);

    expect(await byRequest('req-401')).toMatchObject([{ channel: 'web', actor_kind: 'anonymous', actor_id: null, role: null, action: 'sms.send', result: 'denied', error_code: 'AUTH_REQUIRED' }]);
    expect(await byRequest('req-403')).toMatchObject([{ actor_kind: 'user', role: null, action: 'sms.send', result: 'denied', error_code: 'FORBIDDEN' }]);
    expect(await byRequest('req-csrf')).toMatchObject([{ actor_id: adminId, role: 'operator', result: 'denied', error_code: 'CSRF_INVALID' }]);
    expect(await byRequest('req-token')).toMatchObject([{ channel: 'api', actor_kind: 'anonymous', result: 'denied', error_code: 'AUTH_REQUIRED' }]);
    expect(await byRequest('req-scope')).toMatchObject([{ role: null, tenant_type: 'class', tenant_id: 'c9', result: 'denied', error_code: 'FORBIDDEN', target: 'POST /api/test/classes/:classId/rename classId=c9' }]);
    expect(await byRequest('req-400')).toMatchObject([{ result: 'failed', error_code: 'VALIDATION_FAILED', role: 'operator' }]);
    for (const id of ['req-401', 'req-403', 'req-csrf', 'req-token', 'req-scope', 'req-400']) {
      expect(Number((await byRequest(id))[0]!.status)).toBe(id === 'req-400' ? 400 : id === 'req-401' || id === 'req-token' ? 401 : 403);
    }
  });

  it('reads are not recorded', async () => {
    const before = (await rows()).length;
    for (const url of ['/api/sms/optouts', '/api/auth/me', '/api/audit', '/healthz']) {
      await app.inject({ url, headers: admin });
    }
    await app.inject({ url: '/api/sms/optouts', headers: teacher });
    expect((await rows()).length).toBe(before);
  });

  it('log-ins: a failure is recorded without the password or login, a success with the user id', async () => {
    const bad = await post('/api/auth/login', { login: 'principal', password: 'Wrong-Secret-99' }, {}, 'req-login-bad');
    expect(bad.statusCode).toBe(401);
    expect(await byRequest('req-login-bad')).toMatchObject([
      { channel: 'web', actor_kind: 'anonymous', actor_id: null, action: 'public', target: 'POST /api/auth/login', result: 'denied', error_code: 'AUTH_INVALID_CREDENTIALS', details: null },
    ]);
    const good = await post('/api/auth/login', { login: 'principal', password: PASSWORD }, {}, 'req-login-ok');
    expect(good.statusCode).toBe(200);
    const principalId = good.json<{ user: { id: string } }>().user.id;
    expect(await byRequest('req-login-ok')).toMatchObject([{ actor_kind: 'user', actor_id: principalId, result: 'ok' }]);
    const all = JSON.stringify(await rows());
    for (const secret of ['Wrong-Secret-99', PASSWORD, 'principal', '李校长']) {
      expect(all).not.toContain(secret);
    }
  });

  it('the database refuses UPDATE and DELETE on the log', async () => {
    await post('/api/sms/optouts', { msisdn: '13700137000', service: '*' }, admin);
    const before = await rows();
    expect(before.length).toBeGreaterThan(0);
    const db = ctx.database.db;
    await expect(sql`update audit_log set result = 'ok', actor_id = 'someone-else'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log where id = ${before[0]!.id}`.execute(db)).rejects.toThrow(/append-only/);
    if (ctx.database.dialect === 'postgres') {
      await expect(sql`truncate audit_log`.execute(db)).rejects.toThrow(/append-only/);
    }
    expect(await rows()).toEqual(before);
  });

  it('an opt-out by SMS is recorded in the same commit, by a pseudonym; lifting it from the console is recorded too', async () => {
    expect((await post('/api/sim/mo', { from: '13700137000', to: '10657099', text: 'TD' }, admin)).statusCode).toBe(200);
    await createWorker(ctx).drain();
    const sms = (await rows()).filter((r) => r.channel === 'sms');
    expect(sms).toMatchObject([{ actor_kind: 'phone', actor_id: phoneRef('13700137000'), action: 'sms.optouts', result: 'ok', role: null }]);
    expect(sms[0]!.target).toMatch(/^MO id=/);
    expect(JSON.parse(sms[0]!.details!)).toMatchObject({ service: '*', added: true });
    expect((await post('/api/sms/optouts/remove', { msisdn: '13700137000', service: '*' }, admin, 'req-lift')).json()).toEqual({ removed: true });
    const lift = await byRequest('req-lift');
    expect(lift).toMatchObject([{ channel: 'web', actor_id: adminId, action: 'sms.optouts', target: 'POST /api/sms/optouts/remove', result: 'ok' }]);
    expect(JSON.parse(lift[0]!.details!)).toMatchObject({ phone: phoneRef('13700137000') });
    expect(JSON.stringify(await rows())).not.toContain('13700137000');
    // An operator finds both by the number: it is turned into its pseudonym for the search.
    const search = async (query: string) => (await app.inject({ url: `/api/audit?${query}`, headers: admin })).json<{ items: ApiEntry[] }>().items;
    expect((await search('actor=137-0013-7000')).map((e) => [e.channel, e.actorKind])).toEqual([['sms', 'phone']]);
    expect((await search('q=13700137000')).map((e) => [e.channel, e.target])).toEqual([['web', 'POST /api/sms/optouts/remove']]);
  });

  it('many requests at once: one entry each, written in batches; a failing write never breaks a request', async () => {
    const before = (await rows()).length;
    const rs = await Promise.all(Array.from({ length: 30 }, (_, i) => post('/api/sms/optouts', { msisdn: `1370013${String(i).padStart(4, '0')}`, service: '*' }, admin, `req-many-${i}`)));
    expect(rs.every((r) => r.statusCode === 200)).toBe(true);
    const after = await rows();
    expect(after.length).toBe(before + 30);
    for (let i = 0; i < 30; i++) {
      expect(after.filter((r) => r.request_id === `req-many-${i}`)).toHaveLength(1);
    }
    // Without its table the log cannot be written: the request is answered all the same.
    await sql`drop table audit_log`.execute(ctx.database.db);
    expect((await post('/api/sms/optouts', { msisdn: '13700139999', service: '*' }, admin)).statusCode).toBe(200);
    await app.flushAudit();
  });

  it('operators search by time, actor, action, channel, result, tenant and target, newest first, with cursor paging', async () => {
    const base = ctx.clock.now();
    const entry = (over: Partial<AuditEntry>): AuditEntry => ({ at: base, channel: 'web', actorKind: 'user', actorId: adminId, role: 'operator', tenantType: 'platform', tenantId: 'platform', action: 'test.paging', target: 'POST /api/test', result: 'ok', ...over });
    for (let i = 0; i < 5; i++) {
      ctx.clock.advance(1000);
      await recordAudit(ctx.database.db, entry({ at: ctx.clock.now(), target: `POST /api/test/items/:id id=item-${i}` }));
    }
    await recordAudit(ctx.database.db, entry({ at: ctx.clock.now(), channel: 'cli', actorKind: 'system', actorId: 'ops', role: null, action: 'demo.load', target: 'demo' }));
    await recordAudit(ctx.database.db, entry({ at: ctx.clock.now(), channel: 'device', actorKind: 'device', actorId: 'gate-1', role: null, tenantType: 'school', tenantId: 's1', action: 'device.call', target: 'POST /api/device/gate', result: 'failed' }));
    const get = async (query: string) => {
      const r = await app.inject({ url: `/api/audit?${query}`, headers: admin });
      expect(r.statusCode, r.body).toBe(200);
      return r.json<{ items: ApiEntry[]; nextCursor: string | null }>();
    };

    // Paging: 2 + 2 + 1, newest first, no entry twice.
    const seen: string[] = [];
    let cursor: string | null = '';
    let pages = 0;
    while (cursor !== null) {
      const page = await get(`action=test.paging&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((e) => e.target));
      cursor = page.nextCursor;
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual([4, 3, 2, 1, 0].map((i) => `POST /api/test/items/:id id=item-${i}`));

    const first = (await get('action=test.paging&limit=1')).items[0]!;
    expect(first).toMatchObject({ actorKind: 'user', actorId: adminId, actorName: '系统管理员', role: 'operator', roleTitle: '运营商管理员', channel: 'web' });
    expect((await get('channel=cli')).items).toMatchObject([{ action: 'demo.load', actorId: 'ops', actorName: null }]);
    expect((await get('result=failed&tenantType=school&tenantId=s1')).items).toMatchObject([{ action: 'device.call', actorId: 'gate-1' }]);
    expect((await get('q=ITEM-3')).items.map((e) => e.target)).toEqual(['POST /api/test/items/:id id=item-3']);
    expect((await get('q=50%25')).items).toEqual([]);
    expect((await get('actor=ops')).items).toHaveLength(1);
    // An operator's "who" is a login; the log is searched by the id behind it.
    expect((await get('actor=admin&action=test.paging')).items).toHaveLength(5);
    expect((await get(`actorId=${adminId}&action=test.paging`)).items).toHaveLength(5);
    const from = new Date(base + 2000).toISOString();
    const to = new Date(base + 4000).toISOString();
    expect((await get(`action=test.paging&from=${from}&to=${to}`)).items.map((e) => e.target)).toEqual(['POST /api/test/items/:id id=item-2', 'POST /api/test/items/:id id=item-1']);
    expect((await app.inject({ url: '/api/audit?channel=fax', headers: admin })).statusCode).toBe(400);
  });

  it('only operators may read the log', async () => {
    for (const headers of [teacher, schoolAdmin]) {
      const r = await app.inject({ url: '/api/audit', headers });
      expect(r.statusCode).toBe(403);
      expect(r.json()).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect((await app.inject({ url: '/api/audit' })).statusCode).toBe(401);
  });
});
