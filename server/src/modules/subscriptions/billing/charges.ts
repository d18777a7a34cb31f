/**
 * Charges (one per subscription and month, with the ledger transfer that moved it), the carrier's
 * billing file, and a month's summary by school and agency.
 */
import { serviceNames } from '../catalog';
import type { SubscriptionsDeps } from '../deps';
import { MONTH, compactMonth } from '../months';
import { SubscriptionErrors as E } from '../subscriptions.errors';
import type { ChargeRow } from '../tables';
import * as repo from './billing.repo';
import { ruleText } from './rule-text';
import { DEFAULT_SHARE_BP, commissionOf } from './commissions';

export interface ChargeView {
  subscriptionId: string;
  month: string;
  msisdn: string;
  service: string;
  serviceName: string;
  /** fen */
  amount: number;
  rule: string;
  ruleText: string;
  schoolId: string | null;
  agencyId: string | null;
  transferId: number;
  /** The run that charged it; null for rule 3's immediate charge. */
  runId: string | null;
  chargedAt: number;
}

/** What the flow records after the ledger moved a fee. */
export interface NewCharge {
  subscriptionId: string;
  month: string;
  msisdn: string;
  service: string;
  amount: number;
  rule: string;
  schoolId: string | null;
  agencyId: string | null;
  transferId: number;
  runId: string | null;
  chargedAt: number;
}

export function chargeView(r: ChargeRow, serviceNames: Map<string, string>): ChargeView {
  return {
    subscriptionId: r.subscription_id,
    month: r.month,
    msisdn: r.msisdn,
    service: r.service,
    serviceName: serviceNames.get(r.service) ?? r.service,
    amount: Number(r.amount),
    rule: r.rule,
    ruleText: ruleText(r.rule),
    schoolId: r.school_id,
    agencyId: r.agency_id,
    transferId: Number(r.transfer_id),
    runId: r.run_id,
    chargedAt: Number(r.charged_at),
  };
}

/** Records charges; one already recorded for the (subscription, month) is kept as it is. */
export async function recordCharges(deps: SubscriptionsDeps, charges: readonly NewCharge[]): Promise<void> {
  if (charges.length === 0) {
    return;
  }
  await repo.insertCharges(
    deps.db,
    charges.map((c) => ({
      subscription_id: c.subscriptionId,
      month: c.month,
      msisdn: c.msisdn,
      service: c.service,
      amount: c.amount,
      rule: c.rule,
      school_id: c.schoolId,
      agency_id: c.agencyId,
      transfer_id: c.transferId,
      run_id: c.runId,
      charged_at: c.chargedAt,
    })),
  );
}

export async function getCharge(deps: SubscriptionsDeps, subscriptionId: string, month: string): Promise<ChargeView | null> {
  const r = await repo.getCharge(deps.db, subscriptionId, month);
  return r ? chargeView(r, await serviceNames(deps)) : null;
}

function checkMonth(month: unknown): string {
  if (typeof month !== 'string' || !MONTH.test(month)) {
    throw E.BILLING_MONTH_INVALID({ month: String(month) }, '账期格式应为 YYYY-MM，例如 2026-10');
  }
  return month;
}

export interface ChargeQuery {
  msisdn?: string;
  month?: string;
  subscriptionId?: string;
  /** null: every agency (operator, support); otherwise only charges of these agencies' schools. */
  agencyIds?: readonly string[] | null;
  schoolIds?: readonly string[] | null;
  limit?: number;
  offset?: number;
}

export async function listCharges(deps: SubscriptionsDeps, q: ChargeQuery = {}): Promise<{ items: ChargeView[]; total: number }> {
  if (q.month !== undefined) {
    checkMonth(q.month);
  }
  if (q.msisdn !== undefined && (typeof q.msisdn !== 'string' || !/^\d{5,20}$/.test(q.msisdn))) {
    throw E.SUB_INVALID({ field: 'msisdn' }, '手机号码不正确');
  }
  const limit = Math.min(Math.max(Math.trunc(Number(q.limit ?? 50)) || 50, 1), 500);
  const offset = Math.max(Math.trunc(Number(q.offset ?? 0)) || 0, 0);
  const r = await repo.listCharges(deps.db, { msisdn: q.msisdn, month: q.month, subscriptionId: q.subscriptionId, agencyIds: q.agencyIds ?? null, schoolIds: q.schoolIds ?? null }, limit, offset);
  const n = await serviceNames(deps);
  return { items: r.items.map((c) => chargeView(c, n)), total: r.total };
}

export const CARRIER_HEADER = 'msisdn,service_code,amount_fen,period';
const CARRIER_PAGE = 10_000;

/**
 * The carrier's billing file for a month, in pieces (the header, then up to 10,000 lines each):
 * UTF-8 CSV `msisdn,service_code,amount_fen,period`, one line per charge, ordered by number
 * then service; amount in fen; period YYYYMM; service code the catalog's billing code.
 */
export async function* carrierFileChunks(deps: SubscriptionsDeps, month: string): AsyncGenerator<string> {
  checkMonth(month);
  const period = compactMonth(month);
  yield `${CARRIER_HEADER}\n`;
  let after: { msisdn: string; service: string } | null = null;
  for (;;) {
    const rows = await repo.carrierPage(deps.db, month, after, CARRIER_PAGE);
    if (rows.length === 0) {
      return;
    }
    let chunk = '';
    for (const r of rows) {
      chunk += `${r.msisdn},${r.billing_code},${Number(r.amount)},${period}\n`;
    }
    yield chunk;
    if (rows.length < CARRIER_PAGE) {
      return;
    }
    const last = rows.at(-1)!;
    after = { msisdn: last.msisdn, service: last.service };
  }
}

export async function carrierFile(deps: SubscriptionsDeps, month: string): Promise<string> {
  let out = '';
  for await (const c of carrierFileChunks(deps, month)) {
    out += c;
  }
  return out;
}

export interface MonthSummary {
  month: string;
  total: { charges: number; amount: number };
  bySchool: { schoolId: string | null; schoolName?: string; charges: number; amount: number }[];
  /** Commission as settled in the month's statement, or (before the run settles it) as the current share would make it. */
  byAgency: { agencyId: string | null; agencyName?: string; charges: number; amount: number; shareBp: number; commission: number; settled: boolean }[];
}

export async function monthSummary(deps: SubscriptionsDeps, month: string, o: { agencyIds?: readonly string[] | null } = {}): Promise<MonthSummary> {
  checkMonth(month);
  const agencyIds = o.agencyIds ?? null;
  const schools = await repo.totalsBy(deps.db, month, 'school_id', agencyIds);
  const agencies = await repo.totalsBy(deps.db, month, 'agency_id', agencyIds);
  const ids = agencies.flatMap((a) => (a.id ? [a.id] : []));
  const shares = await repo.shares(deps.db, ids);
  const statements = new Map((await repo.statementsOf(deps.db, { agencyIds: ids, month })).map((s) => [s.agency_id, s]));
  const byAmount = <T extends { amount: number }>(a: T, b: T) => b.amount - a.amount;
  return {
    month,
    total: { charges: schools.reduce((n, s) => n + s.charges, 0), amount: schools.reduce((n, s) => n + s.amount, 0) },
    bySchool: schools.map((s) => ({ schoolId: s.id, charges: s.charges, amount: s.amount })).sort(byAmount),
    byAgency: agencies
      .map((a) => {
        const st = a.id ? statements.get(a.id) : undefined;
        const shareBp = st ? Number(st.share_bp) : a.id ? (shares.get(a.id) ?? DEFAULT_SHARE_BP) : 0;
        return { agencyId: a.id, charges: a.charges, amount: a.amount, shareBp, commission: st ? Number(st.commission) : a.id ? commissionOf(a.amount, shareBp) : 0, settled: st !== undefined };
      })
      .sort(byAmount),
  };
}
