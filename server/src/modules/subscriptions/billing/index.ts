/**
 * Billing, the subscriptions module's `billing` namespace: which fees a month owes (due), runs
 * and their progress, charges, the carrier's file, summaries, agents' shares and statements.
 * Money never moves here: flows/billing.flow.ts asks the ledger and records the outcome through
 * these functions.
 */
import type { SubscriptionsDeps } from '../deps';
import { carrierFile, carrierFileChunks, getCharge, listCharges, monthSummary, recordCharges, type ChargeQuery, type NewCharge } from './charges';
import { getShare, listStatements, recordStatement, setShare, settlementsOf } from './commissions';
import { dueScan, feeOf } from './due';
import { beginRun, doneRunOf, failRun, finishRun, getRun, listRuns, recordProgress, startRun, type RunCounts } from './runs';

export { RULE_TEXT, ruleText } from './rule-text';
export { BILLING_RUN_JOB, RUN_DEAD_AFTER_MS, checkRunMonth, type RunCounts, type RunView } from './runs';
export { CARRIER_HEADER, type ChargeQuery, type ChargeView, type MonthSummary, type NewCharge } from './charges';
export { DEFAULT_SHARE_BP, commissionOf, type Settlement, type ShareView, type StatementView } from './commissions';
export { DUE_PAGE_SIZE, historyOf, type DueCharge, type DueCursor, type DuePage, type DueScan, type OneFee } from './due';

export function billingApi(deps: SubscriptionsDeps) {
  return {
    /** Starts a scan of a month's fees (the run pages through it). */
    due: (month: string) => dueScan(deps, month),
    /** One subscription's fee for a month, from its whole history (rule 3's immediate charge, explanations). */
    feeOf: (subscriptionId: string, month: string) => feeOf(deps, subscriptionId, month),
    runs: {
      start: (o: { month: string; dryRun?: boolean; by?: string | null; enqueue?: boolean }) => startRun(deps, o),
      list: (o?: { limit?: number; offset?: number }) => listRuns(deps, o),
      get: (id: string) => getRun(deps, id),
      begin: (id: string, total: number) => beginRun(deps, id, total),
      progress: (id: string, c: RunCounts) => recordProgress(deps, id, c),
      finish: (id: string, c: RunCounts, note: string | null) => finishRun(deps, id, c, note),
      fail: (id: string, c: RunCounts, error: string) => failRun(deps, id, c, error),
      /** The latest finished real run of a month, or null. */
      doneOf: (month: string) => doneRunOf(deps, month),
    },
    recordCharges: (charges: readonly NewCharge[]) => recordCharges(deps, charges),
    charge: (subscriptionId: string, month: string) => getCharge(deps, subscriptionId, month),
    charges: (q?: ChargeQuery) => listCharges(deps, q),
    carrierFile: (month: string) => carrierFile(deps, month),
    carrierFileChunks: (month: string) => carrierFileChunks(deps, month),
    summary: (month: string, o?: { agencyIds?: readonly string[] | null }) => monthSummary(deps, month, o),
    statements: (o: { agencyIds: readonly string[] | null; month?: string }) => listStatements(deps, o),
    shares: {
      get: (agencyId: string) => getShare(deps, agencyId),
      set: (agencyId: string, shareBp: number, by: string) => setShare(deps, agencyId, shareBp, by),
    },
    /** Per agency, what settling a month's commission needs (the flow pays it through the ledger). */
    settlements: (month: string) => settlementsOf(deps, month),
    recordStatement: (s: Parameters<typeof recordStatement>[1]) => recordStatement(deps, s),
  };
}

export type BillingApi = ReturnType<typeof billingApi>;
