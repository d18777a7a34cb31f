/**
 * The whole pipeline over loopback CMPP 2.0, on both databases: Chinese single and long
 * messages delivered; reports before the submit response and duplicated; MOs in ASCII, UCS-2,
 * GBK and as a long MO stored, routed and answered; a Result 8 storm sends every part once.
 */
import { beforeEach, expect, it } from 'vitest';
import type { IsmgSimulator } from '../../server/src/adapters/sms/cmpp/ismg-simulator';
import type { AppContext } from '../../server/src/context';
import { smsText } from '../../server/src/modules/messaging';
import type { Database } from '../../server/src/platform/db/database';
import { useIsmg } from '../helpers/cmpp';
import { describeEachDatabase } from '../helpers/db';
import { until } from '../helpers/until';

describeEachDatabase('SMS end to end over CMPP', (t) => {
  const cmpp = useIsmg();
  let ismg: IsmgSimulator;
  beforeEach(() => {
    ismg = cmpp.ismg();
  });

  const start = (database: Database) => cmpp.start(database);
  const statusOf = async (ctx: AppContext, id: string) => (await ctx.messaging.messageLife(id)).message.status;

  it('Chinese single and long messages delivered, with reports before the response and twice', async () => {
    const { ctx, worker } = await start(t().database);
    ismg.setFaults({ reportBeforeResp: true, duplicateReports: true });
    const short = await ctx.messaging.send({ to: '13800138000', text: '您的孩子王小兵已于07:42到校。', class: 'notice', service: 'safety', key: 'c1' });
    const long = await ctx.messaging.send({ to: '13800138001', text: '各位家长：本周五下午三点召开家长会，请准时参加。'.repeat(4), class: 'notice', service: 'jx', key: 'c2', extension: '0101' });
    await worker.drain();
    await until('both delivered', async () => (await statusOf(ctx, short.message.id)) === 'delivered' && (await statusOf(ctx, long.message.id)) === 'delivered');
    const parts = ismg.submits.filter((s) => s.to === '13800138001');
    // Parts travel concurrently over two connections: any order, each once.
    expect(parts.map((p) => [p.msgFmt, p.udhi, p.pkTotal, p.pkNumber]).sort()).toEqual([
      [8, true, 2, 1],
      [8, true, 2, 2],
    ]);
    expect(ismg.submits).toHaveLength(3);
    // Every part shows its gateway id and the report that closed it.
    expect((await ctx.messaging.messageLife(long.message.id)).parts.every((p) => p.reportStat === 'DELIVRD' && p.gatewayMsgId !== null)).toBe(true);
  });

  it('MOs in ASCII, UCS-2, GBK and a long MO are stored, routed and answered', async () => {
    const { ctx, worker } = await start(t().database);
    const seen: string[] = [];
    // A keyword of this test's own (the school part answers the real BZR: test/school/notes.cmpp.test.ts).
    ctx.messaging.registerInbound({ name: 'ly', service: 'jx', keywords: ['LY'], handle: async (m) => (seen.push(m.rest), { result: '已转班主任', reply: '留言已转给班主任' }) });
    await ismg.injectMo({ from: '13700137000', to: '10657099', text: 'LY hello', msgFmt: 0 });
    await ismg.injectMo({ from: '13700137001', to: '10657099', text: 'LY老师您好', msgFmt: 8 });
    await ismg.injectMo({ from: '13700137002', to: '10657099', text: 'LY 请假一天', msgFmt: 15 });
    const plan = smsText.planSms(`LY ${'孩子今天发烧，'.repeat(12)}`, { maxParts: 5, reference: 77 });
    for (const p of plan.parts) {
      await ismg.injectMo({ from: '13700137003', to: '10657099', content: p.bytes, msgFmt: 8, tpUdhi: 0x40 });
    }
    await ismg.injectMo({ from: '13700137004', to: '10657099', text: 'ＴＤ', msgFmt: 8 });
    await worker.drain();
    expect(seen.sort()).toEqual(['hello', '老师您好', '请假一天', '孩子今天发烧，'.repeat(12)].sort());
    await worker.drain();
    await until('replies', async () => ismg.submits.length === 5);
    const replies = ismg.submits.map((s) => `${s.to}:${s.content.subarray(s.udhi ? 6 : 0).swap16().toString('utf16le').slice(0, 12)}`);
    expect(replies).toEqual(expect.arrayContaining(['13700137000:【一卡通】留言已转给班主', '13700137004:【一卡通】退订成功，您将']));
  });

  it('a Result 8 storm: every part accepted and sent once', async () => {
    const { ctx, worker } = await start(t().database);
    ismg.setFaults({ result8Every: 2 });
    const recipients = Array.from({ length: 24 }, (_, i) => `1360000${String(2000 + i)}`).filter((n) => !/[3-7]$/.test(n));
    const { bulk } = await ctx.messaging.sendBulk({ service: 'jx', class: 'notice', text: '明天放假', recipients, key: 'r8' });
    await worker.drain();
    await until('all delivered', async () => (await ctx.messaging.bulkReport(bulk.id)).summary.delivered === recipients.length, 30_000);
    const accepted = ismg.submits.filter((s) => s.result === 0);
    for (const n of recipients) {
      expect(accepted.filter((s) => s.to === n), n).toHaveLength(1);
    }
  });
});
