/**
 * The monthly billing run and rule 3's immediate charge: subscriptions decide which fees a month
 * owes, the ledger moves them (carrier receivable → fee income, code SUB_FEE), subscriptions
 * records the charges. Each fee is keyed `billing:<subscriptionId>` / `YYYYMM`, so a second run,
 * a run after a crash half-way, or a run after the immediate charge moves nothing twice: the
 * ledger answers the same key with the first transfer again. No undo is needed: a charge is
 * recorded (on conflict, kept) after its transfer, and a rerun records whatever a crash left out.
 *
 * After the fees, a real run settles the agents' commission for the month (fee income → the
 * agency's AGENT_COMMISSION account, keyed `commission:<agencyId>` / `YYYYMM`) and writes their
 * statements.
 */
import type { AppContext } from '../context';
import type { ChargeView, DueCharge, DuePage, FeeRule, NewCharge, RunCounts, RunView } from '../modules/subscriptions';
import { compactMonth, monthOf, previousMonth } from '../modules/subscriptions';
import type { TransferRequest, TransferResult } from '../modules/ledger';
import { AppError, isAppError } from '../platform/errors';

export const RECEIVABLE_ACCOUNT = 'CARRIER_RECEIVABLE';
export const FEE_INCOME_ACCOUNT = 'FEE_INCOME';
export const COMMISSION_ACCOUNT = 'AGENT_COMMISSION';
export const FEE_CODE = 'SUB_FEE';
export const COMMISSION_CODE = 'AGENT_COMMISSION';

export const feeScope = (subscriptionId: string) => `billing:${subscriptionId}`;
export const commissionScope = (agencyId: string) => `commission:${agencyId}`;

export interface FeeAccounts {
  receivable: string;
  income: string;
}

/** What the carrier collects on the phone bill for us, and what we earn (opened once, idempotent). */
export async function feeAccounts(ctx: AppContext): Promise<FeeAccounts> {
  const receivable = await ctx.ledger.openAccount({ code: RECEIVABLE_ACCOUNT, ownerType: 'platform', ownerId: 'carrier', name: '运营商代收信息费', noNegative: false });
  const income = await ctx.ledger.openAccount({ code: FEE_INCOME_ACCOUNT, ownerType: 'platform', ownerId: 'platform', name: '业务信息费收入', noNegative: false });
  return { receivable: receivable.id, income: income.id };
}

function feeRequest(a: FeeAccounts, month: string, d: Pick<DueCharge, 'subscriptionId' | 'msisdn' | 'service' | 'amount' | 'rule'>): TransferRequest {
  return {
    kind: 'single',
    scope: feeScope(d.subscriptionId),
    key: compactMonth(month),
    debitAccountId: a.receivable,
    creditAccountId: a.income,
    amount: d.amount,
    code: FEE_CODE,
    metadata: { msisdn: d.msisdn, service: d.service, month, rule: d.rule },
  };
}

/** Starts a billing run: a queued run row and its job, in one transaction (CLI: `enqueue: false`, it runs it itself). */
export async function startBillingRun(ctx: AppContext, o: { month: string; dryRun?: boolean; by?: string | null; enqueue?: boolean }): Promise<RunView> {
  return ctx.subscriptions.billing.runs.start(o);
}

export interface RunOptions {
  /** Subscriptions read per page (default 5,000). */
  pageSize?: number;
  /** Fees in flight at the ledger at once (group commit batches them; default 4,000). */
  concurrency?: number;
}

const errorText = (e: unknown) => (isAppError(e) ? `[${e.code}] ${e.message}` : e instanceof Error ? e.message : String(e));

/**
 * Carries out a run (the `billing.run` job, and `yikatong billing run`): pages through the month's
 * subscriptions, charges what is due, many fees in flight at once, while the next page is read;
 * records the charges and the progress after each page. A fee the ledger refuses (a closed
 * account) counts as failed and the run goes on; an error with an unknown outcome (a lost
 * connection) stops it as 'failed', and running it again charges each fee exactly once.
 */
export async function runBilling(ctx: AppContext, runId: string, onProgress?: (run: RunView) => void, opts: RunOptions = {}): Promise<RunView> {
  const billing = ctx.subscriptions.billing;
  const first = await billing.runs.get(runId);
  if (first.status === 'done') {
    return first;
  }
  const scan = await billing.due(first.month);
  const run = await billing.runs.begin(runId, scan.total);
  if (run.status !== 'running') {
    return run;
  }
  const { month, dryRun } = run;
  const counts: RunCounts = { processed: 0, charged: 0, chargedAmount: 0, free: 0, failed: 0, rules: {} };
  const refused = new Map<string, number>();
  const report = () =>
    onProgress?.({ ...run, ...counts, rules: { ...counts.rules }, percent: scan.total > 0 ? Math.min(100, Math.floor((counts.processed * 100) / scan.total)) : 0, updatedAt: ctx.clock.now() });
  report();
  try {
    const accounts = dryRun ? null : await feeAccounts(ctx);
    const limit = Math.max(1, opts.concurrency ?? 4000);
    let inFlight = 0;
    const waiting: (() => void)[] = [];
    const acquire = (): Promise<void> | null => {
      if (inFlight < limit) {
        inFlight++;
        return null;
      }
      return new Promise<void>((resolve) => waiting.push(resolve));
    };
    const release = () => {
      const next = waiting.shift();
      if (next) {
        next();
      } else {
        inFlight--;
      }
    };
    let fatal: { error: unknown } | null = null;

    const finishPage = async (page: DuePage, submitted: number, settled: Promise<PromiseSettledResult<TransferResult>[]>) => {
      const results = await settled;
      const rows: NewCharge[] = [];
      counts.processed += page.scanned - (page.due.length - submitted);
      counts.free += page.free;
      counts.failed += page.invalid.length;
      for (const [rule, n] of Object.entries(page.rules) as [FeeRule, number][]) {
        counts.rules[rule] = (counts.rules[rule] ?? 0) + n;
      }
      for (const x of page.invalid) {
        ctx.log.warn({ runId, subscriptionId: x.subscriptionId, reason: x.reason }, '订购记录无法按计费规则判断，未扣费');
        refused.set('INVALID_HISTORY', (refused.get('INVALID_HISTORY') ?? 0) + 1);
      }
      if (dryRun) {
        counts.charged += page.due.length;
        counts.chargedAmount += page.due.reduce((n, d) => n + d.amount, 0);
      }
      results.forEach((r, i) => {
        const d = page.due[i]!;
        if (r.status === 'fulfilled' && r.value.ok) {
          counts.charged++;
          counts.chargedAmount += d.amount;
          rows.push({ ...d, month, transferId: r.value.transfer.id, runId, chargedAt: r.value.transfer.createdAt });
        } else {
          counts.failed++;
          const code = r.status === 'fulfilled' && !r.value.ok ? r.value.code : 'UNKNOWN_OUTCOME';
          refused.set(code, (refused.get(code) ?? 0) + 1);
          if (r.status === 'fulfilled' && !r.value.ok) {
            ctx.log.warn({ runId, subscriptionId: d.subscriptionId, code }, '信息费扣费被账务拒绝');
          }
        }
      });
      await billing.recordCharges(rows);
      await billing.runs.progress(runId, counts);
      report();
    };

    let chain: Promise<void> = Promise.resolve();
    let loading: Promise<DuePage> | null = scan.first ? scan.page(scan.first, opts.pageSize) : null;
    loading?.catch(() => undefined);
    while (loading && !fatal) {
      let page: DuePage;
      try {
        page = await loading;
      } catch (e) {
        // Stop here, but let the fees already in flight settle and be recorded first.
        fatal = { error: e };
        break;
      }
      // Read the next page while this one is charged.
      loading = page.next ? scan.page(page.next, opts.pageSize) : null;
      loading?.catch(() => undefined);
      const charges: Promise<TransferResult>[] = [];
      if (accounts) {
        for (const d of page.due) {
          const wait = acquire();
          if (wait) {
            await wait;
          }
          if (fatal) {
            release();
            break;
          }
          charges.push(
            ctx.ledger
              .apply([feeRequest(accounts, month, d)])
              .then(
                (r) => r[0]!,
                (e: unknown) => {
                  fatal ??= { error: e };
                  throw e;
                },
              )
              .finally(release),
          );
        }
      }
      const settled = Promise.allSettled(charges);
      const submitted = accounts ? charges.length : page.due.length;
      chain = chain
        .then(() => finishPage(page, submitted, settled))
        .catch((e: unknown) => {
          fatal ??= { error: e };
        });
    }
    await chain;
    if (fatal) {
      throw fatal.error;
    }
    const notes: string[] = [];
    if (refused.size > 0) {
      notes.push(`未能扣费 ${counts.failed} 笔（${[...refused].map(([code, n]) => `${code === 'INVALID_HISTORY' ? '订购记录异常' : code} ${n} 笔`).join('，')}），再次出账时会重试`);
    }
    if (!dryRun) {
      const c = await settleCommissions(ctx, month);
      if (c.refused.length > 0) {
        notes.push(`代理商佣金未能入账：${c.refused.map((x) => `${x.agencyId} ${x.code}`).join('，')}`);
      }
    }
    const done = await billing.runs.finish(runId, counts, notes.length > 0 ? notes.join('；') : null);
    onProgress?.(done);
    return done;
  } catch (e) {
    await billing.runs.fail(runId, counts, errorText(e)).catch(() => undefined);
    throw e;
  }
}

/**
 * Pays the agents' commission for a month (once the month's fees are charged): per agency, the
 * share of its schools' fees, from fee income to its commission account, and its statement.
 * Running it again pays nothing twice; fees recorded since raise the commission by the difference.
 */
export async function settleCommissions(ctx: AppContext, month: string): Promise<{ settled: number; refused: { agencyId: string; code: string }[] }> {
  const billing = ctx.subscriptions.billing;
  const list = await billing.settlements(month);
  const refused: { agencyId: string; code: string }[] = [];
  if (list.length === 0) {
    return { settled: 0, refused };
  }
  const { income } = await feeAccounts(ctx);
  const names = await ctx.org.tenantNames(list.map((s) => ({ tenantType: 'agency', tenantId: s.agencyId })));
  for (const s of list) {
    let transferId = s.statement?.transferId ?? null;
    let commission = s.commission;
    const owed = s.commission - s.paid;
    if (owed > 0) {
      const account = await ctx.ledger.openAccount({
        code: COMMISSION_ACCOUNT,
        ownerType: 'agency',
        ownerId: s.agencyId,
        name: `${(names.get(`agency:${s.agencyId}`) ?? s.agencyId).slice(0, 50)} 佣金`,
        noNegative: true,
      });
      const [r] = await ctx.ledger.apply([
        {
          kind: 'single',
          scope: commissionScope(s.agencyId),
          // The first settlement of the month; a later raise is keyed by the total it brings the month to.
          key: s.paid === 0 ? compactMonth(month) : `${compactMonth(month)}+${s.commission}`,
          debitAccountId: income,
          creditAccountId: account.id,
          amount: owed,
          code: COMMISSION_CODE,
          metadata: { month, fees: s.fees, shareBp: s.shareBp, commission: s.commission },
        },
      ]);
      if (r?.ok) {
        transferId = r.transfer.id;
      } else {
        commission = s.paid;
        refused.push({ agencyId: s.agencyId, code: r?.ok === false ? r.code : 'UNKNOWN' });
        ctx.log.warn({ agencyId: s.agencyId, month, code: r?.ok === false ? r.code : null }, '代理商佣金入账被拒绝');
      }
    }
    await billing.recordStatement({ agencyId: s.agencyId, month, charges: s.charges, fees: s.fees, shareBp: s.shareBp, commission, transferId });
  }
  return { settled: list.length, refused };
}

/**
 * Rule 3: a subscription again before the 24th owes the month's fee at once (job
 * `billing.charge-now`). Recomputed from the history; charged with the month's key, so the run
 * of the month finds it charged. Running it again changes nothing.
 */
export async function chargeNow(ctx: AppContext, o: { subscriptionId: string; month: string }): Promise<{ charged: boolean; rule: FeeRule; charge: ChargeView | null }> {
  const billing = ctx.subscriptions.billing;
  const f = await billing.feeOf(o.subscriptionId, o.month);
  if (!f.fee.due || f.price <= 0) {
    return { charged: false, rule: f.fee.rule, charge: await billing.charge(o.subscriptionId, o.month) };
  }
  const s = f.subscription;
  const accounts = await feeAccounts(ctx);
  const [r] = await ctx.ledger.apply([feeRequest(accounts, o.month, { subscriptionId: s.id, msisdn: s.msisdn, service: s.service, amount: f.price, rule: f.fee.rule })]);
  if (!r?.ok) {
    throw new AppError(r?.code ?? 'LEDGER_INVALID_REQUEST', 'conflict', r?.message ?? '扣费失败', r?.ok === false ? r.details : {});
  }
  await billing.recordCharges([
    {
      subscriptionId: s.id,
      month: o.month,
      msisdn: s.msisdn,
      service: s.service,
      amount: f.price,
      rule: f.fee.rule,
      schoolId: s.school_id,
      agencyId: s.agency_id,
      transferId: r.transfer.id,
      runId: null,
      chargedAt: r.transfer.createdAt,
    },
  ]);
  return { charged: true, rule: f.fee.rule, charge: await billing.charge(o.subscriptionId, o.month) };
}

/**
 * The scheduled run on the 1st (02:00, Asia/Shanghai): bills the month that has just ended,
 * unless a real run of it has finished already or one is under way.
 */
export async function startMonthlyRun(ctx: AppContext): Promise<RunView | null> {
  const month = previousMonth(monthOf(ctx.clock.now(), ctx.config.businessTimezone));
  if (await ctx.subscriptions.billing.runs.doneOf(month)) {
    return null;
  }
  try {
    return await startBillingRun(ctx, { month, dryRun: false, by: 'system' });
  } catch (e) {
    if (isAppError(e) && e.code === 'BILLING_RUN_ACTIVE') {
      return null;
    }
    throw e;
  }
}

/** A month's summary with school and agency names (from org). */
export async function billingSummary(ctx: AppContext, month: string, o: { agencyIds?: readonly string[] | null } = {}) {
  const s = await ctx.subscriptions.billing.summary(month, o);
  const names = await ctx.org.tenantNames([
    ...s.bySchool.flatMap((x) => (x.schoolId ? [{ tenantType: 'school', tenantId: x.schoolId }] : [])),
    ...s.byAgency.flatMap((x) => (x.agencyId ? [{ tenantType: 'agency', tenantId: x.agencyId }] : [])),
  ]);
  return {
    ...s,
    bySchool: s.bySchool.map((x) => ({ ...x, schoolName: x.schoolId ? (names.get(`school:${x.schoolId}`) ?? undefined) : undefined })),
    byAgency: s.byAgency.map((x) => ({ ...x, agencyName: x.agencyId ? (names.get(`agency:${x.agencyId}`) ?? undefined) : undefined })),
  };
}
