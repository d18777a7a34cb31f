/**
 * SMS-code log-in, lockout and forgotten password at the HTTP edge, on both databases, with
 * codes read from the simulated phone (as a person would read them).
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { SimGateway } from '../../server/src/adapters/sms';
import { buildHttp } from '../../server/src/http/server';
import type { Http } from '../../server/src/http/types';
import { createTestContext } from '../helpers/context';
import { describeEachDatabase } from '../helpers/db';

const PHONE = '13900001111';

describeEachDatabase('SMS-code log-in over HTTP', (t) => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let app: Http;
  let sim: SimGateway;

  beforeEach(async () => {
    ctx = await createTestContext(t().database);
    await ctx.messaging.start({ dispatcher: false });
    sim = ctx.smsSim!;
    await ctx.identity.createUser({ login: 'wang', name: '王老师', phone: PHONE, password: 'Teacher-pass-2026', roles: [{ role: 'teacher', tenantType: 'class', tenantId: 'c1' }] });
    app = await buildHttp(ctx, { consoleDir: null });
    await app.ready();
  });
  afterEach(async () => {
    await app.close();
  });

  const post = (url: string, payload: object) => app.inject({ method: 'POST', url, payload });
  /** The last code the phone received. */
  const lastCode = async (phone = PHONE) => {
    await ctx.messaging.dispatchDue();
    const texts = sim.received.filter((p) => p.to === phone).map((p) => p.text);
    return /(\d{6})/.exec(texts.at(-1) ?? '')?.[1];
  };

  it('logs in with the code from the SMS, once; the SMS carries no password', async () => {
    const asked = await post('/api/auth/sms-code', { phone: PHONE, purpose: 'login' });
    expect(asked.statusCode).toBe(200);
    expect(asked.json()).toMatchObject({ resendAfterSeconds: 60 });
    const code = await lastCode();
    expect(code).toMatch(/^\d{6}$/);
    expect(sim.received.at(-1)?.text).toMatch(/^【一卡通】您的登录验证码是 \d{6}，5 分钟内有效/);
    expect(sim.received.at(-1)?.text).not.toContain('Teacher-pass-2026');

    const ok = await post('/api/auth/login-sms', { phone: PHONE, code: code! });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ user: { login: 'wang', name: '王老师' } });
    const cookie = ok.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(200);
    // Used once.
    expect((await post('/api/auth/login-sms', { phone: PHONE, code: code! })).json()).toMatchObject({ code: 'AUTH_INVALID_CODE' });
    expect((await ctx.messaging.searchMessages({ to: PHONE })).items[0]).toMatchObject({ class: 'verification', service: 'login' });
  });

  it('limits codes per number, answers the same for an unknown number and sends it nothing', async () => {
    expect((await post('/api/auth/sms-code', { phone: PHONE, purpose: 'login' })).statusCode).toBe(200);
    const again = await post('/api/auth/sms-code', { phone: PHONE, purpose: 'login' });
    expect(again.statusCode).toBe(429);
    expect(again.json()).toMatchObject({ code: 'AUTH_CODE_TOO_FREQUENT', details: { retryAfterSeconds: 60 } });
    expect(again.json<{ message: string }>().message).toContain('每分钟只能获取 1 次');
    ctx.clock.advance(61_000);
    expect((await post('/api/auth/sms-code', { phone: PHONE, purpose: 'login' })).statusCode).toBe(200);

    const stranger = await post('/api/auth/sms-code', { phone: '13900002222', purpose: 'login' });
    expect(stranger.statusCode).toBe(200);
    await ctx.messaging.dispatchDue();
    expect(sim.received.filter((p) => p.to === '13900002222')).toHaveLength(0);

    for (const [body, code] of [
      [{ phone: '1390000111', purpose: 'login' }, 'VALIDATION_FAILED'],
      [{ phone: '23900001111', purpose: 'login' }, 'AUTH_PHONE_INVALID'],
      [{ phone: PHONE, purpose: 'spam' }, 'VALIDATION_FAILED'],
    ] as const) {
      const r = await post('/api/auth/sms-code', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json()).toMatchObject({ code });
    }
  });

  it('five wrong codes lock the number for 15 minutes, with the time shown; five wrong passwords lock the login', async () => {
    await post('/api/auth/sms-code', { phone: PHONE, purpose: 'login' });
    const code = (await lastCode())!;
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 1; i <= 4; i++) {
      expect((await post('/api/auth/login-sms', { phone: PHONE, code: wrong })).json()).toMatchObject({ code: 'AUTH_INVALID_CODE' });
    }
    const fifth = await post('/api/auth/login-sms', { phone: PHONE, code: wrong });
    expect(fifth.statusCode).toBe(429);
    expect(fifth.json<{ message: string }>().message).toMatch(/已锁定至 \d{2}:\d{2}（约 15 分钟后可重试）/);
    // Even the right code waits for the lock to end.
    expect((await post('/api/auth/login-sms', { phone: PHONE, code })).json()).toMatchObject({ code: 'AUTH_LOCKED' });
    ctx.clock.advance(15 * 60_000 + 1000);
    expect((await post('/api/auth/login-sms', { phone: PHONE, code })).json()).toMatchObject({ code: 'AUTH_INVALID_CODE' }); // expired meanwhile (5 min)

    for (let i = 1; i <= 4; i++) {
      expect((await post('/api/auth/login', { login: 'wang', password: 'Wrong-pass-1' })).json()).toMatchObject({ code: 'AUTH_INVALID_CREDENTIALS' });
    }
    expect((await post('/api/auth/login', { login: 'wang', password: 'Wrong-pass-1' })).json()).toMatchObject({ code: 'AUTH_LOCKED' });
    expect((await post('/api/auth/login', { login: 'wang', password: 'Teacher-pass-2026' })).json()).toMatchObject({ code: 'AUTH_LOCKED' });
    ctx.clock.advance(15 * 60_000 + 1000);
    expect((await post('/api/auth/login', { login: 'wang', password: 'Teacher-pass-2026' })).statusCode).toBe(200);
  });

  it('resets a forgotten password with a reset code; the old password and sessions stop working', async () => {
    const before = await post('/api/auth/login', { login: 'wang', password: 'Teacher-pass-2026' });
    const cookie = before.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    await post('/api/auth/sms-code', { phone: PHONE, purpose: 'reset' });
    const code = (await lastCode())!;
    expect(sim.received.at(-1)?.text).toContain('重置一卡通登录密码');
    expect((await post('/api/auth/reset-password', { phone: PHONE, code, password: 'short' })).json()).toMatchObject({ code: 'PASSWORD_TOO_WEAK' });
    // A login code does not reset a password.
    expect((await post('/api/auth/reset-password', { phone: PHONE, code: '12345x', password: 'New-teacher-pass-1' })).json()).toMatchObject({ code: 'AUTH_INVALID_CODE' });
    const done = await post('/api/auth/reset-password', { phone: PHONE, code, password: 'New-teacher-pass-1' });
    expect(done.json()).toEqual({ sessionsEnded: 1 });
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
    expect((await post('/api/auth/login', { login: 'wang', password: 'Teacher-pass-2026' })).statusCode).toBe(401);
    expect((await post('/api/auth/login', { login: 'wang', password: 'New-teacher-pass-1' })).statusCode).toBe(200);
  });
});
