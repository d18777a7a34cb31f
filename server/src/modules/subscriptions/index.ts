/**
 * Subscriptions: which numbers take which paid or free service (家校互动 `jx`, its bundled
 * 平安短信 `safety` and 亲情电话 `family`, free `staff` SMS…). School messaging only asks
 * "is this number subscribed"; the subscriptions issue adds the catalog, the SMS commands
 * (JX / QXJX / QXMF), consent and billing behind this same front door.
 */
import { newId } from '../../platform/ids';
import type { Clock } from '../../platform/clock';
import type { Db } from '../../platform/db/database';
import type { Kysely } from 'kysely';

export { feeForMonth, FREE_CANCEL_MS, type FeeRule, type MonthFee, type SubscriptionEvent } from './fee-rules';

/** 家校互动 includes 亲情电话 and 平安短信 (seed 001: 平安短信和亲情电话免费赠送). */
export const BUNDLES: Record<string, string[]> = { jx: ['jx', 'family', 'safety'] };

interface SubscriptionRow {
  id: string;
  msisdn: string;
  service: string;
  status: 'active' | 'cancelled';
  channel: string;
  created_at: number;
  updated_at: number;
}
const t = (db: Db) => db as unknown as Kysely<{ subscriptions: SubscriptionRow }>;

/** The services whose subscription includes `service` (itself and any bundle containing it). */
function providers(service: string): string[] {
  return [service, ...Object.entries(BUNDLES).flatMap(([k, v]) => (k !== service && v.includes(service) ? [k] : []))];
}

export function subscriptionsModule(deps: { db: Db; clock: Clock }) {
  /** Of these numbers, the ones subscribed to `service` (directly or through a bundle). */
  const subscribedAmong = async (msisdns: readonly string[], service: string): Promise<Set<string>> => {
    const out = new Set<string>();
    const unique = [...new Set(msisdns)];
    for (let i = 0; i < unique.length; i += 500) {
      const rows = await t(deps.db)
        .selectFrom('subscriptions')
        .select('msisdn')
        .where('msisdn', 'in', unique.slice(i, i + 500))
        .where('service', 'in', providers(service))
        .where('status', '=', 'active')
        .execute();
      rows.forEach((r) => out.add(r.msisdn));
    }
    return out;
  };
  return {
    isSubscribed: async (msisdn: string, service: string) => (await subscribedAmong([msisdn], service)).has(msisdn),
    subscribedAmong,
    /** Starts or ends a subscription (the demo and tests; the subscriptions issue adds the real flows). */
    set: async (o: { msisdn: string; service: string; active: boolean; channel: string }) => {
      const now = deps.clock.now();
      const status = o.active ? 'active' : 'cancelled';
      await t(deps.db)
        .insertInto('subscriptions')
        .values({ id: newId(now), msisdn: o.msisdn, service: o.service, status, channel: o.channel, created_at: now, updated_at: now })
        .onConflict((oc) => oc.columns(['msisdn', 'service']).doUpdateSet({ status, channel: o.channel, updated_at: now }))
        .execute();
    },
  };
}

export type SubscriptionsModule = ReturnType<typeof subscriptionsModule>;
