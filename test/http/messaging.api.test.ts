/** SMS at the HTTP edge: send, search, life, bulk report and resend, opt-outs, the simulator; bad input writes nothing. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createWorker } from '../../server/src/app';
import type { AppContext } from '../../server/src/context';
import { buildHttp } from '../../server/src/http/server';
import type { Http } from '../../server/src/http/types';
import { createTestContext } from '../helpers/context';
import { countRows, describeEachDatabase } from '../helpers/db';

describeEachDatabase('SMS over HTTP', (t) => {
  let ctx: AppContext;
  let app: Http;
  let headers: Record<string, string>;
  let settle: () => Promise<void>;

  beforeEach(async () => {
    ctx = await createTestContext(t().database);
    await ctx.messaging.start({ dispatcher: false });
    const admin = await ctx.identity.ensureFirstAdmin();
    app = await buildHttp(ctx, { consoleDir: null });
    await app.ready();
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'admin', password: admin!.password } });
    headers = { cookie: login.cookies.map((c) => `${c.name}=${c.value}`).join('; '), 'x-csrf-token': login.json<{ csrfToken: string }>().csrfToken };
    const worker = createWorker(ctx);
    settle = async () => {
      for (let i = 0; i < 5; i++) {
        await ctx.messaging.dispatchDue();
        await worker.drain();
        await ctx.messaging.dispatchDue();
        await ctx.smsSim!.flush();
      }
    };
  });
  afterEach(async () => {
    await app.close();
  });

  const post = (url: string, payload: unknown) => app.inject({ method: 'POST', url, payload: payload as object, headers });
  const get = (url: string) => app.inject({ url, headers });
  const rows = async (table: string) => countRows(ctx.database.db, table);

  it('sends, finds and shows one message\'s life; a repeated key is a replay', async () => {
    const r = await post('/api/sms/messages', { to: '13800138000', text: '明天上午九点开学典礼', key: 'k1' });
    expect(r.statusCode).toBe(200);
    const { message } = r.json<{ message: { id: string; status: string } }>();
    expect(message.status).toBe('queued');
    expect((await post('/api/sms/messages', { to: '13800138000', text: '明天上午九点开学典礼', key: 'k1' })).json()).toMatchObject({ replay: true, message: { id: message.id } });
    await settle();
    expect((await get('/api/sms/messages?to=13800138000')).json()).toMatchObject({ total: 1, items: [{ id: message.id, status: 'delivered' }] });
    const life: unknown = (await get(`/api/sms/messages/${message.id}`)).json();
    expect(life).toMatchObject({ serviceTitle: '平台通知', message: { text: '【一卡通】明天上午九点开学典礼' }, parts: [{ seq: 1, status: 'delivered', reportStat: 'DELIVRD' }] });
    expect((await get('/api/sms/messages/nope')).statusCode).toBe(404);
    // A verification code is never shown to operators.
    await ctx.messaging.send({ to: '13800138009', text: '您的登录验证码是 482913，5 分钟内有效。', class: 'verification', service: 'login', key: 'code-1' });
    expect((await get('/api/sms/messages?to=13800138009')).json()).toMatchObject({ items: [{ text: '【一卡通】您的登录验证码是 ******，5 分钟内有效。' }] });
  });

  it('bad input: 4xx with a stable code, nothing written', async () => {
    const cases: [unknown, number, string][] = [
      [{ to: '12345', text: 'x', key: 'a' }, 400, 'SMS_INVALID_NUMBER'],
      [{ to: '13800138000', text: '', key: 'b' }, 400, 'VALIDATION_FAILED'],
      [{ to: '13800138000', text: '   ', key: 'c' }, 400, 'SMS_EMPTY'],
      [{ to: '13800138000', text: '长'.repeat(400), key: 'd' }, 400, 'SMS_TOO_LONG'],
      [{ to: '13800138000', text: 'x', key: 'e', class: 'spam' }, 400, 'VALIDATION_FAILED'],
      [{ to: '13800138000', text: 'x', key: 'f', extra: 1 }, 400, 'VALIDATION_FAILED'],
      [{ to: 13800138000, text: 'x', key: 'g' }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [body, status, code] of cases) {
      const r = await post('/api/sms/messages', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(status);
      expect(r.json(), JSON.stringify(body)).toMatchObject({ code });
    }
    const bulk = await post('/api/sms/bulks', { text: '通知', recipients: ['13800138000', '138001380'], key: 'b1' });
    expect(bulk.statusCode).toBe(400);
    expect(bulk.json()).toMatchObject({ code: 'SMS_INVALID_REQUEST', details: { invalidCount: 1 } });
    const malformed = await app.inject({ method: 'POST', url: '/api/sms/messages', payload: '{"to":', headers: { ...headers, 'content-type': 'application/json' } });
    expect(malformed.statusCode).toBe(400);
    expect(await rows('sms_messages')).toBe(0);
    expect(await rows('sms_bulks')).toBe(0);
    expect((await post('/api/sms/optouts', { msisdn: '1380013800x', service: '*' })).json()).toMatchObject({ code: 'SMS_INVALID_NUMBER' });
    expect(await rows('sms_optouts')).toBe(0);
  });

  it('bulk report and "resend the failed ones"', async () => {
    const r = await post('/api/sms/bulks', { text: '家长会改到周六', recipients: ['13800138000', '13800138004', '13800138005'], key: 'bulk-1' });
    const { bulk } = r.json<{ bulk: { id: string } }>();
    await settle();
    expect((await get(`/api/sms/bulks/${bulk.id}`)).json()).toMatchObject({ summary: { recipients: 3, delivered: 1, failed: 1, pending: 1 } });
    expect((await get(`/api/sms/bulks/${bulk.id}/messages?status=failed`)).json()).toMatchObject({ items: [{ to: '13800138004' }] });
    expect((await post(`/api/sms/bulks/${bulk.id}/resend-failed`, {})).json()).toEqual({ resent: 1 });
    expect((await get('/api/sms/bulks')).json()).toMatchObject({ items: [{ bulk: { id: bulk.id, createdBy: 'admin' }, summary: { recipients: 3 } }] });
    const threaded = await post('/api/sms/bulks', { text: '请回复收到', recipients: ['13800138010'], key: 'bulk-2', extension: '0102' });
    expect(threaded.statusCode).toBe(200);
    expect((await get('/api/sms/messages?to=13800138010')).json()).toMatchObject({ items: [{ srcId: '106570990102' }] });
    expect((await get('/api/sms/settings')).json()).toMatchObject({ serviceCode: '10657099', signature: '一卡通', maxParts: 5, quietHours: { marketing: { from: '08:00', to: '22:00' } } });
  });

  it('the simulator: a phone texts TD, sees the confirmation; the opt-out list shows it and can lift it', async () => {
    expect((await get('/api/sim/info')).json()).toMatchObject({ enabled: true, running: true, serviceCode: '10657099' });
    expect((await post('/api/sim/mo', { from: '13700137000', to: '10657099', text: 'TD' })).json()).toEqual({ parts: 1 });
    expect((await post('/api/sim/mo', { from: '1370013700', to: '10657099', text: 'TD' })).statusCode).toBe(400);
    await settle();
    const phone = (await get('/api/sim/phones/13700137000')).json<{ items: { direction: string; text: string }[] }>();
    expect(phone.items.map((l) => [l.direction, l.text.slice(0, 9)])).toEqual([
      ['out', 'TD'],
      ['in', '【一卡通】退订成功'],
    ]);
    expect((await get('/api/sms/mo?from=13700137000')).json()).toMatchObject({ total: 1, items: [{ route: 'optout', result: '已退订全部短信' }] });
    expect((await get('/api/sms/optouts')).json()).toMatchObject({ total: 1, items: [{ msisdn: '13700137000', service: '*', serviceTitle: '全部短信' }] });
    expect((await post('/api/sms/optouts/remove', { msisdn: '13700137000', service: '*' })).json()).toEqual({ removed: true });
    expect((await get('/api/sms/gateways')).json()).toMatchObject({ items: [{ name: 'sim', kind: 'sim', state: 'up', carriers: ['default'] }] });
  });
});
