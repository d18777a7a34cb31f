/**
 * 订购查询 and the agents' back office over HTTP, on both databases: operators, 10086 support and
 * agents look a number up and have a charge explained; they unsubscribe a family on request (the
 * change recorded under their channel and name, the guardian texted); an agent subscribes a family
 * on its behalf (pending until the guardian replies Y) and withdraws a request. An agent reaches
 * only numbers of their own agency's schools. Bad input answers a clear Chinese error and writes nothing.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Http } from '../../server/src/http/types';
import { countRows, describeEachDatabase } from '../helpers/db';
import { logInAs } from '../helpers/world';
import { bj, PHONES, subApi, type subWorld } from './sub-world';

type World = Awaited<ReturnType<typeof subWorld>>;
type Headers = Record<string, string>;

describeEachDatabase('订购查询 and agents over HTTP', (t) => {
  let s: World;
  let app: Http;
  let as: Record<'operator' | 'support' | 'agent' | 'otherAgent' | 'teacher' | 'liFang', Headers>;

  beforeEach(async () => {
    ({ s, app } = await subApi(t().database, '2026-10-05 09:00'));
    await logIns();
  });
  afterEach(async () => {
    await app.close();
  });

  const logIns = async () => {
    as = {
      operator: await logInAs(app, 'o-admin'),
      support: await logInAs(app, 's-zhou'),
      agent: await logInAs(app, 'a-zhao'),
      otherAgent: await logInAs(app, 'a-qian'),
      teacher: await logInAs(app, 't-wang'),
      liFang: await logInAs(app, 'p-lifang'),
    };
  };
  const moveTo = async (time: string) => {
    s.clock.set(bj(time));
    await logIns();
  };
  const get = (url: string, who: Headers) => app.inject({ method: 'GET', url, headers: who });
  const post = (url: string, who: Headers, payload: unknown) => app.inject({ method: 'POST', url, headers: who, payload: payload as object });
  const rows = async (table: string) => countRows(s.ctx.database.db, table);
  const written = async () => [await rows('subscriptions'), await rows('subscription_events'), await rows('subscription_consents'), await rows('subscription_requests')];
  const chinese = (body: string) => expect((JSON.parse(body) as { message: string }).message).toMatch(/[\u4e00-\u9fa5]/);

  it('looks a number up: the guardian and children, the subscription, its history and consent, each month’s fee; and explains a charge', async () => {
    // 李强 subscribes by SMS on 5 October; October is billed on 2 November.
    await s.mo(PHONES.liQiang, 'JX');
    await moveTo('2026-11-02 09:00');
    await post('/api/billing/runs', as.operator, { month: '2026-10' });
    await s.settle();

    for (const who of [as.operator, as.support, as.agent]) {
      const r = await get(`/api/subscriptions/numbers/${PHONES.liQiang}`, who);
      expect(r.statusCode, r.body).toBe(200);
      const h = r.json<{ guardian: unknown; subscriptions: unknown[]; events: unknown[]; consents: unknown[]; charges: unknown[]; months: unknown[] }>();
      expect(h.guardian).toEqual({ name: '李强', children: [expect.objectContaining({ name: '李想', schoolName: '阳光小学', className: '三年级(2)班' })] });
      expect(h.subscriptions).toEqual([expect.objectContaining({ service: 'jx', serviceName: '家校互动', status: 'active', channelText: '短信', schoolName: '阳光小学', agencyName: '通达代理', since: '2026-10-05T01:00:00.000Z' })]);
      expect(h.events).toEqual([expect.objectContaining({ kind: 'subscribe', channelText: '短信', at: '2026-10-05T01:00:00.000Z', actorName: null })]);
      expect(h.consents).toEqual([expect.objectContaining({ raw: '短信“JX”发送至10657099', channelText: '短信', retainUntil: null })]);
      expect(h.charges).toEqual([expect.objectContaining({ month: '2026-10', amount: 800, rule: 'first_of_month', ruleText: '本月1日至20日首次订购且未在72小时内退订，收取本月月费（规则一）' })]);
      expect(h.months).toContainEqual(expect.objectContaining({ month: '2026-10', due: true, charged: true, forecast: false }));
    }

    const id = (await get(`/api/subscriptions/numbers/${PHONES.liQiang}`, as.support)).json<{ subscriptions: { id: string }[] }>().subscriptions[0]!.id;
    const explained = await get(`/api/subscriptions/numbers/${PHONES.liQiang}/explain?subscriptionId=${id}&month=2026-10`, as.support);
    expect(explained.statusCode, explained.body).toBe(200);
    expect(explained.json()).toMatchObject({
      month: '2026-10',
      due: true,
      rule: 'first_of_month',
      ruleText: '本月1日至20日首次订购且未在72小时内退订，收取本月月费（规则一）',
      amount: 800,
      events: [{ kind: 'subscribe', channelText: '短信' }],
      charge: { amount: 800, month: '2026-10' },
    });
    // September: not subscribed, nothing charged.
    expect((await get(`/api/subscriptions/numbers/${PHONES.liQiang}/explain?subscriptionId=${id}&month=2026-09`, as.support)).json()).toMatchObject({ due: false, rule: 'not_subscribed', amount: 0, charge: null });
    // Another number's subscription is not this number's to explain; bad months and ids are 400.
    expect((await get(`/api/subscriptions/numbers/${PHONES.liFang}/explain?subscriptionId=${id}&month=2026-10`, as.support)).statusCode).toBe(404);
    expect((await get(`/api/subscriptions/numbers/${PHONES.liQiang}/explain?subscriptionId=${id}&month=2026-1`, as.support)).statusCode).toBe(400);
    expect((await get(`/api/subscriptions/numbers/${PHONES.liQiang}/explain?month=2026-10`, as.support)).statusCode).toBe(400);
  });

  it('keeps a number of another agency’s school from an agent, and every number from teachers and families', async () => {
    // 张建国's child is at 育才中学 (远航代理).
    expect((await get(`/api/subscriptions/numbers/${PHONES.zhangFather}`, as.agent)).statusCode).toBe(403);
    expect((await get(`/api/subscriptions/numbers/${PHONES.zhangFather}`, as.otherAgent)).statusCode).toBe(200);
    // A number in no school reaches no agent; platform roles see that it is nobody's.
    expect((await get('/api/subscriptions/numbers/13812345678', as.agent)).statusCode).toBe(403);
    expect((await get('/api/subscriptions/numbers/13812345678', as.support)).json()).toMatchObject({ guardian: null, subscriptions: [], events: [] });
    expect((await get(`/api/subscriptions/numbers/${PHONES.liFang}`, as.teacher)).statusCode).toBe(403);
    expect((await get(`/api/subscriptions/numbers/${PHONES.liFang}`, as.liFang)).statusCode).toBe(403);
    for (const bad of ['12345', '1380013800a', '12800138000']) {
      const r = await get(`/api/subscriptions/numbers/${bad}`, as.support);
      expect(r.statusCode, bad).toBe(400);
      chinese(r.body);
    }
  });

  it('lists subscriptions and school counts: an agent sees their own schools only', async () => {
    await s.mo(PHONES.liQiang, 'JX');
    const mine = await get('/api/subscriptions?service=jx&status=active', as.agent);
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json<{ items: { msisdn: string }[] }>().items.map((x) => x.msisdn)).toEqual([PHONES.liQiang]);
    const all = await get('/api/subscriptions?service=jx&status=active', as.operator);
    expect(all.json<{ total: number }>().total).toBe(3);
    const schools = await get('/api/subscriptions/schools', as.agent);
    expect(schools.json()).toEqual({ items: [expect.objectContaining({ schoolName: '阳光小学', agencyName: '通达代理', students: 3, subscribers: 2, cancelled: 0 })] });
    for (const url of ['/api/subscriptions?status=paused', '/api/subscriptions?limit=0', '/api/subscriptions?msisdn=abc', '/api/subscriptions?x=1']) {
      expect((await get(url, as.operator)).statusCode, url).toBe(400);
    }
    expect((await get('/api/subscriptions', as.teacher)).statusCode).toBe(403);
  });

  it('10086 support unsubscribes on the family’s request: at once, recorded as 10086客服 with the note, the guardian texted', async () => {
    const before = s.inbox(PHONES.liFang).length;
    const r = await post(`/api/subscriptions/numbers/${PHONES.liFang}/cancel`, as.support, { service: 'jx', note: '家长来电要求退订' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ service: 'jx', status: 'cancelled', channel: 'support', channelText: '10086客服' });
    await s.settle();
    expect(s.inbox(PHONES.liFang).length).toBe(before + 1);
    expect(s.last(PHONES.liFang)).toBe('【一卡通】您已退订家校互动（含亲情电话、平安短信），即时生效。如需再次订购，请发送 JX 到 10657099。');
    expect(await s.ctx.subscriptions.isSubscribed(PHONES.liFang, 'safety')).toBe(false);
    const h = (await get(`/api/subscriptions/numbers/${PHONES.liFang}`, as.operator)).json<{ events: { kind: string; channel: string; actorName: string | null; note: string | null }[] }>();
    expect(h.events[0]).toEqual(expect.objectContaining({ kind: 'cancel', channel: 'support', actorName: '周客服', note: '家长来电要求退订' }));
  });

  it('an agent unsubscribes a family of their school as 代理商; not one of another agency’s; bad requests write nothing', async () => {
    const before = await written();
    for (const [payload, status] of [
      [{}, 400],
      [{ service: 'jx', note: 'x'.repeat(201) }, 400],
      [{ service: 'jx', extra: true }, 400],
      [{ service: 'family' }, 400],
      [{ service: 'nope' }, 404],
    ] as const) {
      const r = await post(`/api/subscriptions/numbers/${PHONES.liFang}/cancel`, as.agent, payload);
      expect(r.statusCode, JSON.stringify(payload)).toBe(status);
      chinese(r.body);
    }
    // 李强 has no 家校互动 to end.
    const none = await post(`/api/subscriptions/numbers/${PHONES.liQiang}/cancel`, as.agent, { service: 'jx' });
    expect(none.statusCode).toBe(409);
    expect(none.json()).toMatchObject({ code: 'SUB_NOT_ACTIVE', message: '这个号码没有订购这项业务' });
    expect((await post(`/api/subscriptions/numbers/${PHONES.zhangFather}/cancel`, as.agent, { service: 'jx' })).statusCode).toBe(403);
    expect((await post(`/api/subscriptions/numbers/${PHONES.liFang}/cancel`, as.teacher, { service: 'jx' })).statusCode).toBe(403);
    expect(await written()).toEqual(before);
    const ok = await post(`/api/subscriptions/numbers/${PHONES.liFang}/cancel`, as.agent, { service: 'jx' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'cancelled', channel: 'agent', channelText: '代理商' });
  });

  it('an agent subscribes a family on its behalf: pending, texted, listed with 24 hours to go; the guardian’s Y subscribes', async () => {
    const r = await post('/api/subscription-requests', as.agent, { msisdn: PHONES.liQiang, schoolId: s.w.school, service: 'jx' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ msisdn: PHONES.liQiang, status: 'pending', schoolName: '阳光小学', requestedByName: '赵经理', serviceName: '家校互动', expiresAt: '2026-10-06T01:00:00.000Z' });
    await s.settle();
    expect(s.last(PHONES.liQiang)).toContain('阳光小学为您办理家校互动');
    expect(s.last(PHONES.liQiang)).toContain('确认订购请在24小时内回复 Y');
    // Nothing is subscribed until the guardian answers.
    expect(await s.ctx.subscriptions.isSubscribed(PHONES.liQiang, 'jx')).toBe(false);
    const pending = await get('/api/subscription-requests?status=pending', as.agent);
    expect(pending.json()).toMatchObject({ total: 1, items: [{ msisdn: PHONES.liQiang, status: 'pending' }] });
    // The other agency does not see it.
    expect((await get('/api/subscription-requests?status=pending', as.otherAgent)).json()).toMatchObject({ total: 0, items: [] });

    await s.mo(PHONES.liQiang, 'Y', '4');
    expect(await s.ctx.subscriptions.isSubscribed(PHONES.liQiang, 'jx')).toBe(true);
    expect((await get('/api/subscription-requests', as.agent)).json()).toMatchObject({ items: [{ status: 'confirmed', replyText: 'Y' }] });
    const h = (await get(`/api/subscriptions/numbers/${PHONES.liQiang}`, as.agent)).json<{ events: { channel: string; actorName: string }[] }>();
    expect(h.events[0]).toMatchObject({ channel: 'agent', actorName: '赵经理' });
  });

  it('refuses requests an agent may not make, and bad ones, writing nothing; withdraws a pending one once', async () => {
    const before = await written();
    for (const [who, payload, status] of [
      [as.agent, { msisdn: PHONES.zhangFather, schoolId: s.w.otherSchool, service: 'jx' }, 403],
      [as.agent, { msisdn: '13812345678', schoolId: s.w.school, service: 'jx' }, 409],
      [as.agent, { msisdn: PHONES.liFang, schoolId: s.w.school, service: 'jx' }, 409],
      [as.agent, { msisdn: PHONES.liQiang, schoolId: s.w.school, service: 'jxnotice' }, 400],
      [as.agent, { msisdn: 'abc', schoolId: s.w.school, service: 'jx' }, 400],
      [as.agent, { msisdn: PHONES.liQiang, schoolId: s.w.school }, 400],
      [as.agent, { msisdn: PHONES.liQiang, schoolId: 'no-such-school', service: 'jx' }, 404],
      [as.support, { msisdn: PHONES.liQiang, schoolId: s.w.school, service: 'jx' }, 403],
      [as.teacher, { msisdn: PHONES.liQiang, schoolId: s.w.school, service: 'jx' }, 403],
    ] as const) {
      const r = await post('/api/subscription-requests', who, payload);
      expect(r.statusCode, `${JSON.stringify(payload)} ${r.body}`).toBe(status);
      chinese(r.body);
    }
    expect(await written()).toEqual(before);

    const id = (await post('/api/subscription-requests', as.agent, { msisdn: PHONES.liQiang, schoolId: s.w.school, service: 'jx' })).json<{ id: string }>().id;
    const twice = await post('/api/subscription-requests', as.agent, { msisdn: PHONES.liQiang, schoolId: s.w.school, service: 'jx' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'SUB_REQUEST_PENDING' });
    expect((await post(`/api/subscription-requests/${id}/withdraw`, as.otherAgent, {})).statusCode).toBe(403);
    expect((await post('/api/subscription-requests/no-such-request/withdraw', as.agent, {})).statusCode).toBe(404);
    const w = await post(`/api/subscription-requests/${id}/withdraw`, as.agent, {});
    expect(w.statusCode, w.body).toBe(200);
    expect(w.json()).toMatchObject({ status: 'withdrawn' });
    const again = await post(`/api/subscription-requests/${id}/withdraw`, as.agent, {});
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'SUB_REQUEST_CLOSED', message: '这条代订申请已结束' });
    // A reply after the withdrawal subscribes nothing.
    await s.mo(PHONES.liQiang, 'Y', '4');
    expect(await s.ctx.subscriptions.isSubscribed(PHONES.liQiang, 'jx')).toBe(false);
  });
});
