/**
 * The monthly billing run on both databases: which subscriptions a month charges (subscribing and
 * cancelling at the rules' edges), exactly once per (subscription, month) whether run twice, after a
 * crash half-way, or after rule 3's immediate charge; a price change applying from the next month;
 * the carrier file; agents' commission; dry runs; and bad input writing nothing.
 */
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { chargeNow, runBilling, startBillingRun, startMonthlyRun } from '../../server/src/flows/billing.flow';
import type { AppContext } from '../../server/src/context';
import { describeEachDatabase } from '../helpers/db';
import { billingWorld, bj, PHONES, seedSubscriptions } from './billing-world';

const run = async (ctx: AppContext, month: string, o: { dryRun?: boolean; pageSize?: number; concurrency?: number } = {}) =>
  runBilling(ctx, (await startBillingRun(ctx, { month, dryRun: o.dryRun, by: 'test', enqueue: false })).id, undefined, o);

describeEachDatabase('billing run', (t) => {
  it('charges the subscriptions October owes, by the seed’s rules at their edges, and each once', async () => {
    const b = await billingWorld(t().database);
    const { ctx, g } = b;
    // 李芳 subscribed on Sep 1st (monthly); 张建国 too, but cancels in September (not subscribed in October).
    await b.cancel(PHONES.zhangFather, '2026-09-15 10:00');
    // Subscribed on the 30th at 20:00: kept → monthly (due when its 72 hours end); cancelled within them → free.
    await b.subscribe(g[0]!, '2026-09-30 20:00');
    await b.subscribe(g[1]!, '2026-09-30 20:00');
    await b.cancel(g[1]!, '2026-10-03 19:59:59');
    // Rule 1: cancelled after 71:59:59 is free; subscribed on the 20th at 23:59:59 and kept is charged.
    await b.subscribe(g[2]!, '2026-10-05 10:00');
    await b.cancel(g[2]!, '2026-10-08 09:59:59');
    await b.subscribe(g[3]!, '2026-10-20 23:59:59');
    // Rule 2: the 21st 00:00:00 is after the 20th.
    await b.subscribe(g[4]!, '2026-10-21 00:00:00');
    // Rule 3: again before the 24th: charged at once (the job), and the run finds it charged.
    await b.subscribe(g[5]!, '2026-10-05 08:00');
    await b.cancel(g[5]!, '2026-10-06 08:00');
    const again = await b.subscribe(g[5]!, '2026-10-23 23:59:59');
    expect(again.chargedNow).toBe('2026-10');
    await b.worker.drain();
    const october = async () => (await b.feeTransfers()).filter((f) => f[1] === '202610');
    expect(await october()).toEqual([[`billing:${await b.subscriptionId(g[5]!)}`, '202610', 800]]);
    // (The worker also ran the schedule of Oct 1st: September is billed, 李芳 and 张建国 at 800 each.)
    expect((await b.feeTransfers()).filter((f) => f[1] === '202609')).toHaveLength(2);

    b.set('2026-11-01 02:00');
    const r = await run(ctx, '2026-10');
    expect(r).toMatchObject({ month: '2026-10', dryRun: false, status: 'done', total: 8, processed: 8, charged: 4, chargedAmount: 3200, free: 4, failed: 0, error: null, percent: 100 });
    expect(r.rules).toEqual({ monthly: 2, first_of_month: 1, resubscribe: 1, free_cancel_72h: 2, after_20th: 1, not_subscribed: 1 });
    const charged = await ctx.subscriptions.billing.charges({ month: '2026-10', limit: 50 });
    expect(charged.total).toBe(4);
    expect(charged.items.map((c) => [c.msisdn, c.rule, c.amount, c.runId === null ? 'at once' : 'run']).sort()).toEqual(
      [
        [PHONES.liFang, 'monthly', 800, 'run'],
        [g[0]!, 'monthly', 800, 'run'],
        [g[3]!, 'first_of_month', 800, 'run'],
        [g[5]!, 'resubscribe', 800, 'at once'],
      ].sort(),
    );
    expect(charged.items.find((c) => c.msisdn === g[5])!.ruleText).toBe('本月退订后在24日零点前再次订购，立即扣费（规则三）');
    // The ledger: four fees, each under its subscription's key for October; the carrier owes what we earned.
    const fees = await october();
    expect(fees).toHaveLength(4);
    expect(new Set(fees.map((f) => f[0])).size).toBe(4);
    expect(fees.every((f) => f[2] === 800)).toBe(true);
    expect(await b.receivable()).toBe(-(1600 + 3200));
    // Agents' 20 %: 通达 (李芳, g0) 1,600 → 320 and 远航 (g3, g5) 1,600 → 320, for October (and September's 160 each).
    expect([await b.commissionOf(b.tongda), await b.commissionOf(b.yuanhang)]).toEqual([320 + 160, 320 + 160]);
    expect(await b.income()).toBe(4800 - 960);

    // Run again: the same totals, nothing moves twice.
    b.clock.advance(60_000);
    const second = await run(ctx, '2026-10');
    expect({ ...second, id: '', startedAt: 0, updatedAt: 0, finishedAt: 0 }).toEqual({ ...r, id: '', startedAt: 0, updatedAt: 0, finishedAt: 0 });
    expect(await october()).toHaveLength(4);
    expect(await b.income()).toBe(4800 - 960);
    expect(await b.count('billing_charges', sql`month = '2026-10'`)).toBe(4);
    // The immediate charge again changes nothing either.
    expect((await chargeNow(ctx, { subscriptionId: await b.subscriptionId(g[5]!), month: '2026-10' })).charged).toBe(true);
    expect(await october()).toHaveLength(4);
    // Asked for a subscription that owes nothing (rule 2), it charges nothing.
    expect(await chargeNow(ctx, { subscriptionId: await b.subscriptionId(g[4]!), month: '2026-10' })).toEqual({ charged: false, rule: 'after_20th', charge: null });
    expect(await october()).toHaveLength(4);
    expect(await ctx.ledger.verify()).toMatchObject({ ok: true });

    // The runs, newest first.
    const runs = await ctx.subscriptions.billing.runs.list();
    expect(runs.total).toBe(3);
    expect(runs.items.map((x) => [x.month, x.startedBy])).toEqual([
      ['2026-10', 'test'],
      ['2026-10', 'test'],
      ['2026-09', 'system'],
    ]);
    expect(runs.items.slice(0, 2).map((x) => x.id)).toEqual([second.id, r.id]);
    expect(await ctx.subscriptions.billing.runs.get(r.id)).toEqual(r);
  });

  it('a run killed half-way fails, and running again charges every due fee exactly once', async () => {
    const b = await billingWorld(t().database);
    const { ctx } = b;
    await seedSubscriptions(ctx, 300, { since: bj('2026-08-15 12:00'), schoolId: b.w.school, agencyId: b.tongda });
    b.set('2026-11-01 02:00');
    const real = ctx.ledger;
    let calls = 0;
    ctx.ledger = {
      ...real,
      apply: async (items) => {
        if (++calls > 120) {
          throw new Error('数据库连接中断');
        }
        return real.apply(items);
      },
    };
    const started = await startBillingRun(ctx, { month: '2026-10', by: 'test', enqueue: false });
    const progress: number[] = [];
    await expect(runBilling(ctx, started.id, (p) => progress.push(p.processed), { pageSize: 50, concurrency: 16 })).rejects.toThrow('数据库连接中断');
    const failed = await ctx.subscriptions.billing.runs.get(started.id);
    expect(failed).toMatchObject({ status: 'failed', error: '数据库连接中断', total: 302 });
    expect(failed.processed).toBeLessThan(302);
    expect(progress.length).toBeGreaterThan(1);
    const movedBefore = (await b.feeTransfers()).length;
    expect(movedBefore).toBeGreaterThan(0);
    expect(movedBefore).toBeLessThanOrEqual(120);

    ctx.ledger = real;
    // A failed run is not in the way: start again (or run the same run again, as the job's retry does).
    const again = await runBilling(ctx, started.id, undefined, { pageSize: 50, concurrency: 16 });
    expect(again).toMatchObject({ status: 'done', total: 302, processed: 302, charged: 302, chargedAmount: 302 * 800, failed: 0, error: null });
    const fees = await b.feeTransfers();
    expect(fees).toHaveLength(302);
    expect(new Set(fees.map((f) => f[0])).size).toBe(302);
    expect(await b.receivable()).toBe(-302 * 800);
    expect(await b.count('billing_charges')).toBe(302);
    expect(await ctx.ledger.verify()).toMatchObject({ ok: true });
    const third = await run(ctx, '2026-10', { pageSize: 64 });
    expect(third).toMatchObject({ status: 'done', charged: 302, chargedAmount: 302 * 800 });
    expect(await b.feeTransfers()).toHaveLength(302);
  });

  it('a fee the ledger refuses, or a history the rules cannot read, counts as failed and the run still finishes', async () => {
    const b = await billingWorld(t().database);
    const { ctx } = b;
    const id = await b.subscriptionId(PHONES.zhangFather);
    // Something already moved 5 yuan under 张建国's October key: the run's 8 yuan conflicts with it.
    const income = await ctx.ledger.openAccount({ code: 'FEE_INCOME', ownerType: 'platform', ownerId: 'platform', name: '业务信息费收入', noNegative: false });
    const carrier = await ctx.ledger.openAccount({ code: 'CARRIER_RECEIVABLE', ownerType: 'platform', ownerId: 'carrier', name: '运营商代收信息费', noNegative: false });
    await ctx.ledger.transfer({ kind: 'single', scope: `billing:${id}`, key: '202610', debitAccountId: carrier.id, creditAccountId: income.id, amount: 500, code: 'SUB_FEE' });
    // A history the rules cannot read (subscribed twice without a cancellation) is not guessed at.
    const [odd] = await seedSubscriptions(ctx, 1, { since: bj('2026-08-01 10:00') });
    await sql`insert into subscription_events (id, subscription_id, msisdn, service, kind, at, channel) values ('e-odd', ${odd!}, '13700000000', 'jx', 'subscribe', ${bj('2026-10-05 10:00')}, 'demo')`.execute(ctx.database.db);
    b.set('2026-11-01 02:00');
    const r = await run(ctx, '2026-10');
    expect(r).toMatchObject({ status: 'done', total: 3, charged: 1, chargedAmount: 800, failed: 2 });
    expect(r.error).toBe('未能扣费 2 笔（订购记录异常 1 笔，IDEMPOTENCY_CONFLICT 1 笔），再次出账时会重试');
    expect((await ctx.subscriptions.billing.charges({ month: '2026-10' })).items.map((c) => c.msisdn)).toEqual([PHONES.liFang]);
  });

  it('a price set in October applies from November: October’s run charges the old price, November’s the new', async () => {
    const b = await billingWorld(t().database);
    const { ctx } = b;
    b.set('2026-10-10 10:00');
    await ctx.subscriptions.catalog.setPrice('jx', 1000, 'op');
    b.set('2026-11-01 02:00');
    expect(await run(ctx, '2026-10')).toMatchObject({ charged: 2, chargedAmount: 1600 });
    b.set('2026-12-01 02:00');
    expect(await run(ctx, '2026-11')).toMatchObject({ charged: 2, chargedAmount: 2000 });
    expect((await b.feeTransfers()).map((f) => [f[1], f[2]])).toEqual([
      ['202610', 800],
      ['202610', 800],
      ['202611', 1000],
      ['202611', 1000],
    ]);
    expect(await ctx.subscriptions.billing.carrierFile('2026-11')).toBe(
      ['msisdn,service_code,amount_fen,period', `${PHONES.liFang},JXHD,1000,202611`, `${PHONES.zhangFather},JXHD,1000,202611`, ''].join('\n'),
    );
    // A price of 0 (set in December, for January) charges nothing: the fees count as free.
    await ctx.subscriptions.catalog.setPrice('jx', 0, 'op');
    b.set('2027-02-01 02:00');
    expect(await run(ctx, '2027-01')).toMatchObject({ total: 2, charged: 0, chargedAmount: 0, free: 2, failed: 0, rules: { monthly: 2 } });
    expect(await b.feeTransfers()).toHaveLength(4);
    expect(await ctx.subscriptions.billing.carrierFile('2027-01')).toBe('msisdn,service_code,amount_fen,period\n');
  });

  it('writes the carrier file: one line per charge, ordered by number, amounts in fen', async () => {
    const b = await billingWorld(t().database);
    const { ctx, g } = b;
    await b.subscribe(g[7]!, '2026-10-02 08:00');
    await b.subscribe(g[6]!, '2026-10-22 08:00');
    b.set('2026-11-01 02:00');
    await run(ctx, '2026-10');
    const file = await ctx.subscriptions.billing.carrierFile('2026-10');
    expect(file).toBe(['msisdn,service_code,amount_fen,period', `${PHONES.liFang},JXHD,800,202610`, `${PHONES.zhangFather},JXHD,800,202610`, `${g[7]},JXHD,800,202610`, ''].join('\n'));
    let joined = '';
    for await (const c of ctx.subscriptions.billing.carrierFileChunks('2026-10')) {
      joined += c;
    }
    expect(joined).toBe(file);
    // A month without charges has only the header.
    expect(await ctx.subscriptions.billing.carrierFile('2026-09')).toBe('msisdn,service_code,amount_fen,period\n');
    await expect(ctx.subscriptions.billing.carrierFile('2026-1')).rejects.toMatchObject({ code: 'BILLING_MONTH_INVALID' });
  });

  it('pays agents their share of their schools’ fees once, with a statement, and sums the month by school and agency', async () => {
    const b = await billingWorld(t().database);
    const { ctx } = b;
    await seedSubscriptions(ctx, 7, { since: bj('2026-08-01 10:00'), schoolId: b.w.school, agencyId: b.tongda });
    await seedSubscriptions(ctx, 3, { since: bj('2026-08-01 10:00'), schoolId: b.w.otherSchool, agencyId: b.yuanhang, prefix: '1360000' });
    expect(await ctx.subscriptions.billing.shares.get(b.tongda)).toMatchObject({ shareBp: 2000, isDefault: true });
    expect(await ctx.subscriptions.billing.shares.set(b.tongda, 1234, 'op')).toMatchObject({ shareBp: 1234, isDefault: false, updatedBy: 'op' });
    for (const bad of [-1, 10_001, 12.5, Number.NaN, '2000' as unknown as number]) {
      await expect(ctx.subscriptions.billing.shares.set(b.tongda, bad, 'op')).rejects.toMatchObject({ code: 'BILLING_SHARE_INVALID' });
    }
    expect((await ctx.subscriptions.billing.shares.get(b.tongda)).shareBp).toBe(1234);
    b.set('2026-11-01 02:00');
    await run(ctx, '2026-10');
    // 通达: 8 fees (李芳 + 7) = 6,400 fen × 12.34 % = 789.76 → 789; 远航: 4 fees = 3,200 × 20 % = 640.
    const st = await ctx.subscriptions.billing.statements({ agencyIds: null, month: '2026-10' });
    expect(st.map((s) => [s.agencyId, s.charges, s.fees, s.shareBp, s.commission])).toEqual(
      [
        [b.tongda, 8, 6400, 1234, 789],
        [b.yuanhang, 4, 3200, 2000, 640],
      ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    );
    expect(st.every((s) => s.transferId !== null)).toBe(true);
    expect(await b.commissionOf(b.tongda)).toBe(789);
    expect(await b.commissionOf(b.yuanhang)).toBe(640);
    expect(await b.income()).toBe(9600 - 789 - 640);
    // An agent sees only its own statement.
    expect((await ctx.subscriptions.billing.statements({ agencyIds: [b.yuanhang] })).map((s) => s.agencyId)).toEqual([b.yuanhang]);
    expect(await ctx.subscriptions.billing.statements({ agencyIds: [] })).toEqual([]);

    // A share changed later does not change a settled month; running again pays nothing twice.
    await ctx.subscriptions.billing.shares.set(b.tongda, 5000, 'op');
    await run(ctx, '2026-10');
    expect(await b.commissionOf(b.tongda)).toBe(789);
    expect((await ctx.subscriptions.billing.statements({ agencyIds: [b.tongda], month: '2026-10' }))[0]).toMatchObject({ shareBp: 1234, commission: 789 });

    const summary = await ctx.subscriptions.billing.summary('2026-10');
    expect(summary.total).toEqual({ charges: 12, amount: 9600 });
    expect(summary.bySchool).toEqual([
      { schoolId: b.w.school, charges: 8, amount: 6400 },
      { schoolId: b.w.otherSchool, charges: 4, amount: 3200 },
    ]);
    expect(summary.byAgency).toEqual([
      { agencyId: b.tongda, charges: 8, amount: 6400, shareBp: 1234, commission: 789, settled: true },
      { agencyId: b.yuanhang, charges: 4, amount: 3200, shareBp: 2000, commission: 640, settled: true },
    ]);
    const mine = await ctx.subscriptions.billing.summary('2026-10', { agencyIds: [b.yuanhang] });
    expect(mine.total).toEqual({ charges: 4, amount: 3200 });
    expect(mine.bySchool.map((s) => s.schoolId)).toEqual([b.w.otherSchool]);
    // Charges filtered as an agent or a school sees them.
    expect((await ctx.subscriptions.billing.charges({ month: '2026-10', agencyIds: [b.yuanhang] })).total).toBe(4);
    expect((await ctx.subscriptions.billing.charges({ schoolIds: [b.w.school] })).total).toBe(8);
    expect((await ctx.subscriptions.billing.charges({ msisdn: PHONES.liFang })).items).toEqual([
      expect.objectContaining({ msisdn: PHONES.liFang, month: '2026-10', service: 'jx', serviceName: '家校互动', amount: 800, rule: 'monthly', ruleText: '包月：上月起持续订购，本月收取月费', schoolId: b.w.school, agencyId: b.tongda }),
    ]);
    expect(await ctx.ledger.verify()).toMatchObject({ ok: true });
  });

  it('a dry run counts what a run would charge and writes no charge; it may forecast the current month', async () => {
    const b = await billingWorld(t().database);
    const { ctx } = b;
    await b.subscribe(b.g[0]!, '2026-10-12 08:00');
    b.set('2026-11-01 02:00');
    const dry = await run(ctx, '2026-10', { dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, status: 'done', total: 3, charged: 3, chargedAmount: 2400, free: 0, failed: 0 });
    expect(await b.count('billing_charges')).toBe(0);
    expect(await b.count('billing_statements')).toBe(0);
    expect(await b.feeTransfers()).toEqual([]);
    // The current month: only as a forecast.
    b.set('2026-11-10 09:00');
    expect(await run(ctx, '2026-11', { dryRun: true })).toMatchObject({ dryRun: true, status: 'done', charged: 3 });
    await expect(startBillingRun(ctx, { month: '2026-11', by: 'test' })).rejects.toMatchObject({ code: 'BILLING_MONTH_INVALID', message: '2026-11 尚未结束，只能出账已结束的月份（本月可以试算）' });
    expect(await b.count('billing_charges')).toBe(0);
  });

  it('answers bad input with a clear error and writes nothing', async () => {
    const b = await billingWorld(t().database);
    const { ctx } = b;
    b.set('2026-11-10 09:00');
    const before = [await b.count('billing_runs'), await b.count('jobs', sql`name = 'billing.run'`)];
    for (const month of ['2026-1', '2026-13', 'abc', '', '202610', null as unknown as string, 202610 as unknown as string]) {
      await expect(startBillingRun(ctx, { month, by: 'test' })).rejects.toMatchObject({ code: 'BILLING_MONTH_INVALID', message: expect.stringContaining('YYYY-MM') as unknown });
    }
    await expect(startBillingRun(ctx, { month: '2026-12', by: 'test' })).rejects.toMatchObject({ code: 'BILLING_MONTH_INVALID', message: '2026-12 尚未结束，只能出账已结束的月份' });
    await expect(startBillingRun(ctx, { month: '2026-12', dryRun: true, by: 'test' })).rejects.toMatchObject({ code: 'BILLING_MONTH_INVALID', message: '2026-12 尚未开始，不能试算' });
    expect([await b.count('billing_runs'), await b.count('jobs', sql`name = 'billing.run'`)]).toEqual(before);
    await expect(ctx.subscriptions.billing.runs.get('nope')).rejects.toMatchObject({ code: 'BILLING_RUN_NOT_FOUND' });
    await expect(runBilling(ctx, 'nope')).rejects.toMatchObject({ code: 'BILLING_RUN_NOT_FOUND' });
    await expect(ctx.subscriptions.billing.charges({ month: 'x' })).rejects.toMatchObject({ code: 'BILLING_MONTH_INVALID' });
    await expect(ctx.subscriptions.billing.summary('2026-00')).rejects.toMatchObject({ code: 'BILLING_MONTH_INVALID' });
    await expect(chargeNow(ctx, { subscriptionId: 'nope', month: '2026-10' })).rejects.toMatchObject({ code: 'SUB_NOT_FOUND' });

    // A queued run of the month blocks another, until its heartbeat is two minutes old.
    const first = await startBillingRun(ctx, { month: '2026-10', by: 'op' });
    await expect(startBillingRun(ctx, { month: '2026-10', by: 'op' })).rejects.toMatchObject({ code: 'BILLING_RUN_ACTIVE', message: expect.stringContaining('2026-10 的出账正在进行') as unknown });
    await expect(startBillingRun(ctx, { month: '2026-10', dryRun: true, by: 'op' })).rejects.toMatchObject({ code: 'BILLING_RUN_ACTIVE' });
    expect(await b.count('billing_runs')).toBe(before[0]! + 1);
    expect(await b.count('jobs', sql`name = 'billing.run'`)).toBe(before[1]! + 1);
    b.clock.advance(2 * 60_000);
    const second = await startBillingRun(ctx, { month: '2026-10', by: 'op' });
    expect(await ctx.subscriptions.billing.runs.get(first.id)).toMatchObject({ status: 'failed', error: '两分钟无进度，视为已中断' });
    expect(second.status).toBe('queued');
    // When the worker gets to both jobs, only the newer run charges.
    await b.worker.drain();
    expect(await ctx.subscriptions.billing.runs.get(first.id)).toMatchObject({ status: 'failed', processed: 0, charged: 0 });
    expect(await ctx.subscriptions.billing.runs.get(second.id)).toMatchObject({ status: 'done', charged: 2 });
  });

  it('runs as a job: queued by an operator, and on the 1st at 02:00 for the month that ended', async () => {
    const b = await billingWorld(t().database);
    const { ctx } = b;
    b.set('2026-10-05 09:00');
    const queued = await startBillingRun(ctx, { month: '2026-09', by: 'op' });
    expect(queued).toMatchObject({ status: 'queued', percent: 0, startedBy: 'op' });
    await b.worker.drain();
    expect(await ctx.subscriptions.billing.runs.get(queued.id)).toMatchObject({ status: 'done', charged: 2, chargedAmount: 1600 });

    // The schedule: on Nov 1st 02:00 Beijing time the job starts October's run.
    b.set('2026-11-01 01:59');
    await b.worker.drain();
    expect((await ctx.subscriptions.billing.runs.list()).items.map((r) => r.month)).toEqual(['2026-09']);
    b.set('2026-11-01 02:00');
    await b.worker.drain();
    const runs = (await ctx.subscriptions.billing.runs.list()).items;
    expect(runs.map((r) => [r.month, r.status, r.startedBy, r.charged])).toEqual([
      ['2026-10', 'done', 'system', 2],
      ['2026-09', 'done', 'op', 2],
    ]);
    // Already billed: the scheduled start does nothing more.
    expect(await startMonthlyRun(ctx)).toBeNull();
    expect(await b.feeTransfers()).toHaveLength(4);
  });
});
