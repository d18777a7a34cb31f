/**
 * Billing runs: one row per run of a month (real or dry), with progress counters and a heartbeat
 * (`updated_at`, written after every page). A real run bills a month that has ended; a dry run may
 * also forecast the current month. A queued or running run of the month blocks another unless its
 * heartbeat is older than two minutes (its process died); starting again then marks it failed.
 */
import { newId } from '../../../platform/ids';
import type { SubscriptionsDeps } from '../deps';
import type { FeeRule } from '../fee-rules';
import { MONTH, monthBounds, monthOf } from '../months';
import { SubscriptionErrors as E } from '../subscriptions.errors';
import type { BillingRunRow } from '../tables';
import * as repo from './billing.repo';

/** The job that carries out a run (flows/billing.flow.ts, runBilling). */
export const BILLING_RUN_JOB = 'billing.run';
/** A run whose heartbeat is older than this is dead and may be started again. */
export const RUN_DEAD_AFTER_MS = 2 * 60_000;

export interface RunCounts {
  processed: number;
  /** Fees charged (dry run: that would be charged), and their sum in fen. */
  charged: number;
  chargedAmount: number;
  /** Subscriptions that owe nothing this month. */
  free: number;
  /** Fees the ledger refused (e.g. a closed account) or histories the rules could not read. */
  failed: number;
  /** How many subscriptions each fee rule decided. */
  rules: Partial<Record<FeeRule, number>>;
}

export interface RunView extends RunCounts {
  id: string;
  month: string;
  dryRun: boolean;
  status: BillingRunRow['status'];
  /** Subscriptions of monthly services to look at. */
  total: number;
  startedBy: string | null;
  startedAt: number;
  updatedAt: number;
  finishedAt: number | null;
  /** Why it failed; for a finished run, a note of the fees that could not be charged. */
  error: string | null;
  /** 0–100. */
  percent: number;
}

export function runView(r: BillingRunRow): RunView {
  const total = Number(r.total);
  const processed = Number(r.processed);
  return {
    id: r.id,
    month: r.month,
    dryRun: Number(r.dry_run) === 1,
    status: r.status,
    total,
    processed,
    charged: Number(r.charged),
    chargedAmount: Number(r.charged_amount),
    free: Number(r.free),
    failed: Number(r.failed),
    rules: JSON.parse(r.rules) as RunView['rules'],
    startedBy: r.started_by,
    startedAt: Number(r.started_at),
    updatedAt: Number(r.updated_at),
    finishedAt: r.finished_at === null ? null : Number(r.finished_at),
    error: r.error,
    percent: r.status === 'done' ? 100 : total > 0 ? Math.min(100, Math.floor((processed * 100) / total)) : 0,
  };
}

const countsSet = (c: RunCounts) => ({
  processed: c.processed,
  charged: c.charged,
  charged_amount: c.chargedAmount,
  free: c.free,
  failed: c.failed,
  rules: JSON.stringify(c.rules),
});

/** Checks a month for a run: 'YYYY-MM'; a real run only once the month has ended, a dry run not for a month to come. */
export function checkRunMonth(deps: SubscriptionsDeps, month: unknown, dryRun: boolean): string {
  if (typeof month !== 'string' || !MONTH.test(month)) {
    throw E.BILLING_MONTH_INVALID({ month: String(month) }, '账期格式应为 YYYY-MM，例如 2026-10');
  }
  const now = deps.clock.now();
  const current = monthOf(now, deps.timeZone);
  if (dryRun ? month > current : monthBounds(month, deps.timeZone).end > now) {
    throw E.BILLING_MONTH_INVALID(
      { month, current },
      dryRun ? `${month} 尚未开始，不能试算` : month === current ? `${month} 尚未结束，只能出账已结束的月份（本月可以试算）` : `${month} 尚未结束，只能出账已结束的月份`,
    );
  }
  return month;
}

const alive = (deps: SubscriptionsDeps, r: BillingRunRow) => deps.clock.now() - Number(r.updated_at) < RUN_DEAD_AFTER_MS;

/**
 * Writes a queued run of a month and (unless `enqueue` is false: the CLI runs it itself) its job,
 * in one transaction. Refuses while another run of the month is alive.
 */
export async function startRun(deps: SubscriptionsDeps, o: { month: string; dryRun?: boolean; by?: string | null; enqueue?: boolean }): Promise<RunView> {
  const dryRun = o.dryRun === true;
  const month = checkRunMonth(deps, o.month, dryRun);
  const now = deps.clock.now();
  const row: BillingRunRow = {
    id: newId(now),
    month,
    dry_run: dryRun ? 1 : 0,
    status: 'queued',
    total: 0,
    processed: 0,
    charged: 0,
    charged_amount: 0,
    free: 0,
    failed: 0,
    rules: '{}',
    started_by: o.by ?? null,
    started_at: now,
    updated_at: now,
    finished_at: null,
    error: null,
  };
  await deps.database.transaction(async (trx) => {
    for (const r of await repo.activeRuns(trx, month)) {
      if (alive(deps, r)) {
        throw E.BILLING_RUN_ACTIVE({ month, runId: r.id, status: r.status }, `${month} 的${Number(r.dry_run) === 1 ? '试算' : '出账'}正在进行（${runView(r).percent}%），请等它结束`);
      }
      await repo.updateRun(trx, r.id, { status: 'failed', error: '两分钟无进度，视为已中断', finished_at: now, updated_at: now }, ['queued', 'running']);
    }
    await repo.insertRun(trx, row);
    if (o.enqueue !== false) {
      await deps.enqueue(trx, BILLING_RUN_JOB, { runId: row.id });
    }
  });
  return runView(row);
}

export async function getRun(deps: SubscriptionsDeps, id: string): Promise<RunView> {
  const r = typeof id === 'string' ? await repo.getRun(deps.db, id) : undefined;
  if (!r) {
    throw E.BILLING_RUN_NOT_FOUND({ runId: String(id) });
  }
  return runView(r);
}

export async function listRuns(deps: SubscriptionsDeps, o: { limit?: number; offset?: number } = {}): Promise<{ items: RunView[]; total: number }> {
  const limit = Math.min(Math.max(Math.trunc(Number(o.limit ?? 20)) || 20, 1), 200);
  const offset = Math.max(Math.trunc(Number(o.offset ?? 0)) || 0, 0);
  const r = await repo.listRuns(deps.db, limit, offset);
  return { items: r.items.map(runView), total: r.total };
}

/**
 * Marks a run running (from queued, failed, or running with a dead heartbeat: a job taken over
 * after its worker died), counters at zero and the total set. A finished run, or one a newer run
 * of its month has replaced, is returned as it is (not running).
 */
export async function beginRun(deps: SubscriptionsDeps, id: string, total: number): Promise<RunView> {
  const row = typeof id === 'string' ? await repo.getRun(deps.db, id) : undefined;
  if (!row) {
    throw E.BILLING_RUN_NOT_FOUND({ runId: String(id) });
  }
  if (row.status === 'done') {
    return runView(row);
  }
  if (row.status === 'running' && alive(deps, row)) {
    throw E.BILLING_RUN_ACTIVE({ month: row.month, runId: id }, `${row.month} 的出账正在进行，请等它结束`);
  }
  const now = deps.clock.now();
  // Started again since (this one was taken for dead): the newer run does the work.
  const newer = await repo.newerRun(deps.db, row);
  if (newer) {
    await repo.updateRun(deps.db, id, { status: 'failed', error: row.error ?? `已被编号 ${newer.id} 的出账取代`, finished_at: row.finished_at ?? now, updated_at: now }, ['queued', 'running', 'failed']);
    return getRun(deps, id);
  }
  const zero: RunCounts = { processed: 0, charged: 0, chargedAmount: 0, free: 0, failed: 0, rules: {} };
  await repo.updateRun(deps.db, id, { status: 'running', total, ...countsSet(zero), error: null, finished_at: null, updated_at: now }, ['queued', 'failed', 'running']);
  return getRun(deps, id);
}

/** Progress and heartbeat, after each page. */
export async function recordProgress(deps: SubscriptionsDeps, id: string, c: RunCounts): Promise<void> {
  await repo.updateRun(deps.db, id, { ...countsSet(c), updated_at: deps.clock.now() }, ['running']);
}

export async function finishRun(deps: SubscriptionsDeps, id: string, c: RunCounts, note: string | null): Promise<RunView> {
  const now = deps.clock.now();
  await repo.updateRun(deps.db, id, { ...countsSet(c), status: 'done', error: note, finished_at: now, updated_at: now }, ['running']);
  return getRun(deps, id);
}

export async function failRun(deps: SubscriptionsDeps, id: string, c: RunCounts, error: string): Promise<RunView> {
  const now = deps.clock.now();
  await repo.updateRun(deps.db, id, { ...countsSet(c), status: 'failed', error: error.slice(0, 500), finished_at: now, updated_at: now }, ['running', 'queued']);
  return getRun(deps, id);
}

/** The latest finished real run of a month (the monthly job skips a month already billed). */
export async function doneRunOf(deps: SubscriptionsDeps, month: string): Promise<RunView | null> {
  const r = await repo.lastDoneRun(deps.db, month, false);
  return r ? runView(r) : null;
}
