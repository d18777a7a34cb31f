/**
 * Subscribing and unsubscribing school services by SMS (through the in-process SMS simulator),
 * on both databases: JX only for roster guardians, QXJX ending the bundle, QXMF ending free
 * notices, an agent's request confirmed (or not) by the guardian's reply within 24 hours, the
 * consent and history kept, rule 3's immediate charge queued, and bad input writing nothing.
 */
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../helpers/db';
import { bj, PHONES, subWorld } from './sub-world';

const HOUR = 3_600_000;

describeEachDatabase('subscriptions by SMS', (t) => {
  it('JX from a roster guardian subscribes 家校互动 with its bundle, confirmed by SMS, with the consent and the history', async () => {
    const { ctx, mo, last } = await subWorld(t().database);
    expect(await ctx.subscriptions.isSubscribed(PHONES.liQiang, 'jx')).toBe(false);
    await mo(PHONES.liQiang, 'jx');
    expect(last(PHONES.liQiang)).toBe('【一卡通】您已成功订购家校互动（含亲情电话、平安短信）（阳光小学），资费8元/月。当月1日至20日订购、72小时内退订不收费；发送 QXJX 到 10657099 可随时退订。');
    for (const s of ['jx', 'family', 'safety']) {
      expect(await ctx.subscriptions.isSubscribed(PHONES.liQiang, s)).toBe(true);
    }
    const h = await ctx.subscriptions.history(PHONES.liQiang);
    expect(h.guardian).toMatchObject({ name: '李强', children: [expect.objectContaining({ name: '李想', schoolName: '阳光小学', className: '三年级(2)班' })] });
    expect(h.subscriptions).toEqual([expect.objectContaining({ service: 'jx', status: 'active', channel: 'sms', channelText: '短信', schoolName: '阳光小学', agencyName: '通达代理', since: bj('2026-11-10 09:00') })]);
    expect(h.events).toEqual([expect.objectContaining({ kind: 'subscribe', channelText: '短信', at: bj('2026-11-10 09:00') })]);
    expect(h.consents).toEqual([expect.objectContaining({ channel: 'sms', raw: '短信“jx”发送至10657099', retainUntil: null })]);
    // This month: subscribed on the 10th, still inside the 72 hours: a forecast of rule 1.
    expect(h.months).toEqual([expect.objectContaining({ month: '2026-11', due: true, rule: 'first_of_month', amount: 800, charged: false, forecast: true })]);
  });

  it('JX from a number that is not a roster guardian gets how to register, and nothing is written', async () => {
    const { mo, last, count } = await subWorld(t().database);
    const before = [await count('subscriptions'), await count('subscription_events'), await count('subscription_consents')];
    await mo('13800138000', 'JX');
    expect(last('13800138000')).toContain('您的号码还不是学校登记的家长号码，暂不能订购。请联系孩子的班主任或学校');
    // A teacher is not a guardian either.
    await mo(PHONES.wang, 'JX');
    expect(last(PHONES.wang)).toContain('还不是学校登记的家长号码');
    expect([await count('subscriptions'), await count('subscription_events'), await count('subscription_consents')]).toEqual(before);
  });

  it('JX twice says it is already subscribed; QXJX ends 家校互动 with 亲情电话 and 平安短信 at once', async () => {
    const { ctx, clock, mo, last } = await subWorld(t().database);
    await mo(PHONES.liQiang, 'JX');
    await mo(PHONES.liQiang, 'JX');
    expect(last(PHONES.liQiang)).toBe('【一卡通】您已订购家校互动，无需重复订购。退订请发送 QXJX 到 10657099。');
    clock.advance(HOUR);
    await mo(PHONES.liQiang, 'qxjx');
    expect(last(PHONES.liQiang)).toBe('【一卡通】您已退订家校互动（含亲情电话、平安短信），即时生效。如需再次订购，请发送 JX 到 10657099。');
    for (const s of ['jx', 'family', 'safety']) {
      expect(await ctx.subscriptions.isSubscribed(PHONES.liQiang, s)).toBe(false);
    }
    const h = await ctx.subscriptions.history(PHONES.liQiang);
    expect(h.events.map((e) => [e.kind, e.channel])).toEqual([
      ['cancel', 'sms'],
      ['subscribe', 'sms'],
    ]);
    // The consent is kept 6 months after the end.
    expect(h.consents[0]!.retainUntil).toBe(clock.now() + 183 * 24 * HOUR);
    // Cancelled within 72 hours of subscribing on the 10th: no fee this month.
    expect(h.months).toEqual([expect.objectContaining({ month: '2026-11', due: false, rule: 'free_cancel_72h', amount: 0 })]);
    await mo(PHONES.liQiang, 'QXJX');
    expect(last(PHONES.liQiang)).toBe('【一卡通】您没有订购家校互动。订购请发送 JX 到 10657099。');
  });

  it('subscribing again before the 24th after a cancellation this month queues the immediate charge (rule 3)', async () => {
    const { ctx, clock, mo } = await subWorld(t().database, '2026-11-02 10:00');
    await mo(PHONES.liQiang, 'JX');
    clock.set(bj('2026-11-03 10:00'));
    await mo(PHONES.liQiang, 'QXJX');
    clock.set(bj('2026-11-23 23:59'));
    const before = await sql<{ payload: string }>`select payload from jobs where name = 'billing.charge-now'`.execute(ctx.database.db);
    expect(before.rows).toHaveLength(0);
    const r = await ctx.subscriptions.subscribe({ msisdn: PHONES.liQiang, service: 'jx', channel: 'portal', raw: '家长网校：李强 点击「订购家校互动」', actorId: null });
    expect(r.chargedNow).toBe('2026-11');
    const jobs = await sql<{ payload: string }>`select payload from jobs where name = 'billing.charge-now'`.execute(ctx.database.db);
    expect(jobs.rows.map((j) => JSON.parse(j.payload) as unknown)).toEqual([{ subscriptionId: r.id, month: '2026-11' }]);
    // Subscribing again on the 24th is rule 2's: nothing this month (张建国 subscribed on the 2nd, cancelled on the 3rd).
    clock.set(bj('2026-11-03 09:00'));
    await ctx.subscriptions.cancel({ msisdn: PHONES.zhangFather, service: 'jx', channel: 'portal' });
    clock.set(bj('2026-11-24 00:00'));
    const again = await ctx.subscriptions.subscribe({ msisdn: PHONES.zhangFather, service: 'jx', channel: 'portal', raw: '家长网校：张建国 点击「订购家校互动」' });
    expect(again.chargedNow).toBeNull();
  });

  it('QXMF ends free school notices for that family (a notice then reaches the portal only); staff SMS is untouched', async () => {
    const { ctx, w, mo, last, inbox, settle } = await subWorld(t().database);
    expect(await ctx.subscriptions.isSubscribed(PHONES.liQiang, 'jxnotice')).toBe(true);
    await mo(PHONES.liQiang, 'QXMF');
    expect(last(PHONES.liQiang)).toBe('【一卡通】您已退订学校通知（免费），即时生效。考勤缺勤等学校必须送达的通知仍会发送。');
    expect(await ctx.subscriptions.isSubscribed(PHONES.liQiang, 'jxnotice')).toBe(false);
    expect(await ctx.subscriptions.isSubscribed(PHONES.liQiang, 'staff')).toBe(true);
    await mo(PHONES.liQiang, 'QXMF');
    expect(last(PHONES.liQiang)).toBe('【一卡通】您已退订全部免费业务。');
    const n = inbox(PHONES.liQiang).length;
    await ctx.school.notes.send({ authorId: w.admin, schoolId: w.school, type: 'notice', target: { classIds: [w.g3c2] }, text: '周五下午放假半天。' });
    await settle();
    expect(inbox(PHONES.liQiang)).toHaveLength(n);
    expect(inbox(PHONES.liFang).at(-1)?.text).toContain('周五下午放假半天。');
    // The portal turns it back on.
    await ctx.subscriptions.subscribe({ msisdn: PHONES.liQiang, service: 'jxnotice', channel: 'portal', raw: '家长网校：李强 开启学校通知短信' });
    expect(await ctx.subscriptions.isSubscribed(PHONES.liQiang, 'jxnotice')).toBe(true);
  });

  it("an agent's request stays pending until the guardian replies Y within 24 hours; the reply is the consent", async () => {
    const { ctx, clock, w, agent, tongda, mo, last, inbox, settle } = await subWorld(t().database);
    const r = await ctx.subscriptions.requests.create({ msisdn: PHONES.liQiang, service: 'jx', schoolId: w.school, agentId: agent, agencyIds: [tongda] });
    expect(r).toMatchObject({ status: 'pending', schoolName: '阳光小学', requestedByName: '赵经理', expiresAt: clock.now() + 24 * HOUR });
    await settle();
    const ask = inbox(PHONES.liQiang).find((m) => m.text.includes('确认订购'))!;
    expect(ask.from).toBe('106570994');
    expect(ask.text).toBe('【一卡通】阳光小学为您办理家校互动（含亲情电话、平安短信），资费8元/月。确认订购请在24小时内回复 Y；不回复则不订购，不收任何费用。');
    expect(await ctx.subscriptions.isSubscribed(PHONES.liQiang, 'jx')).toBe(false);
    expect((await ctx.subscriptions.requests.list({ agencyIds: [tongda], status: 'pending' })).total).toBe(1);
    clock.advance(23 * HOUR);
    await mo(PHONES.liQiang, 'y', '4');
    expect(await ctx.subscriptions.isSubscribed(PHONES.liQiang, 'jx')).toBe(true);
    expect(last(PHONES.liQiang)).toContain('您已成功订购家校互动');
    const h = await ctx.subscriptions.history(PHONES.liQiang);
    expect(h.subscriptions[0]).toMatchObject({ channel: 'agent', agencyName: '通达代理' });
    expect(h.events[0]).toMatchObject({ channelText: '代理商代订（家长短信确认）', actorName: '赵经理' });
    expect(h.consents[0]!.raw).toMatch(/^回复“y”确认2026-11-10 09:00(:00)?的代订申请$/);
    expect((await ctx.subscriptions.requests.list({ agencyIds: [tongda] })).items[0]).toMatchObject({ status: 'confirmed', replyText: 'y' });
  });

  it('a guardian who texts JX while an agent’s request waits has answered it: it leaves 待确认, and a later Y subscribes nothing twice', async () => {
    const { ctx, w, agent, tongda, mo, last } = await subWorld(t().database);
    const r = await ctx.subscriptions.requests.create({ msisdn: PHONES.liQiang, service: 'jx', schoolId: w.school, agentId: agent, agencyIds: [tongda] });
    await mo(PHONES.liQiang, 'JX');
    expect(last(PHONES.liQiang)).toContain('您已成功订购家校互动');
    expect((await ctx.subscriptions.requests.list({ agencyIds: [tongda], status: 'pending' })).total).toBe(0);
    expect((await ctx.subscriptions.requests.list({ agencyIds: [tongda] })).items).toEqual([expect.objectContaining({ id: r.id, status: 'confirmed', replyText: '短信“JX”发送至10657099' })]);
    await mo(PHONES.liQiang, 'Y', '4');
    expect(last(PHONES.liQiang)).toBe('【一卡通】没有等待您确认的订购。如需订购家校互动，请发送 JX 到 10657099。');
    const h = await ctx.subscriptions.history(PHONES.liQiang);
    expect(h.subscriptions).toEqual([expect.objectContaining({ service: 'jx', status: 'active', channel: 'sms' })]);
    expect(h.events.filter((e) => e.kind === 'subscribe')).toHaveLength(1);
  });

  it('an unanswered request expires after 24 hours, any other reply declines it: nothing is subscribed', async () => {
    const { ctx, clock, w, agent, tongda, mo, last } = await subWorld(t().database);
    await ctx.subscriptions.requests.create({ msisdn: PHONES.liQiang, service: 'jx', schoolId: w.school, agentId: agent, agencyIds: [tongda] });
    clock.advance(24 * HOUR);
    await mo(PHONES.liQiang, 'Y', '4');
    expect(last(PHONES.liQiang)).toBe('【一卡通】没有等待您确认的订购。如需订购家校互动，请发送 JX 到 10657099。');
    expect(await ctx.subscriptions.isSubscribed(PHONES.liQiang, 'jx')).toBe(false);
    // Marked expired (by the job every 10 minutes, or now).
    await ctx.subscriptions.requests.expire();
    expect((await ctx.subscriptions.requests.list({ agencyIds: [tongda] })).items.map((r) => r.status)).toEqual(['expired']);

    await ctx.subscriptions.requests.create({ msisdn: PHONES.liQiang, service: 'jx', schoolId: w.school, agentId: agent, agencyIds: [tongda] });
    await mo(PHONES.liQiang, '不需要', '4');
    expect(last(PHONES.liQiang)).toBe('【一卡通】您未确认，本次代订不生效，不会收取任何费用。');
    expect(await ctx.subscriptions.isSubscribed(PHONES.liQiang, 'jx')).toBe(false);

    // A withdrawn request: the later Y subscribes nothing.
    const r = await ctx.subscriptions.requests.create({ msisdn: PHONES.liQiang, service: 'jx', schoolId: w.school, agentId: agent, agencyIds: [tongda] });
    expect(await ctx.subscriptions.requests.withdraw(r.id)).toMatchObject({ status: 'withdrawn' });
    await mo(PHONES.liQiang, 'Y', '4');
    expect(await ctx.subscriptions.isSubscribed(PHONES.liQiang, 'jx')).toBe(false);
  });

  it('bad input is refused with a clear error and writes nothing', async () => {
    const { ctx, w, agent, tongda, count } = await subWorld(t().database);
    const before = [await count('subscriptions'), await count('subscription_events'), await count('subscription_requests'), await count('sms_messages')];
    const raw = '家长网校';
    await expect(ctx.subscriptions.subscribe({ msisdn: '123', service: 'jx', channel: 'portal', raw })).rejects.toMatchObject({ code: 'SUB_INVALID', message: '手机号码不正确' });
    await expect(ctx.subscriptions.subscribe({ msisdn: PHONES.liQiang, service: 'nope', channel: 'portal', raw })).rejects.toMatchObject({ code: 'SUB_SERVICE_NOT_FOUND' });
    await expect(ctx.subscriptions.subscribe({ msisdn: PHONES.liQiang, service: 'family', channel: 'portal', raw })).rejects.toMatchObject({ code: 'SUB_BUNDLED' });
    await expect(ctx.subscriptions.subscribe({ msisdn: PHONES.liQiang, service: 'jx', channel: 'fax' as never, raw })).rejects.toMatchObject({ code: 'SUB_INVALID' });
    await expect(ctx.subscriptions.subscribe({ msisdn: PHONES.liQiang, service: 'jx', channel: 'portal', raw: ' ' })).rejects.toMatchObject({ code: 'SUB_INVALID' });
    await expect(ctx.subscriptions.subscribe({ msisdn: PHONES.liFang, service: 'jx', channel: 'portal', raw })).rejects.toMatchObject({ code: 'SUB_ALREADY_ACTIVE' });
    await expect(ctx.subscriptions.cancel({ msisdn: PHONES.liQiang, service: 'jx', channel: 'support' })).rejects.toMatchObject({ code: 'SUB_NOT_ACTIVE' });
    // Agents: only their agency's schools, only that school's guardians, one pending request at a time.
    await expect(ctx.subscriptions.requests.create({ msisdn: PHONES.zhangFather, service: 'jx', schoolId: w.otherSchool, agentId: agent, agencyIds: [tongda] })).rejects.toMatchObject({ code: 'SUB_SCHOOL_NOT_IN_AGENCY' });
    await expect(ctx.subscriptions.requests.create({ msisdn: '13800138000', service: 'jx', schoolId: w.school, agentId: agent, agencyIds: [tongda] })).rejects.toMatchObject({ code: 'SUB_NOT_GUARDIAN' });
    await expect(ctx.subscriptions.requests.create({ msisdn: PHONES.liQiang, service: 'jxnotice', schoolId: w.school, agentId: agent, agencyIds: [tongda] })).rejects.toMatchObject({ code: 'SUB_INVALID' });
    await expect(ctx.subscriptions.requests.create({ msisdn: PHONES.liFang, service: 'jx', schoolId: w.school, agentId: agent, agencyIds: [tongda] })).rejects.toMatchObject({ code: 'SUB_ALREADY_ACTIVE' });
    expect([await count('subscriptions'), await count('subscription_events'), await count('subscription_requests'), await count('sms_messages')]).toEqual(before);
    await ctx.subscriptions.requests.create({ msisdn: PHONES.liQiang, service: 'jx', schoolId: w.school, agentId: agent, agencyIds: [tongda] });
    await expect(ctx.subscriptions.requests.create({ msisdn: PHONES.liQiang, service: 'jx', schoolId: w.school, agentId: agent, agencyIds: [tongda] })).rejects.toMatchObject({ code: 'SUB_REQUEST_PENDING' });
  });

  it('a price change applies from the next month; the catalog refuses a bad price', async () => {
    const { ctx } = await subWorld(t().database);
    const after = await ctx.subscriptions.catalog.setPrice('jx', 1000, 'op');
    expect(after).toMatchObject({ price: 800, nextPrice: { fromMonth: '2026-12', amount: 1000 } });
    expect((await ctx.subscriptions.catalog.pricesForMonth('2026-11')).get('jx')).toBe(800);
    expect((await ctx.subscriptions.catalog.pricesForMonth('2026-12')).get('jx')).toBe(1000);
    expect((await ctx.subscriptions.catalog.pricesForMonth('2027-06')).get('jx')).toBe(1000);
    await expect(ctx.subscriptions.catalog.setPrice('jx', -1, 'op')).rejects.toMatchObject({ code: 'SUB_PRICE_INVALID' });
    await expect(ctx.subscriptions.catalog.setPrice('jx', 8.5, 'op')).rejects.toMatchObject({ code: 'SUB_PRICE_INVALID' });
    await expect(ctx.subscriptions.catalog.setPrice('jxnotice', 100, 'op')).rejects.toMatchObject({ code: 'SUB_INVALID' });
    expect((await ctx.subscriptions.catalog.get('jx')).nextPrice).toEqual({ fromMonth: '2026-12', amount: 1000 });
  });
});
