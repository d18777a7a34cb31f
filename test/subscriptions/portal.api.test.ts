/**
 * 家长网校 · 我的订购 over HTTP, on both databases: a guardian subscribes and cancels 家校互动
 * themselves (the click kept as the consent, an SMS confirming each change), turns the free school
 * notices off and on, and reads their bills with this month's forecast and its rule. Only the
 * guardian's own number is ever touched; bad input answers a clear Chinese error and writes nothing.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { buildHttp } from '../../server/src/http/server';
import type { Http } from '../../server/src/http/types';
import { countRows, describeEachDatabase } from '../helpers/db';
import { logInAs, PASSWORD } from '../helpers/world';
import { bj, PHONES, subWorld } from './sub-world';

type World = Awaited<ReturnType<typeof subWorld>>;
type Headers = Record<string, string>;
type Portal = { msisdn: string; month: string; paid: { code: string; price: number; active: boolean; includes: string[] }; freeNotices: boolean; history: { events: { kind: string; channel: string }[]; consents: { raw: string; channel: string }[] } };

describeEachDatabase('家长网校 我的订购 over HTTP', (t) => {
  let s: World;
  let app: Http;
  let as: Record<'liQiang' | 'liFang' | 'teacher' | 'agent', Headers>;

  beforeEach(async () => {
    s = await subWorld(t().database, '2026-10-05 09:00');
    app = await buildHttp(s.ctx, { consoleDir: null });
    await app.ready();
    await logIns();
  });
  afterEach(async () => {
    await app.close();
  });

  const logIns = async () => {
    as = { liQiang: await logInAs(app, 'p-liqiang'), liFang: await logInAs(app, 'p-lifang'), teacher: await logInAs(app, 't-wang'), agent: await logInAs(app, 'a-zhao') };
  };
  const moveTo = async (time: string) => {
    s.clock.set(bj(time));
    await logIns();
  };
  const get = (url: string, who: Headers) => app.inject({ method: 'GET', url, headers: who });
  const send = (method: 'POST' | 'PUT', url: string, who: Headers, payload: unknown) => app.inject({ method, url, headers: who, payload: payload as object });
  const rows = async (table: string) => countRows(s.ctx.database.db, table);
  const written = async () => [await rows('subscriptions'), await rows('subscription_events'), await rows('subscription_consents')];

  it('李强 subscribes 家校互动 in the portal: active at once, the click kept as consent, confirmed by SMS; then cancels it', async () => {
    const first = (await get('/api/portal/subscriptions', as.liQiang)).json<Portal>();
    expect(first).toMatchObject({ msisdn: PHONES.liQiang, month: '2026-10', paid: { code: 'jx', price: 800, active: false, includes: ['亲情电话', '平安短信'] }, freeNotices: true, history: { events: [] } });

    const r = await send('POST', '/api/portal/subscriptions', as.liQiang, { service: 'jx' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ service: 'jx', status: 'active', channel: 'portal', channelText: '家长网校', schoolName: '阳光小学', chargedNow: null });
    await s.settle();
    expect(s.last(PHONES.liQiang)).toBe('【一卡通】您已成功订购家校互动（含亲情电话、平安短信）（阳光小学），资费8元/月。当月1日至20日订购、72小时内退订不收费；发送 QXJX 到 10657099 可随时退订。');
    const after = (await get('/api/portal/subscriptions', as.liQiang)).json<Portal>();
    expect(after.paid.active).toBe(true);
    expect(after.history.consents).toEqual([expect.objectContaining({ channel: 'portal', raw: '家长网校：李强 点击「订购家校互动」' })]);
    expect(await s.ctx.subscriptions.isSubscribed(PHONES.liQiang, 'family')).toBe(true);

    // This month's forecast: subscribed on the 5th, rule 1; cancelling within 72 hours makes it free.
    const bills = (await get('/api/portal/bills', as.liQiang)).json<{ month: string; forecastAmount: number; months: { month: string; rule: string; ruleText: string; forecast: boolean; due: boolean }[] }>();
    expect(bills).toMatchObject({ month: '2026-10', forecastAmount: 800, months: [{ month: '2026-10', rule: 'first_of_month', due: true, forecast: true }] });

    s.clock.set(bj('2026-10-06 09:00'));
    await logIns();
    const c = await send('POST', '/api/portal/subscriptions/cancel', as.liQiang, { service: 'jx' });
    expect(c.statusCode, c.body).toBe(200);
    expect(c.json()).toMatchObject({ status: 'cancelled', channelText: '家长网校' });
    await s.settle();
    expect(s.last(PHONES.liQiang)).toBe('【一卡通】您已退订家校互动（含亲情电话、平安短信），即时生效。如需再次订购，请发送 JX 到 10657099。');
    const free = (await get('/api/portal/bills', as.liQiang)).json<{ forecastAmount: number; months: { rule: string; ruleText: string; due: boolean }[] }>();
    expect(free).toMatchObject({ forecastAmount: 0, months: [{ rule: 'free_cancel_72h', due: false, ruleText: '72小时内退订，本月免收信息费（规则一）' }] });
    expect((await get('/api/portal/subscriptions', as.liQiang)).json<Portal>().history.events.map((e) => [e.kind, e.channel])).toEqual([
      ['cancel', 'portal'],
      ['subscribe', 'portal'],
    ]);
  });

  it('shows what was charged: 李芳’s October fee in her November bills', async () => {
    await moveTo('2026-11-02 09:00');
    await s.ctx.subscriptions.billing.runs.start({ month: '2026-10', by: 'test' });
    await s.settle();
    const bills = (await get('/api/portal/bills', as.liFang)).json<{ month: string; forecastAmount: number; charges: { month: string; amount: number; ruleText: string }[]; months: { month: string; charged: boolean; forecast: boolean }[] }>();
    expect(bills.month).toBe('2026-11');
    expect(bills.charges).toEqual([expect.objectContaining({ month: '2026-10', amount: 800, ruleText: '本月1日至20日首次订购且未在72小时内退订，收取本月月费（规则一）' })]);
    expect(bills.months).toEqual([expect.objectContaining({ month: '2026-11', charged: false, forecast: true }), expect.objectContaining({ month: '2026-10', charged: true, forecast: false })]);
    expect(bills.forecastAmount).toBe(800);
  });

  it('turns the free school notices off (as QXMF) and on again', async () => {
    const off = await send('PUT', '/api/portal/free-notices', as.liQiang, { on: false });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json()).toEqual({ freeNotices: false });
    expect(await s.ctx.subscriptions.isSubscribed(PHONES.liQiang, 'jxnotice')).toBe(false);
    // Off twice: nothing left to cancel.
    const twice = await send('PUT', '/api/portal/free-notices', as.liQiang, { on: false });
    expect(twice.statusCode).toBe(409);
    expect(twice.json<{ message: string }>().message).toBe('这个号码已退订全部免费业务');
    const on = await send('PUT', '/api/portal/free-notices', as.liQiang, { on: true });
    expect(on.statusCode, on.body).toBe(200);
    expect(on.json()).toEqual({ freeNotices: true });
    const p = (await get('/api/portal/subscriptions', as.liQiang)).json<Portal>();
    expect(p.freeNotices).toBe(true);
    expect(p.history.consents).toContainEqual(expect.objectContaining({ raw: '家长网校：李强 开启「学校通知（免费）」' }));
  });

  it('refuses what a guardian cannot do, and bad input, writing nothing', async () => {
    const before = await written();
    for (const [method, url, payload, status, code] of [
      ['POST', '/api/portal/subscriptions', { service: 'jx' }, 409, 'SUB_ALREADY_ACTIVE'], // 李芳 takes it already
      ['POST', '/api/portal/subscriptions', { service: 'family' }, 400, 'SUB_BUNDLED'],
      ['POST', '/api/portal/subscriptions', { service: 'nope' }, 404, 'SUB_SERVICE_NOT_FOUND'],
      ['POST', '/api/portal/subscriptions', { service: 'JX' }, 400, 'VALIDATION_FAILED'],
      ['POST', '/api/portal/subscriptions', { service: 'jx', msisdn: PHONES.liQiang }, 400, 'VALIDATION_FAILED'],
      ['POST', '/api/portal/subscriptions', {}, 400, 'VALIDATION_FAILED'],
      ['PUT', '/api/portal/free-notices', { on: 'no' }, 400, 'VALIDATION_FAILED'],
      ['PUT', '/api/portal/free-notices', { on: true }, 409, 'SUB_ALREADY_ACTIVE'],
    ] as const) {
      const r = await send(method, url, as.liFang, payload);
      expect(r.statusCode, `${url} ${JSON.stringify(payload)} ${r.body}`).toBe(status);
      expect(r.json()).toMatchObject({ code });
      expect(r.json<{ message: string }>().message).toMatch(/[\u4e00-\u9fa5]/);
    }
    const none = await send('POST', '/api/portal/subscriptions/cancel', as.liQiang, { service: 'jx' });
    expect(none.statusCode).toBe(409);
    expect(none.json()).toMatchObject({ code: 'SUB_NOT_ACTIVE' });
    // The portal is the guardian's own: teachers and agents have no number there.
    for (const who of [as.teacher, as.agent]) {
      expect((await get('/api/portal/subscriptions', who)).statusCode).toBe(403);
      expect((await send('POST', '/api/portal/subscriptions', who, { service: 'jx' })).statusCode).toBe(403);
    }
    expect(await written()).toEqual(before);
  });

  it('a guardian account without a phone number is told to set one', async () => {
    await s.ctx.identity.createUser({ login: 'p-nophone', name: '王五', password: PASSWORD, roles: [{ role: 'guardian', tenantType: 'student', tenantId: s.w.liXiang }] });
    const who = await logInAs(app, 'p-nophone');
    const r = await get('/api/portal/subscriptions', who);
    expect(r.statusCode).toBe(409);
    expect(r.json()).toMatchObject({ code: 'SUB_NOT_GUARDIAN', message: '您的账号没有登记手机号码，请先在“我的账户”里设置' });
  });
});
