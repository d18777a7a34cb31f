/**
 * Agents' commission: a configurable share (basis points, 2000 = 20 % when an agency has none set)
 * of the fees charged to subscriptions sold under the agency's schools, settled once a month in a
 * statement. The share is fixed when the month is first settled; a charge recorded later (a rerun
 * that charged what had failed) raises the month's commission, never lowers it.
 */
import type { SubscriptionsDeps } from '../deps';
import { MONTH } from '../months';
import { SubscriptionErrors as E } from '../subscriptions.errors';
import type { StatementRow } from '../tables';
import * as repo from './billing.repo';

export const DEFAULT_SHARE_BP = 2000;

export const commissionOf = (fees: number, shareBp: number) => Math.floor((fees * shareBp) / 10_000);

export interface ShareView {
  agencyId: string;
  /** Basis points: 2000 = 20 %. */
  shareBp: number;
  /** No share set for the agency: the default applies. */
  isDefault: boolean;
  updatedBy: string | null;
  updatedAt: number | null;
}

export interface StatementView {
  agencyId: string;
  month: string;
  charges: number;
  /** fen */
  fees: number;
  shareBp: number;
  commission: number;
  /** The ledger transfer that paid the commission (the latest, if raised later); null if none was needed or it failed. */
  transferId: number | null;
  createdAt: number;
}

const idOk = (id: unknown): id is string => typeof id === 'string' && id.length > 0 && id.length <= 64;

export async function getShare(deps: SubscriptionsDeps, agencyId: string): Promise<ShareView> {
  if (!idOk(agencyId)) {
    throw E.SUB_INVALID({ field: 'agencyId' });
  }
  const r = await repo.getShare(deps.db, agencyId);
  return r
    ? { agencyId, shareBp: Number(r.share_bp), isDefault: false, updatedBy: r.updated_by, updatedAt: Number(r.updated_at) }
    : { agencyId, shareBp: DEFAULT_SHARE_BP, isDefault: true, updatedBy: null, updatedAt: null };
}

/** Sets an agency's share from now on (months already settled keep theirs). The caller checks that the agency exists. */
export async function setShare(deps: SubscriptionsDeps, agencyId: string, shareBp: number, by: string): Promise<ShareView> {
  if (!idOk(agencyId)) {
    throw E.SUB_INVALID({ field: 'agencyId' });
  }
  if (!Number.isSafeInteger(shareBp) || shareBp < 0 || shareBp > 10_000) {
    throw E.BILLING_SHARE_INVALID({ shareBp });
  }
  await repo.upsertShare(deps.db, agencyId, shareBp, by, deps.clock.now());
  return getShare(deps, agencyId);
}

export function statementView(r: StatementRow): StatementView {
  return {
    agencyId: r.agency_id,
    month: r.month,
    charges: Number(r.charges),
    fees: Number(r.fees),
    shareBp: Number(r.share_bp),
    commission: Number(r.commission),
    transferId: r.transfer_id === null ? null : Number(r.transfer_id),
    createdAt: Number(r.created_at),
  };
}

export async function listStatements(deps: SubscriptionsDeps, o: { agencyIds: readonly string[] | null; month?: string }): Promise<StatementView[]> {
  if (o.month !== undefined && (typeof o.month !== 'string' || !MONTH.test(o.month))) {
    throw E.BILLING_MONTH_INVALID({ month: String(o.month) }, '账期格式应为 YYYY-MM，例如 2026-10');
  }
  return (await repo.statementsOf(deps.db, { agencyIds: o.agencyIds ?? null, month: o.month })).map(statementView);
}

/** What settling a month means for one agency: its fees, the share and commission, and what was already paid. */
export interface Settlement extends Pick<StatementView, 'agencyId' | 'month' | 'charges' | 'fees' | 'shareBp' | 'commission'> {
  /** Commission already paid through the ledger for this month (0 before the first settlement). */
  paid: number;
  /** The statement as it stands, if the month was settled before. */
  statement: StatementView | null;
}

export async function settlementsOf(deps: SubscriptionsDeps, month: string): Promise<Settlement[]> {
  const totals = (await repo.totalsBy(deps.db, month, 'agency_id', null)).filter((a): a is { id: string; charges: number; amount: number } => a.id !== null);
  const ids = totals.map((a) => a.id);
  const shares = await repo.shares(deps.db, ids);
  const existing = new Map((await repo.statementsOf(deps.db, { agencyIds: ids, month })).map((s) => [s.agency_id, statementView(s)]));
  return totals
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((a) => {
      const st = existing.get(a.id) ?? null;
      const shareBp = st ? st.shareBp : (shares.get(a.id) ?? DEFAULT_SHARE_BP);
      const paid = st && st.transferId !== null ? st.commission : 0;
      return { agencyId: a.id, month, charges: a.charges, fees: a.amount, shareBp, commission: Math.max(commissionOf(a.amount, shareBp), paid), paid, statement: st };
    });
}

/** Writes (or brings up to date) a month's statement for an agency. */
export async function recordStatement(deps: SubscriptionsDeps, s: { agencyId: string; month: string; charges: number; fees: number; shareBp: number; commission: number; transferId: number | null }): Promise<StatementView> {
  const now = deps.clock.now();
  const row: StatementRow = { agency_id: s.agencyId, month: s.month, charges: s.charges, fees: s.fees, share_bp: s.shareBp, commission: s.commission, transfer_id: s.transferId, created_at: now };
  await repo.upsertStatement(deps.db, row);
  return statementView((await repo.statementsOf(deps.db, { agencyIds: [s.agencyId], month: s.month }))[0]!);
}
