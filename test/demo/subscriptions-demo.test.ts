/**
 * The demo's subscriptions and billing, as a new user finds them: 李芳 and 王老师 subscribed months
 * ago, the two months before last billed (last month left for the user to run), 通达代理's 25 %
 * share, and 赵经理's request waiting for 李强's Y. Loading the demo again charges nothing twice.
 */
import { expect, it } from 'vitest';
import { loadDemoData } from '../../server/src/demo';
import { runBilling, startBillingRun } from '../../server/src/flows/billing.flow';
import { monthOf, previousMonth } from '../../server/src/modules/subscriptions';
import { TestClock } from '../../server/src/platform/clock';
import { createTestContext } from '../helpers/context';
import { describeEachDatabase } from '../helpers/db';

describeEachDatabase('subscriptions demo', (t) => {
  it('bills the months before last, leaves last month to the user, and waits for 李强', async () => {
    const ctx = await createTestContext(t().database, { clock: new TestClock(new Date('2026-11-23T10:00:00+08:00')) });
    await loadDemoData(ctx, { force: false });
    const last = previousMonth(monthOf(ctx.clock.now(), 'Asia/Shanghai'));
    expect(last).toBe('2026-10');
    const liFang = await ctx.subscriptions.history('13900003333');
    expect(liFang.charges.map((c) => [c.month, c.amount, c.rule])).toEqual([
      ['2026-09', 800, 'monthly'],
      ['2026-08', 800, 'first_of_month'],
    ]);
    expect(liFang.consents[0]).toMatchObject({ channel: 'sms', raw: '短信“JX”发送至10657099' });
    const runs = await ctx.subscriptions.billing.runs.list({});
    expect(runs.items.map((r) => [r.month, r.status, r.dryRun]).sort()).toEqual([
      ['2026-08', 'done', false],
      ['2026-09', 'done', false],
    ]);
    const pending = await ctx.subscriptions.requests.list({ agencyIds: null, status: 'pending' });
    expect(pending.items).toEqual([expect.objectContaining({ msisdn: '13900004444', schoolName: '阳光小学', requestedByName: '赵经理' })]);

    // What the new user does: bill last month.
    const run = await startBillingRun(ctx, { month: last, dryRun: false, by: 'test', enqueue: false });
    expect(await runBilling(ctx, run.id)).toMatchObject({ status: 'done', charged: 2, chargedAmount: 1600 });
    expect((await ctx.subscriptions.billing.carrierFile(last)).trim().split('\n')).toEqual(['msisdn,service_code,amount_fen,period', '13900001111,JXHD,800,202610', '13900003333,JXHD,800,202610']);
    const tongda = (await ctx.subscriptions.billing.statements({ agencyIds: null, month: last })).find((s) => s.shareBp === 2500);
    expect(tongda).toMatchObject({ fees: 800, commission: 200 });

    // Loading the demo again moves no money twice.
    const before = (await ctx.ledger.verify()).transfers;
    await loadDemoData(ctx, { force: true });
    expect((await ctx.ledger.verify()).transfers).toBe(before);
    expect((await ctx.ledger.verify()).ok).toBe(true);
  });
});
