/**
 * My account over HTTP, on both databases: session ids rotate at log-in, CSRF refusals write
 * nothing, idle and absolute expiry on the test clock, password change, devices (sessions),
 * log out everywhere, API tokens as bearers, and phone numbers (operator and own, with the
 * code read from the simulated phone).
 */
import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { SimGateway } from '../../server/src/adapters/sms';
import { buildHttp } from '../../server/src/http/server';
import type { Http } from '../../server/src/http/types';
import { DAY, HOUR, MINUTE } from '../../server/src/platform/clock';
import { createTestContext } from '../helpers/context';
import { describeEachDatabase } from '../helpers/db';

const WANG_PHONE = '13900001111';
const WANG_PASSWORD = 'Teacher-pass-2026';
const LI_PHONE = '13900003333';

type Login = { cookie: string; csrf: string; token: string };

describeEachDatabase('my account over HTTP', (t) => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let app: Http;
  let sim: SimGateway;
  let admin: { login: string; password: string };
  let wangId: string;

  beforeEach(async () => {
    ctx = await createTestContext(t().database);
    await ctx.messaging.start({ dispatcher: false });
    sim = ctx.smsSim!;
    const a = await ctx.identity.ensureFirstAdmin();
    admin = { login: a!.user.login, password: a!.password };
    const wang = await ctx.identity.createUser({ login: 'wang', name: '王老师', phone: WANG_PHONE, password: WANG_PASSWORD, roles: [{ role: 'teacher', tenantType: 'class', tenantId: 'c1' }] });
    wangId = wang.user.id;
    await ctx.identity.createUser({ login: 'lilaoshi', name: '李老师', phone: LI_PHONE, password: 'Li-teacher-2026', roles: [{ role: 'teacher', tenantType: 'class', tenantId: 'c2' }] });
    app = await buildHttp(ctx, { consoleDir: null });
    await app.ready();
  });
  afterEach(async () => {
    await app.close();
  });

  const db = () => t().database.db;

  async function logIn(login: string, password: string, headers: Record<string, string> = {}): Promise<Login> {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login, password }, headers });
    expect(res.statusCode, res.body).toBe(200);
    const token = res.cookies.find((c) => c.name === 'yk_session')!.value;
    return { cookie: res.cookies.map((c) => `${c.name}=${c.value}`).join('; '), csrf: res.json<{ csrfToken: string }>().csrfToken, token };
  }
  const asWang = (headers: Record<string, string> = {}) => logIn('wang', WANG_PASSWORD, headers);
  const asAdmin = () => logIn(admin.login, admin.password);

  const get = (url: string, s: Login) => app.inject({ url, headers: { cookie: s.cookie } });
  const send = (method: 'POST' | 'PUT' | 'DELETE', url: string, s: Login, payload?: object) =>
    app.inject({ method, url, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, ...(payload ? { payload } : {}) });
  const bearer = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, token: string, payload?: object) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
  const me = async (s: Login) => (await get('/api/auth/me', s)).statusCode;

  const liveSessions = async (userId: string) =>
    Number((await sql<{ n: number }>`select count(*) as n from sessions where user_id = ${userId} and revoked_at is null`.execute(db())).rows[0]!.n);
  const phoneOf = async (login: string) => (await sql<{ phone: string | null }>`select phone from users where login = ${login}`.execute(db())).rows[0]!.phone;
  const tokenCount = async () => Number((await sql<{ n: number }>`select count(*) as n from api_tokens`.execute(db())).rows[0]!.n);
  /** The last code a phone received, as a person would read it. */
  const lastCode = async (phone: string) => {
    await ctx.messaging.dispatchDue();
    const texts = sim.received.filter((p) => p.to === phone).map((p) => p.text);
    return { code: /(\d{6})/.exec(texts.at(-1) ?? '')?.[1], text: texts.at(-1), count: texts.length };
  };

  it('issues a new session id at every log-in, even over an old cookie; a logged-out cookie stops working', async () => {
    const first = await asWang();
    const second = await asWang({ cookie: first.cookie });
    expect(second.token).not.toBe(first.token);
    expect(second.csrf).not.toBe(first.csrf);
    expect(await me(first)).toBe(200);
    expect(await me(second)).toBe(200);
    // Only hashes are stored: no row holds the cookie's token.
    const stored = await sql<{ id_hash: string }>`select id_hash from sessions`.execute(db());
    expect(stored.rows.map((r) => r.id_hash)).not.toContain(second.token);

    expect((await send('POST', '/api/auth/logout', second)).statusCode).toBe(200);
    const after = await get('/api/auth/me', second);
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ code: 'AUTH_REQUIRED' });
    expect(await me(first)).toBe(200);
  });

  it('refuses a state change that rides on the cookie without its own CSRF token, and writes nothing', async () => {
    const wang = await asWang();
    const other = await asWang();
    const op = await asAdmin();
    const sessions = (await get('/api/auth/sessions', wang)).json<{ items: { id: string; current: boolean }[] }>().items;
    const otherId = sessions.find((s) => !s.current)!.id;
    const attempts: [string, string, Login, object | undefined][] = [
      ['POST', '/api/auth/password', wang, { currentPassword: WANG_PASSWORD, newPassword: 'Brand-new-pass-1' }],
      ['POST', '/api/auth/tokens', wang, { name: '脚本', days: 30 }],
      ['POST', '/api/auth/logout-all', wang, undefined],
      ['DELETE', `/api/auth/sessions/${otherId}`, wang, undefined],
      ['POST', '/api/auth/phone/code', wang, { phone: '13900005555' }],
      ['PUT', `/api/users/${wangId}/phone`, op, { phone: '13900006666' }],
    ];
    for (const [method, url, s, payload] of attempts) {
      for (const csrf of [undefined, 'wrong-token', s === op ? wang.csrf : other.csrf, '']) {
        const headers: Record<string, string> = { cookie: s.cookie };
        if (csrf !== undefined) {
          headers['x-csrf-token'] = csrf;
        }
        const res = await app.inject({ method: method as 'POST', url, headers, ...(payload ? { payload } : {}) });
        expect(res.statusCode, `${method} ${url} csrf=${csrf}`).toBe(403);
        expect(res.json()).toMatchObject({ code: 'CSRF_INVALID', message: '页面已过期，请刷新后重试' });
      }
    }
    // Nothing happened: same password, no token, every session alive, no SMS, same phone.
    expect(await liveSessions(wangId)).toBe(2);
    expect(await me(wang)).toBe(200);
    expect(await me(other)).toBe(200);
    expect(await tokenCount()).toBe(0);
    expect(await phoneOf('wang')).toBe(WANG_PHONE);
    expect((await lastCode('13900005555')).count).toBe(0);
    expect((await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'wang', password: WANG_PASSWORD } })).statusCode).toBe(200);
    // A read needs no CSRF token.
    expect((await get('/api/auth/tokens', wang)).statusCode).toBe(200);
  });

  it('ends a session after 2 hours idle, and 12 hours after log-in however busy', async () => {
    const idle = await asWang();
    ctx.clock.advance(2 * HOUR - MINUTE);
    expect(await me(idle)).toBe(200); // seen again: the idle clock restarts
    ctx.clock.advance(2 * HOUR - MINUTE);
    expect(await me(idle)).toBe(200);
    ctx.clock.advance(2 * HOUR + 1);
    expect(await me(idle)).toBe(401);

    const busy = await asWang();
    for (let i = 0; i < 11; i++) {
      ctx.clock.advance(HOUR);
      expect(await me(busy), `hour ${i + 1}`).toBe(200);
    }
    const listed = (await get('/api/auth/sessions', busy)).json<{ items: { current: boolean; expiresAt: string }[] }>().items;
    expect(listed).toHaveLength(1);
    // It would end at 12 h after log-in, before its idle limit.
    expect(Date.parse(listed[0]!.expiresAt)).toBe(ctx.clock.now() + HOUR);
    ctx.clock.advance(HOUR - 1);
    expect(await me(busy)).toBe(200);
    ctx.clock.advance(1);
    expect(await me(busy)).toBe(401);
  });

  it('changes the password with the current one: a wrong one counts toward the lockout; other sessions end, this one stays', async () => {
    const here = await asWang();
    const there = await asWang();
    const change = (body: object) => send('POST', '/api/auth/password', here, body);

    for (const [body, code] of [
      [{ currentPassword: WANG_PASSWORD, newPassword: 'short1' }, 'PASSWORD_TOO_WEAK'],
      [{ currentPassword: WANG_PASSWORD, newPassword: 'onlyletterslong' }, 'PASSWORD_TOO_WEAK'],
      [{ currentPassword: WANG_PASSWORD }, 'VALIDATION_FAILED'],
      [{ currentPassword: WANG_PASSWORD, newPassword: 'Brand-new-pass-1', role: 'operator' }, 'VALIDATION_FAILED'],
      [{ currentPassword: WANG_PASSWORD, newPassword: WANG_PASSWORD }, 'PASSWORD_UNCHANGED'],
    ] as const) {
      const res = await change(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json()).toMatchObject({ code });
    }

    for (let i = 1; i <= 4; i++) {
      const wrong = await change({ currentPassword: 'Not-my-pass-1', newPassword: 'Brand-new-pass-1' });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json()).toMatchObject({ code: 'PASSWORD_CURRENT_WRONG', message: '当前密码不正确' });
    }
    const fifth = await change({ currentPassword: 'Not-my-pass-1', newPassword: 'Brand-new-pass-1' });
    expect(fifth.statusCode).toBe(429);
    expect(fifth.json()).toMatchObject({ code: 'AUTH_LOCKED' });
    // The same lock as at log-in: the right password waits too, here and on the log-in page.
    expect((await change({ currentPassword: WANG_PASSWORD, newPassword: 'Brand-new-pass-1' })).json()).toMatchObject({ code: 'AUTH_LOCKED' });
    expect((await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'wang', password: WANG_PASSWORD } })).json()).toMatchObject({ code: 'AUTH_LOCKED' });
    expect(await me(here)).toBe(200); // a lock does not end sessions
    ctx.clock.advance(15 * MINUTE + 1000);

    const done = await change({ currentPassword: WANG_PASSWORD, newPassword: 'Brand-new-pass-1' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toEqual({ sessionsEnded: 1 });
    expect(await me(here)).toBe(200);
    expect(await me(there)).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'wang', password: WANG_PASSWORD } })).statusCode).toBe(401);
    await logIn('wang', 'Brand-new-pass-1');
  });

  it('logs out everywhere, this device included, and clears the cookies; API tokens stay', async () => {
    const here = await asWang();
    const there = await asWang();
    const token = (await send('POST', '/api/auth/tokens', here, { name: '课表同步', days: 7 })).json<{ token: string }>().token;
    const res = await send('POST', '/api/auth/logout-all', here);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ sessionsEnded: 2 });
    const cleared = res.cookies.find((c) => c.name === 'yk_session');
    expect(cleared?.value).toBe('');
    expect(await me(here)).toBe(401);
    expect(await me(there)).toBe(401);
    expect(await liveSessions(wangId)).toBe(0);
    expect((await bearer('GET', '/api/auth/me', token)).json()).toMatchObject({ user: { login: 'wang' }, csrfToken: '' });
  });

  it("lists one's own devices and ends one; another user's session cannot be ended", async () => {
    const phone = await asWang({ 'user-agent': 'Mozilla/5.0 (iPhone) 手机' });
    const desk = await asWang({ 'user-agent': 'Mozilla/5.0 (Windows NT 10.0) 电脑' });
    const op = await asAdmin();
    ctx.clock.advance(5 * MINUTE);
    expect(await me(desk)).toBe(200);

    const listed = (await get('/api/auth/sessions', phone)).json<{ items: { id: string; current: boolean; userAgent: string; ip: string; lastSeenAt: string }[] }>().items;
    expect(listed).toHaveLength(2);
    // This device first, then the others, most recently used first.
    expect(listed.map((s) => [s.userAgent, s.current])).toEqual([
      ['Mozilla/5.0 (iPhone) 手机', true],
      ['Mozilla/5.0 (Windows NT 10.0) 电脑', false],
    ]);
    for (const s of listed) {
      expect(s.id).toMatch(/^[0-9a-f]{16}$/);
      expect(s.ip).toBe('127.0.0.1');
    }
    expect(JSON.stringify(listed)).not.toContain(phone.token);
    const [phoneId, deskId] = [listed[0]!.id, listed[1]!.id];

    // Someone else's session: as if it did not exist.
    const foreign = await send('DELETE', `/api/auth/sessions/${phoneId}`, op);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toMatchObject({ code: 'SESSION_NOT_FOUND' });
    expect(await me(phone)).toBe(200);
    expect((await send('DELETE', '/api/auth/sessions/not-an-id', phone)).json()).toMatchObject({ code: 'VALIDATION_FAILED' });

    const ended = await send('DELETE', `/api/auth/sessions/${deskId}`, phone);
    expect(ended.json()).toEqual({ ok: true, current: false });
    expect(await me(desk)).toBe(401);
    expect(await me(phone)).toBe(200);
    expect((await send('DELETE', `/api/auth/sessions/${deskId}`, phone)).statusCode).toBe(404);

    const self = await send('DELETE', `/api/auth/sessions/${phoneId}`, phone);
    expect(self.json()).toEqual({ ok: true, current: true });
    expect(self.cookies.find((c) => c.name === 'yk_session')?.value).toBe('');
    expect(await me(phone)).toBe(401);
    expect(await me(op)).toBe(200);
  });

  it('creates an API token shown once, used as a bearer on operator routes without CSRF; revoked, expired or garbage tokens get 401', async () => {
    const op = await asAdmin();
    const created = await send('POST', '/api/auth/tokens', op, { name: '  对账脚本 ', days: 30 });
    expect(created.statusCode, created.body).toBe(200);
    const { token, item } = created.json<{ token: string; item: { id: string; name: string; prefix: string; expiresAt: string; lastUsedAt: null; status: string } }>();
    expect(token).toMatch(/^ykt_[A-Za-z0-9_-]{43}$/);
    expect(item).toMatchObject({ name: '对账脚本', prefix: token.slice(0, 12), lastUsedAt: null, status: 'active' });
    expect(Date.parse(item.expiresAt)).toBe(ctx.clock.now() + 30 * DAY);

    // A bearer acts with the user's roles: operator routes, reads and writes, no CSRF token.
    const jobs = await bearer('GET', '/api/admin/jobs', token);
    expect(jobs.statusCode).toBe(200);
    const put = await bearer('PUT', `/api/users/${wangId}/phone`, token, { phone: '13900002222' });
    expect(put.statusCode, put.body).toBe(200);
    expect(await phoneOf('wang')).toBe('13900002222');
    // It cannot manage the account: no new tokens, no password change, no sessions.
    for (const [method, url, payload] of [
      ['POST', '/api/auth/tokens', { name: '再来一个', days: 365 }],
      ['POST', '/api/auth/password', { currentPassword: admin.password, newPassword: 'Brand-new-pass-1' }],
      ['GET', '/api/auth/sessions', undefined],
      ['POST', '/api/auth/logout-all', undefined],
    ] as const) {
      const res = await bearer(method, url, token, payload);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json()).toMatchObject({ code: 'AUTH_SESSION_REQUIRED' });
    }
    expect(await tokenCount()).toBe(1);

    // Never shown again: not in the list, not in the table.
    const list = await get('/api/auth/tokens', op);
    expect(list.json()).toMatchObject({ items: [{ id: item.id, name: '对账脚本', prefix: token.slice(0, 12), status: 'active' }] });
    expect(list.body).not.toContain(token);
    const row = (await sql<Record<string, unknown>>`select * from api_tokens`.execute(db())).rows[0]!;
    expect(JSON.stringify(row)).not.toContain(token);

    // last_used_at: written at most once a minute.
    const usedAt = async () => Number((await sql<{ t: number }>`select last_used_at as t from api_tokens where id = ${item.id}`.execute(db())).rows[0]!.t);
    const first = await usedAt();
    expect(first).toBe(ctx.clock.now());
    ctx.clock.advance(30_000);
    await bearer('GET', '/api/admin/jobs', token);
    expect(await usedAt()).toBe(first);
    ctx.clock.advance(31_000);
    await bearer('GET', '/api/admin/jobs', token);
    expect(await usedAt()).toBe(ctx.clock.now());

    // A teacher's token is a teacher: 403 on operator routes.
    const wang = await asWang();
    const wangToken = (await send('POST', '/api/auth/tokens', wang, { name: '成绩导出', days: 1 })).json<{ token: string; item: { id: string } }>();
    expect((await bearer('GET', '/api/admin/jobs', wangToken.token)).statusCode).toBe(403);
    expect((await bearer('GET', '/api/auth/me', wangToken.token)).json()).toMatchObject({ user: { login: 'wang' } });
    // Nobody revokes another's token.
    expect((await send('DELETE', `/api/auth/tokens/${wangToken.item.id}`, op)).statusCode).toBe(404);
    expect((await bearer('GET', '/api/auth/me', wangToken.token)).statusCode).toBe(200);

    // Revoked.
    expect((await send('DELETE', `/api/auth/tokens/${item.id}`, op)).json()).toEqual({ ok: true });
    const revoked = await bearer('GET', '/api/admin/jobs', token);
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json()).toMatchObject({ code: 'AUTH_REQUIRED', message: '访问令牌无效或已过期' });
    expect((await send('DELETE', `/api/auth/tokens/${item.id}`, op)).statusCode).toBe(404);
    expect((await get('/api/auth/tokens', op)).json()).toEqual({ items: [] });

    // Expired (1 day), still listed as expired for a while.
    ctx.clock.advance(DAY);
    expect((await bearer('GET', '/api/auth/me', wangToken.token)).statusCode).toBe(401);
    const wang2 = await asWang();
    expect((await get('/api/auth/tokens', wang2)).json()).toMatchObject({ items: [{ id: wangToken.item.id, status: 'expired' }] });

    // A disabled user's token stops working.
    const live = (await send('POST', '/api/auth/tokens', wang2, { name: '新令牌', days: 365 })).json<{ token: string }>().token;
    expect((await bearer('GET', '/api/auth/me', live)).statusCode).toBe(200);
    await sql`update users set status = 'disabled' where id = ${wangId}`.execute(db());
    expect((await bearer('GET', '/api/auth/me', live)).statusCode).toBe(401);

    // Garbage, even beside a good cookie.
    for (const header of ['Bearer nonsense', `Bearer ykt_${'A'.repeat(43)}`, 'Bearer ', 'Bearer ykt_', `Bearer ${token}x`]) {
      const res = await app.inject({ url: '/api/admin/jobs', headers: { authorization: header, cookie: op.cookie } });
      expect(res.statusCode, header).toBe(401);
    }
  });

  it('answers bad token requests with 400 and writes nothing', async () => {
    const op = await asAdmin();
    for (const [body, code] of [
      [{ name: '脚本', days: 0 }, 'VALIDATION_FAILED'],
      [{ name: '脚本', days: 366 }, 'VALIDATION_FAILED'],
      [{ name: '脚本', days: 1.5 }, 'VALIDATION_FAILED'],
      [{ name: '脚本', days: '30' }, 'VALIDATION_FAILED'],
      [{ name: '', days: 30 }, 'VALIDATION_FAILED'],
      [{ name: '   ', days: 30 }, 'TOKEN_INVALID'],
      [{ name: '名'.repeat(41), days: 30 }, 'VALIDATION_FAILED'],
      [{ name: '脚本' }, 'VALIDATION_FAILED'],
      [{ name: '脚本', days: 30, userId: 'someone' }, 'VALIDATION_FAILED'],
    ] as const) {
      const res = await send('POST', '/api/auth/tokens', op, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json()).toMatchObject({ code });
    }
    expect((await send('POST', '/api/auth/tokens', op, { name: '脚本', days: 366 })).json<{ message: string }>().message).toContain('days');
    expect(await tokenCount()).toBe(0);
    expect((await send('DELETE', `/api/auth/tokens/${'x'.repeat(65)}`, op)).statusCode).toBe(400);
  });

  it("lets an operator set a user's phone: normalised, one number one user; others get 403; bad numbers 400; nothing written", async () => {
    const op = await asAdmin();
    const set = (userId: string, payload: object, s: Login = op) => send('PUT', `/api/users/${userId}/phone`, s, payload);
    const ok = await set(wangId, { phone: '+86 139-0000-2222' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ id: wangId, login: 'wang', name: '王老师', phone: '13900002222' });
    expect((await set(wangId, { phone: '13900002222' })).statusCode).toBe(200); // the same again is fine

    const taken = await set(wangId, { phone: LI_PHONE });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'USER_PHONE_TAKEN', message: '该手机号已被其他用户使用', details: { login: 'lilaoshi' } });

    const wang = await asWang();
    const denied = await set(wangId, { phone: '13900007777' }, wang);
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toMatchObject({ code: 'FORBIDDEN' });

    for (const [payload, code] of [
      [{ phone: '12345' }, 'USER_INVALID'],
      [{ phone: '23900001111' }, 'USER_INVALID'],
      [{ phone: '' }, 'VALIDATION_FAILED'],
      [{}, 'VALIDATION_FAILED'],
      [{ phone: 13900007777 }, 'VALIDATION_FAILED'],
      [{ phone: '13900007777', name: 'x' }, 'VALIDATION_FAILED'],
    ] as const) {
      const res = await set(wangId, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json()).toMatchObject({ code });
    }
    expect((await set(wangId, { phone: '12345' })).json<{ message: string }>().message).toBe('手机号应为 11 位中国大陆手机号');
    expect((await set('no-such-user', { phone: '13900007777' })).statusCode).toBe(404);
    expect(await phoneOf('wang')).toBe('13900002222');
    expect(await phoneOf('lilaoshi')).toBe(LI_PHONE);
    // Creating a user with a number in use is refused the same way.
    await expect(ctx.identity.createUser({ login: 'zhao', name: '赵老师', phone: LI_PHONE, roles: [{ role: 'teacher', tenantType: 'class', tenantId: 'c3' }] })).rejects.toMatchObject({ code: 'USER_PHONE_TAKEN' });
  });

  it("changes one's own phone with the code sent to the new number", async () => {
    const NEW = '13900004444';
    const wang = await asWang();
    const ask = (phone: string, s: Login = wang) => send('POST', '/api/auth/phone/code', s, { phone });
    const confirm = (phone: string, code: string, s: Login = wang) => send('POST', '/api/auth/phone', s, { phone, code });

    expect((await ask(WANG_PHONE)).json()).toMatchObject({ code: 'PHONE_UNCHANGED' });
    const taken = await ask(LI_PHONE);
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toEqual({ code: 'USER_PHONE_TAKEN', message: '该手机号已被其他用户使用', details: {} });
    expect((await ask('12345678901')).json()).toMatchObject({ code: 'AUTH_PHONE_INVALID' });
    expect((await ask('1390000')).statusCode).toBe(400);
    expect((await lastCode(LI_PHONE)).count).toBe(0);

    const asked = await ask(`+86 ${NEW}`);
    expect(asked.statusCode, asked.body).toBe(200);
    expect(asked.json()).toMatchObject({ resendAfterSeconds: 60 });
    const sms = await lastCode(NEW);
    expect(sms.text).toMatch(/^【一卡通】您正在将本号码设为一卡通账号的手机号，验证码 \d{6}，5 分钟内有效/);
    const code = sms.code!;
    expect((await ask(NEW)).statusCode).toBe(429); // once a minute per number

    const wrong = code === '000000' ? '111111' : '000000';
    const bad = await confirm(NEW, wrong);
    expect(bad.statusCode).toBe(401);
    expect(bad.json()).toMatchObject({ code: 'AUTH_INVALID_CODE' });
    // The code is Wang's: someone else cannot use it for their own account.
    const li = await logIn('lilaoshi', 'Li-teacher-2026');
    expect((await confirm(NEW, code, li)).json()).toMatchObject({ code: 'AUTH_INVALID_CODE' });
    expect(await phoneOf('wang')).toBe(WANG_PHONE);
    expect(await phoneOf('lilaoshi')).toBe(LI_PHONE);

    const done = await confirm(NEW, code);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toEqual({ phone: NEW });
    expect((await get('/api/auth/account', wang)).json()).toEqual({
      id: wangId,
      login: 'wang',
      name: '王老师',
      phone: NEW,
      roles: [{ role: 'teacher', title: '教师', tenantType: 'class', tenantId: 'c1' }],
    });
    expect((await confirm(NEW, code)).json()).toMatchObject({ code: 'AUTH_INVALID_CODE' }); // used once

    // The new number logs in by SMS; the old one belongs to nobody now.
    ctx.clock.advance(61_000);
    expect((await app.inject({ method: 'POST', url: '/api/auth/sms-code', payload: { phone: NEW, purpose: 'login' } })).statusCode).toBe(200);
    const loginCode = (await lastCode(NEW)).code!;
    const viaSms = await app.inject({ method: 'POST', url: '/api/auth/login-sms', payload: { phone: NEW, code: loginCode } });
    expect(viaSms.json()).toMatchObject({ user: { login: 'wang' } });
    await app.inject({ method: 'POST', url: '/api/auth/sms-code', payload: { phone: WANG_PHONE, purpose: 'login' } });
    expect((await lastCode(WANG_PHONE)).count).toBe(0);
  });
});
