/**
 * Subscriptions end to end over loopback CMPP 2.0 (the real protocol path, against the ISMG
 * simulator), on both databases: JX from a guardian, JX from a stranger, QXJX, QXMF, and an
 * agent's request confirmed by the guardian's Y to 10657099 + 4 — every answer as the phone sees it.
 */
import { sql } from 'kysely';
import { beforeEach, expect, it } from 'vitest';
import type { IsmgSimulator } from '../../server/src/adapters/sms/cmpp/ismg-simulator';
import { useIsmg } from '../helpers/cmpp';
import { describeEachDatabase } from '../helpers/db';
import { until } from '../helpers/until';
import { PASSWORD } from '../helpers/world';
import { buildSchoolWorld, PHONES } from '../school/school-world';

describeEachDatabase('subscriptions end to end over CMPP', (t) => {
  const cmpp = useIsmg();
  let ismg: IsmgSimulator;
  beforeEach(() => {
    ismg = cmpp.ismg();
  });

  it('JX, a stranger’s JX, QXJX, QXMF and a confirmed agent request, as the phones see them', async () => {
    const { ctx, worker } = await cmpp.start(t().database);
    const w = await buildSchoolWorld(ctx);
    const agency = (await ctx.org.createAgency({ code: 'TD001', name: '通达代理' })).id;
    await sql`update schools set agency_id = ${agency} where id = ${w.school}`.execute(ctx.database.db);
    const agent = (await ctx.identity.createUser({ login: 'a-zhao', name: '赵经理', phone: '13800000020', password: PASSWORD, roles: [{ role: 'agent', tenantType: 'agency', tenantId: agency }] })).user.id;
    const texts = (phone: string) => ismg.submits.filter((s) => s.to === phone && s.result === 0);
    const got = (phone: string, fragment: string) => until(`${phone} gets “${fragment}”`, async () => texts(phone).some((s) => s.text.includes(fragment)));
    const mo = async (from: string, dest: string, text: string) => {
      await ismg.injectMo({ from, to: dest, text, msgFmt: 8 });
      await worker.drain();
    };

    await mo(PHONES.liQiang, '10657099', 'JX');
    await got(PHONES.liQiang, '您已成功订购家校互动（含亲情电话、平安短信）（阳光小学），资费8元/月');
    expect(await ctx.subscriptions.isSubscribed(PHONES.liQiang, 'safety')).toBe(true);

    await mo('13800138000', '10657099', 'JX');
    await got('13800138000', '您的号码还不是学校登记的家长号码');

    await mo(PHONES.liQiang, '10657099', 'QXJX');
    await got(PHONES.liQiang, '您已退订家校互动（含亲情电话、平安短信），即时生效');
    expect(await ctx.subscriptions.isSubscribed(PHONES.liQiang, 'family')).toBe(false);

    await mo(PHONES.liQiang, '10657099', 'QXMF');
    await got(PHONES.liQiang, '您已退订学校通知（免费），即时生效');

    await ctx.subscriptions.requests.create({ msisdn: PHONES.liQiang, service: 'jx', schoolId: w.school, agentId: agent, agencyIds: [agency] });
    await worker.drain();
    await got(PHONES.liQiang, '确认订购请在24小时内回复 Y');
    const ask = texts(PHONES.liQiang).find((s) => s.text.includes('回复 Y'))!;
    expect(ask.srcId).toBe('106570994');
    await mo(PHONES.liQiang, ask.srcId, 'Y');
    await until('subscribed by the reply', async () => ctx.subscriptions.isSubscribed(PHONES.liQiang, 'jx'));
    const h = await ctx.subscriptions.history(PHONES.liQiang);
    // (On the real clock two changes may share a millisecond: their order is not asserted.)
    expect(h.events.map((e) => [e.serviceName, e.kind, e.channelText]).sort()).toEqual([
      ['家校互动', 'subscribe', '代理商代订（家长短信确认）'],
      ['学校通知（免费）', 'cancel', '短信'],
      ['家校互动', 'cancel', '短信'],
      ['家校互动', 'subscribe', '短信'],
    ].sort());
  });
});
