/**
 * Which subscriptions owe a month's fee, page by page (the monthly run) or one at a time (rule 3's
 * immediate charge). A run reads 1,000,000 subscriptions, so the common case is decided without
 * their history: a subscription with no event since 72 hours before the month began has been in
 * its present state all along, so it owes the month ('monthly', due when the month begins) if it
 * is active, and nothing otherwise. Only subscriptions with an event in that window have their
 * history read and go through feeForMonth.
 */
import { pricesForMonth } from '../catalog';
import type { SubscriptionsDeps } from '../deps';
import { feeForMonth, FREE_CANCEL_MS, type FeeRule, type MonthFee, type SubscriptionEvent } from '../fee-rules';
import { MONTH, monthBounds } from '../months';
import { SubscriptionErrors as E } from '../subscriptions.errors';
import * as repo from './billing.repo';
import type { EventSlice, SubscriptionSlice } from './billing.repo';

export const DUE_PAGE_SIZE = 5000;

/** A fee to charge: one subscription, one month, a positive amount. */
export interface DueCharge {
  subscriptionId: string;
  msisdn: string;
  service: string;
  schoolId: string | null;
  agencyId: string | null;
  amount: number;
  rule: FeeRule;
  dueAt: number;
}

/** Where the next page starts: a service and the last id read of it. */
export interface DueCursor {
  service: string;
  afterId: string | null;
}

export interface DuePage {
  /** Subscriptions read in this page. */
  scanned: number;
  /** Fees to charge (amount > 0). */
  due: DueCharge[];
  /** Subscriptions that owe nothing this month (not due, or due at a price of 0). */
  free: number;
  /** Subscriptions whose history could not be read by the fee rules (counted as failed). */
  invalid: { subscriptionId: string; reason: string }[];
  /** How many subscriptions each rule decided. */
  rules: Partial<Record<FeeRule, number>>;
  next: DueCursor | null;
}

export interface DueScan {
  month: string;
  /** How many subscriptions the scan reads in all. */
  total: number;
  /** The services billed monthly (paid, monthly cycle). */
  services: string[];
  first: DueCursor | null;
  page(cursor: DueCursor, limit?: number): Promise<DuePage>;
}

/** A subscription's history as the fee rules read it; a row older than its events' records gets its first subscription back. */
export function historyOf(row: Pick<SubscriptionSlice, 'status' | 'since' | 'created_at'>, events: readonly Pick<EventSlice, 'kind' | 'at'>[]): SubscriptionEvent[] {
  const out: SubscriptionEvent[] = events.map((e) => ({ kind: e.kind, at: Number(e.at) }));
  const first = out[0];
  if (!first) {
    return row.status === 'active' ? [{ kind: 'subscribe', at: Number(row.since ?? row.created_at) }] : [];
  }
  if (first.kind === 'cancel') {
    out.unshift({ kind: 'subscribe', at: Math.min(Number(row.created_at), first.at) });
  }
  return out;
}

function checkMonth(month: string): void {
  if (typeof month !== 'string' || !MONTH.test(month)) {
    throw E.BILLING_MONTH_INVALID({ month: String(month) }, '账期格式应为 YYYY-MM，例如 2026-10');
  }
}

/** Starts a scan of a month's fees: the services, their prices that month, how many subscriptions. */
export async function dueScan(deps: SubscriptionsDeps, month: string): Promise<DueScan> {
  checkMonth(month);
  const services = (await repo.monthlyServices(deps.db)).map((s) => s.code);
  const prices = await pricesForMonth(deps, month);
  const { start } = monthBounds(month, deps.timeZone);
  const windowStart = start - FREE_CANCEL_MS;
  const total = await repo.countSubscriptions(deps.db, services);

  const page = async (cursor: DueCursor, limit = DUE_PAGE_SIZE): Promise<DuePage> => {
    const rows = await repo.subscriptionsPage(deps.db, cursor.service, cursor.afterId, limit);
    const at = services.indexOf(cursor.service);
    const next: DueCursor | null =
      rows.length === limit ? { service: cursor.service, afterId: rows.at(-1)!.id } : at >= 0 && at + 1 < services.length ? { service: services[at + 1]!, afterId: null } : null;
    const out: DuePage = { scanned: rows.length, due: [], free: 0, invalid: [], rules: {}, next };
    if (rows.length === 0) {
      return out;
    }
    const ids = new Set(rows.map((r) => r.id));
    const moved = new Set((await repo.eventsInRangeSince(deps.db, rows[0]!.id, rows.at(-1)!.id, windowStart)).map((e) => e.subscription_id).filter((id) => ids.has(id)));
    // Rows without an event in the window, but whose present state began in it (rows older than their events), are read in full too.
    for (const r of rows) {
      if (r.status === 'active' && Number(r.since ?? r.created_at) >= windowStart) {
        moved.add(r.id);
      }
    }
    const byId = new Map<string, EventSlice[]>();
    if (moved.size > 0) {
      for (const e of await repo.histories(deps.db, [...moved])) {
        const list = byId.get(e.subscription_id);
        if (list) {
          list.push(e);
        } else {
          byId.set(e.subscription_id, [e]);
        }
      }
    }
    const price = prices.get(cursor.service) ?? 0;
    const count = (rule: FeeRule) => (out.rules[rule] = (out.rules[rule] ?? 0) + 1);
    for (const r of rows) {
      let fee: Pick<MonthFee, 'due' | 'rule' | 'dueAt'>;
      if (!moved.has(r.id)) {
        fee = r.status === 'active' ? { due: true, rule: 'monthly', dueAt: start } : { due: false, rule: 'not_subscribed', dueAt: null };
      } else {
        try {
          fee = feeForMonth(historyOf(r, byId.get(r.id) ?? []), month, deps.timeZone);
        } catch (e) {
          out.invalid.push({ subscriptionId: r.id, reason: e instanceof Error ? e.message : String(e) });
          continue;
        }
      }
      count(fee.rule);
      if (fee.due && price > 0) {
        out.due.push({ subscriptionId: r.id, msisdn: r.msisdn, service: r.service, schoolId: r.school_id, agencyId: r.agency_id, amount: price, rule: fee.rule, dueAt: fee.dueAt! });
      } else {
        out.free++;
      }
    }
    return out;
  };

  return { month, total, services, first: services.length > 0 ? { service: services[0]!, afterId: null } : null, page };
}

export interface OneFee {
  subscription: SubscriptionSlice;
  fee: MonthFee;
  /** The service's price that month (what a due fee charges), fen. */
  price: number;
  /** Whether the service is billed monthly at all. */
  monthly: boolean;
}

/** One subscription's fee for a month, from its whole history. */
export async function feeOf(deps: SubscriptionsDeps, subscriptionId: string, month: string): Promise<OneFee> {
  checkMonth(month);
  const row = typeof subscriptionId === 'string' ? await repo.subscriptionById(deps.db, subscriptionId) : undefined;
  if (!row) {
    throw E.SUB_NOT_FOUND({ subscriptionId: String(subscriptionId) });
  }
  const monthly = (await repo.monthlyServices(deps.db)).some((s) => s.code === row.service);
  const events = await repo.histories(deps.db, [row.id]);
  const fee = monthly ? feeForMonth(historyOf(row, events), month, deps.timeZone) : { month, due: false, rule: 'not_subscribed' as const, dueAt: null };
  const price = (await pricesForMonth(deps, month)).get(row.service) ?? 0;
  return { subscription: row, fee, price, monthly };
}
