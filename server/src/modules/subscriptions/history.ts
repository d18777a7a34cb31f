/**
 * What guardians, agents and 10086 support see of a number: its subscriptions, every change
 * (when, by which channel, by whom), the consents behind them, the charges, and each month's
 * fee with the rule that decided it; and the explanation of one month's charge.
 */
import { chargeView, type ChargeView } from './billing/charges';
import { ruleText } from './billing/rule-text';
import { priceIn, priceVersions, pricesForMonth, serviceRows } from './catalog';
import type { SubscriptionsDeps } from './deps';
import { feeForMonth, type FeeRule } from './fee-rules';
import { guardianOf, normalizePhone, type Guardian } from './guardians';
import { CHANNEL_TEXT, type Channel } from './lifecycle';
import { MONTH, monthBounds, monthOf, previousMonth } from './months';
import { SubscriptionErrors as E } from './subscriptions.errors';
import { t, type EventRow, type SubscriptionRow } from './tables';

export interface SubscriptionView {
  id: string;
  msisdn: string;
  service: string;
  serviceName: string;
  status: 'active' | 'cancelled';
  channel: string;
  channelText: string;
  since: number | null;
  schoolId: string | null;
  schoolName: string | null;
  agencyId: string | null;
  agencyName: string | null;
  updatedAt: number;
}

export interface EventView {
  id: string;
  subscriptionId: string;
  service: string;
  serviceName: string;
  kind: 'subscribe' | 'cancel';
  at: number;
  channel: string;
  channelText: string;
  actorId: string | null;
  actorName: string | null;
  note: string | null;
}

export interface ConsentView {
  id: string;
  subscriptionId: string;
  service: string;
  channel: string;
  channelText: string;
  raw: string;
  receivedAt: number;
  retainUntil: number | null;
}


export interface MonthFeeView {
  subscriptionId: string;
  service: string;
  month: string;
  due: boolean;
  rule: FeeRule;
  ruleText: string;
  amount: number;
  charged: boolean;
  /** The month has not ended: the fee may still change (e.g. a cancellation within 72 hours). */
  forecast: boolean;
}

const channelText = (c: string) => CHANNEL_TEXT[c as Channel] ?? c;

export async function subscriptionViews(deps: SubscriptionsDeps, rows: SubscriptionRow[]): Promise<SubscriptionView[]> {
  const services = await serviceRows(deps);
  const names = await deps.org.tenantNames([
    ...rows.flatMap((r) => (r.school_id ? [{ tenantType: 'school', tenantId: r.school_id }] : [])),
    ...rows.flatMap((r) => (r.agency_id ? [{ tenantType: 'agency', tenantId: r.agency_id }] : [])),
  ]);
  return rows.map((r) => ({
    id: r.id,
    msisdn: r.msisdn,
    service: r.service,
    serviceName: services.get(r.service)?.name ?? r.service,
    status: r.status,
    channel: r.channel,
    channelText: channelText(r.channel),
    since: r.since === null ? null : Number(r.since),
    schoolId: r.school_id,
    schoolName: r.school_id ? (names.get(`school:${r.school_id}`) ?? null) : null,
    agencyId: r.agency_id,
    agencyName: r.agency_id ? (names.get(`agency:${r.agency_id}`) ?? null) : null,
    updatedAt: Number(r.updated_at),
  }));
}

async function eventViews(deps: SubscriptionsDeps, rows: EventRow[]): Promise<EventView[]> {
  const services = await serviceRows(deps);
  const actors = new Map((await deps.identity.lookUpUsers({ ids: [...new Set(rows.flatMap((r) => (r.actor_id ? [r.actor_id] : [])))] })).map((u) => [u.id, u.name]));
  return rows.map((r) => ({
    id: r.id,
    subscriptionId: r.subscription_id,
    service: r.service,
    serviceName: services.get(r.service)?.name ?? r.service,
    kind: r.kind,
    at: Number(r.at),
    channel: r.channel,
    // An agent's subscription is the guardian's own confirmation; a cancellation by an agent is the agent's act.
    channelText: r.channel === 'agent' ? (r.kind === 'subscribe' ? '代理商代订（家长短信确认）' : '代理商') : channelText(r.channel),
    actorId: r.actor_id,
    actorName: r.actor_id ? (actors.get(r.actor_id) ?? null) : null,
    note: r.note,
  }));
}

export interface History {
  msisdn: string;
  guardian: Guardian | null;
  subscriptions: SubscriptionView[];
  events: EventView[];
  consents: ConsentView[];
  charges: ChargeView[];
  months: MonthFeeView[];
}

const MONTHS_SHOWN = 6;

/** A number's whole story with school services. */
export async function history(deps: SubscriptionsDeps, msisdnIn: string): Promise<History> {
  const msisdn = normalizePhone(msisdnIn);
  if (!msisdn) {
    throw E.SUB_INVALID({ field: 'msisdn' }, '手机号码不正确');
  }
  const subs = await t(deps.db).selectFrom('subscriptions').selectAll().where('msisdn', '=', msisdn).orderBy('created_at').execute();
  const events = await t(deps.db).selectFrom('subscription_events').selectAll().where('msisdn', '=', msisdn).orderBy('at', 'desc').orderBy('id', 'desc').execute();
  const consents = await t(deps.db).selectFrom('subscription_consents').selectAll().where('msisdn', '=', msisdn).orderBy('received_at', 'desc').execute();
  const charges = subs.length === 0 ? [] : await t(deps.db).selectFrom('billing_charges').selectAll().where('subscription_id', 'in', subs.map((s) => s.id)).orderBy('month', 'desc').execute();
  const services = await serviceRows(deps);
  const names = new Map([...services].map(([code, r]) => [code, r.name]));
  const versions = await priceVersions(deps);
  const now = deps.clock.now();
  const current = monthOf(now, deps.timeZone);
  const months: MonthFeeView[] = [];
  let m = current;
  for (let i = 0; i < MONTHS_SHOWN; i++, m = previousMonth(m)) {
    for (const s of subs.filter((x) => services.get(x.service)?.kind === 'paid' && services.get(x.service)?.cycle === 'month')) {
      const evs = events.filter((e) => e.subscription_id === s.id).map((e) => ({ kind: e.kind, at: Number(e.at) }));
      const fee = feeForMonth(evs, m, deps.timeZone);
      if (fee.rule === 'not_subscribed') {
        continue;
      }
      const charge = charges.find((c) => c.subscription_id === s.id && c.month === m);
      months.push({
        subscriptionId: s.id,
        service: s.service,
        month: m,
        due: fee.due,
        rule: fee.rule,
        ruleText: ruleText(fee.rule),
        amount: charge ? Number(charge.amount) : fee.due ? priceIn(versions.get(s.service) ?? [], m) : 0,
        charged: charge !== undefined,
        forecast: m === current,
      });
    }
  }
  return {
    msisdn,
    guardian: await guardianOf(deps, msisdn),
    subscriptions: await subscriptionViews(deps, subs),
    events: await eventViews(deps, events),
    consents: consents.map((c) => ({
      id: c.id,
      subscriptionId: c.subscription_id,
      service: c.service,
      channel: c.channel,
      channelText: channelText(c.channel),
      raw: c.raw,
      receivedAt: Number(c.received_at),
      retainUntil: c.retain_until === null ? null : Number(c.retain_until),
    })),
    charges: charges.map((c) => chargeView(c, names)),
    months,
  };
}

/** Why a month was (or was not) charged: the rule, the events it read, the charge. */
export async function explain(deps: SubscriptionsDeps, o: { subscriptionId: string; month: string }) {
  if (typeof o.month !== 'string' || !MONTH.test(o.month)) {
    throw E.BILLING_MONTH_INVALID({ month: String(o.month) });
  }
  const sub = typeof o.subscriptionId === 'string' ? await t(deps.db).selectFrom('subscriptions').selectAll().where('id', '=', o.subscriptionId).executeTakeFirst() : undefined;
  if (!sub) {
    throw E.SUB_NOT_FOUND({ id: String(o.subscriptionId) });
  }
  const { end } = monthBounds(o.month, deps.timeZone);
  const all = await t(deps.db).selectFrom('subscription_events').selectAll().where('subscription_id', '=', sub.id).orderBy('at').orderBy('id').execute();
  const fee = feeForMonth(all.map((e) => ({ kind: e.kind, at: Number(e.at) })), o.month, deps.timeZone);
  const charge = await t(deps.db).selectFrom('billing_charges').selectAll().where('subscription_id', '=', sub.id).where('month', '=', o.month).executeTakeFirst();
  const names = new Map([...(await serviceRows(deps))].map(([code, r]) => [code, r.name]));
  const price = (await pricesForMonth(deps, o.month)).get(sub.service) ?? 0;
  return {
    subscription: (await subscriptionViews(deps, [sub]))[0]!,
    month: o.month,
    due: fee.due,
    rule: fee.rule,
    ruleText: ruleText(fee.rule),
    dueAt: fee.dueAt,
    amount: charge ? Number(charge.amount) : fee.due ? price : 0,
    events: await eventViews(deps, all.filter((e) => Number(e.at) < end)),
    charge: charge ? chargeView(charge, names) : null,
  };
}

/** Subscriptions for the console's lists (agent: their agencies' schools; operator, support: all). */
export async function listSubscriptions(
  deps: SubscriptionsDeps,
  f: { schoolIds?: string[] | null; agencyIds?: string[] | null; service?: string; status?: 'active' | 'cancelled'; msisdn?: string; limit?: number; offset?: number },
): Promise<{ items: SubscriptionView[]; total: number }> {
  let q = t(deps.db).selectFrom('subscriptions');
  if (f.schoolIds) {
    q = q.where('school_id', 'in', f.schoolIds.length ? f.schoolIds : ['']);
  }
  if (f.agencyIds) {
    q = q.where('agency_id', 'in', f.agencyIds.length ? f.agencyIds : ['']);
  }
  if (f.service) {
    q = q.where('service', '=', f.service);
  }
  if (f.status) {
    q = q.where('status', '=', f.status);
  }
  if (f.msisdn) {
    q = q.where('msisdn', 'like', `%${f.msisdn.replace(/[^0-9]/g, '')}%`);
  }
  const total = Number((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
  const rows = await q
    .selectAll()
    .orderBy('updated_at', 'desc')
    .orderBy('id')
    .limit(Math.min(Math.max(f.limit ?? 50, 1), 200))
    .offset(Math.max(f.offset ?? 0, 0))
    .execute();
  return { items: await subscriptionViews(deps, rows), total };
}

/** Consents whose keeping time has passed (a job): the subscription ended more than 6 months ago. */
export async function purgeConsents(deps: SubscriptionsDeps): Promise<{ deleted: number }> {
  const r = await t(deps.db).deleteFrom('subscription_consents').where('retain_until', '<', deps.clock.now()).executeTakeFirst();
  return { deleted: Number(r.numDeletedRows) };
}
