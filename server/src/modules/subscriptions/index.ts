/**
 * Subscriptions: which numbers take which school service, always by the guardian's own choice.
 * The catalog (家校互动 `jx`, paid, bundling 亲情电话 `family` and 平安短信 `safety`; free school
 * notices `jxnotice` and staff SMS `staff`) with versioned prices; subscribing and cancelling by
 * SMS (JX / QXJX / QXMF), the portal, an agent's request the guardian confirms, an operator or
 * support; consents; each number's history; the fee rules; and the billing data (runs, charges,
 * statements), whose money moves through flows/billing.flow.ts. The front door.
 */
import { newId } from '../../platform/ids';
import { billingApi } from './billing';
import { getService, listCatalog, pricesForMonth, serviceRows, setPrice, updateService, type CatalogPatch } from './catalog';
import type { SubscriptionsDeps } from './deps';
import { guardianOf } from './guardians';
import { explain, history, listSubscriptions, purgeConsents, subscriptionViews } from './history';
import { subscriptionInbound } from './inbound';
import { cancel, cancelFree, subscribe, type CancelOptions, type Channel, type SubscribeOptions } from './lifecycle';
import { createRequest, expireRequests, listRequests, requestScope, withdrawRequest } from './requests';
import { t } from './tables';

export { feeForMonth, FREE_CANCEL_MS, type FeeRule, type MonthFee, type SubscriptionEvent } from './fee-rules';
export { SubscriptionErrors } from './subscriptions.errors';
export { CHANNELS, CHANNEL_TEXT, CHARGE_NOW_JOB, CONSENT_KEEP_MS, type Channel } from './lifecycle';
export { CONFIRM_EXTENSION, CONFIRM_WINDOW_MS, type RequestView } from './requests';
export { RULE_TEXT, ruleText } from './billing/rule-text';
export { BILLING_RUN_JOB, CARRIER_HEADER, DEFAULT_SHARE_BP, type ChargeView, type DueCharge, type DuePage, type DueScan, type MonthSummary, type NewCharge, type RunCounts, type RunView, type Settlement, type ShareView, type StatementView } from './billing';
export { monthOf, monthBounds, nextMonth, previousMonth, compactMonth, MONTH } from './months';
export type { ServiceView, CatalogPatch } from './catalog';
export type { SubscriptionView, EventView, ConsentView, MonthFeeView, History } from './history';
export type { Guardian, GuardianChild } from './guardians';
export type { SubscriptionsDeps } from './deps';

export function subscriptionsModule(deps: SubscriptionsDeps) {
  deps.messaging.registerService('subscriptions', '订购通知');
  for (const h of subscriptionInbound(deps)) {
    deps.messaging.registerInbound(h);
  }

  /** Of these numbers, the ones that take `service`: directly, through a bundle, or (a free service) not cancelled. */
  const subscribedAmong = async (msisdns: readonly string[], service: string): Promise<Set<string>> => {
    const catalog = [...(await serviceRows(deps)).values()];
    const own = catalog.find((s) => s.code === service);
    const unique = [...new Set(msisdns)];
    const out = new Set<string>();
    if (own?.kind === 'free') {
      const cancelled = new Set<string>();
      for (let i = 0; i < unique.length; i += 500) {
        const rows = await t(deps.db).selectFrom('subscriptions').select('msisdn').where('msisdn', 'in', unique.slice(i, i + 500)).where('service', '=', service).where('status', '=', 'cancelled').execute();
        rows.forEach((r) => cancelled.add(r.msisdn));
      }
      return new Set(unique.filter((m) => !cancelled.has(m)));
    }
    const providers = [service, ...catalog.filter((s) => (JSON.parse(s.includes) as string[]).includes(service)).map((s) => s.code)];
    for (let i = 0; i < unique.length; i += 500) {
      const rows = await t(deps.db).selectFrom('subscriptions').select('msisdn').where('msisdn', 'in', unique.slice(i, i + 500)).where('service', 'in', providers).where('status', '=', 'active').execute();
      rows.forEach((r) => out.add(r.msisdn));
    }
    return out;
  };

  const view = async (r: { subscription: { id: string } }) => (await subscriptionViews(deps, [await t(deps.db).selectFrom('subscriptions').selectAll().where('id', '=', r.subscription.id).executeTakeFirstOrThrow()]))[0]!;

  return {
    isSubscribed: async (msisdn: string, service: string) => (await subscribedAmong([msisdn], service)).has(msisdn),
    subscribedAmong,
    catalog: {
      list: () => listCatalog(deps),
      get: (code: string) => getService(deps, code),
      update: (code: string, patch: CatalogPatch, by: string) => updateService(deps, code, patch, by),
      /** From the next month on. */
      setPrice: (code: string, amount: number, by: string) => setPrice(deps, code, amount, by),
      pricesForMonth: (month: string) => pricesForMonth(deps, month),
    },
    /** The guardian behind a number (their children, schools, agencies), or null. */
    guardianOf: (msisdn: string) => guardianOf(deps, msisdn),
    subscribe: async (o: SubscribeOptions) => {
      const r = await subscribe(deps, o);
      return { ...(await view(r)), chargedNow: r.chargedNow };
    },
    cancel: async (o: CancelOptions) => view(await cancel(deps, o)),
    /** QXMF: every free service a family takes. */
    cancelFree: async (o: { msisdn: string; channel: Channel; actorId?: string | null }) => (await cancelFree(deps, o)).map((r) => r.service.code),
    requests: {
      create: (o: { msisdn: string; service: string; schoolId: string; agentId: string; agencyIds: string[] | null }) => createRequest(deps, o),
      list: (f: Parameters<typeof listRequests>[1]) => listRequests(deps, f),
      withdraw: (id: string) => withdrawRequest(deps, id),
      scopeOf: (id: string) => requestScope(deps, id),
      /** Pending requests past 24 hours become expired (a job). */
      expire: () => expireRequests(deps),
    },
    list: (f: Parameters<typeof listSubscriptions>[1]) => listSubscriptions(deps, f),
    /** Per school, how many numbers take `service` and how many have cancelled it (one grouped query). */
    countsBySchool: async (schoolIds: readonly string[], service: string): Promise<Map<string, { active: number; cancelled: number }>> => {
      const out = new Map<string, { active: number; cancelled: number }>(schoolIds.map((id) => [id, { active: 0, cancelled: 0 }]));
      if (schoolIds.length === 0) {
        return out;
      }
      const rows = await t(deps.db)
        .selectFrom('subscriptions')
        .select(['school_id', 'status', (eb) => eb.fn.countAll().as('n')])
        .where('school_id', 'in', [...schoolIds])
        .where('service', '=', service)
        .groupBy(['school_id', 'status'])
        .execute();
      for (const r of rows) {
        const c = out.get(r.school_id!);
        if (c) {
          c[r.status] = Number(r.n);
        }
      }
      return out;
    },
    /** Where a subscription sits (its school and agency), for a route's scope; null if none. */
    scopeOf: async (id: string) => {
      const r = await t(deps.db).selectFrom('subscriptions').select(['school_id', 'agency_id', 'msisdn']).where('id', '=', id).executeTakeFirst();
      return r ? { schoolId: r.school_id, agencyId: r.agency_id, msisdn: r.msisdn } : null;
    },
    history: (msisdn: string) => history(deps, msisdn),
    explain: (o: { subscriptionId: string; month: string }) => explain(deps, o),
    /** Consents kept past the subscription's end + 6 months are deleted (a job). */
    purgeConsents: () => purgeConsents(deps),
    /**
     * Sets a subscription directly, with its event (and, given `raw`, its consent) and no SMS: tests,
     * and demo data whose history starts before today (`at`). Real subscriptions go through
     * `subscribe` and `cancel`.
     */
    set: async (o: { msisdn: string; service: string; active: boolean; channel: string; at?: number; raw?: string }) => {
      const now = o.at ?? deps.clock.now();
      const status = o.active ? 'active' : 'cancelled';
      const child = o.active ? (await guardianOf(deps, o.msisdn))?.children[0] : undefined;
      await deps.database.transaction(async (trx) => {
        const existing = await t(trx).selectFrom('subscriptions').selectAll().where('msisdn', '=', o.msisdn).where('service', '=', o.service).executeTakeFirst();
        if (existing?.status === status) {
          return;
        }
        const id = existing?.id ?? newId(now);
        const where = { school_id: child?.schoolId ?? existing?.school_id ?? null, agency_id: child?.agencyId ?? existing?.agency_id ?? null };
        if (existing) {
          await t(trx).updateTable('subscriptions').set({ status, channel: o.channel, updated_at: now, ...where, ...(o.active ? { since: now } : {}) }).where('id', '=', id).execute();
        } else {
          await t(trx).insertInto('subscriptions').values({ id, msisdn: o.msisdn, service: o.service, status, channel: o.channel, ...where, since: o.active ? now : null, created_at: now, updated_at: now }).execute();
        }
        const consentId = o.active && o.raw ? newId(now) : null;
        if (consentId) {
          await t(trx)
            .insertInto('subscription_consents')
            .values({ id: consentId, subscription_id: id, msisdn: o.msisdn, service: o.service, channel: o.channel, raw: o.raw!, received_at: now, mo_id: null, request_id: null, retain_until: null, created_at: now })
            .execute();
        }
        await t(trx)
          .insertInto('subscription_events')
          .values({ id: newId(now), subscription_id: id, msisdn: o.msisdn, service: o.service, kind: o.active ? 'subscribe' : 'cancel', at: now, channel: o.channel, actor_id: null, note: null, consent_id: consentId })
          .execute();
      });
    },
    billing: billingApi(deps),
  };
}

export type SubscriptionsModule = ReturnType<typeof subscriptionsModule>;
