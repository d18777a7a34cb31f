/**
 * Subscribing and unsubscribing: always the guardian's own choice, recorded with its consent,
 * confirmed to the guardian by SMS, effective at once. One row per (number, service) is "the
 * subscription" (its id keys the monthly charge); every change is an event in its history,
 * which the fee rules read. A subscription that makes this month's fee due at once (rule 3,
 * subscribing again before the 24th) enqueues the immediate charge in the same transaction.
 */
import type { Tx } from '../../platform/db/database';
import { newId } from '../../platform/ids';
import { pricesForMonth, serviceNames, serviceRow } from './catalog';
import type { SubscriptionsDeps } from './deps';
import { feeForMonth } from './fee-rules';
import { guardianOf, normalizePhone, type Guardian } from './guardians';
import { monthOf } from './months';
import { SubscriptionErrors as E } from './subscriptions.errors';
import { t, type EventRow, type ServiceRow, type SubscriptionRow } from './tables';

export const CHANNELS = ['sms', 'portal', 'agent', 'operator', 'support', 'system', 'demo'] as const;
export type Channel = (typeof CHANNELS)[number];

export const CHANNEL_TEXT: Record<Channel, string> = {
  sms: '短信',
  portal: '家长网校',
  agent: '代理商',
  operator: '运营商',
  support: '10086客服',
  system: '系统',
  demo: '演示数据',
};

/** How long a consent is kept after its subscription ends (the life of the subscription + 6 months). */
export const CONSENT_KEEP_MS = 183 * 86_400_000;

/** The job that charges rule 3's fee at once (flows/billing.flow.ts). */
export const CHARGE_NOW_JOB = 'billing.charge-now';

export interface SubscribeOptions {
  msisdn: string;
  service: string;
  channel: Channel;
  actorId?: string | null;
  /** The guardian's own act, kept as the consent: the SMS as received, or what they did. */
  raw: string;
  moId?: string | null;
  requestId?: string | null;
  /** The school it is sold under (an agent's request); otherwise the guardian's first child's. */
  schoolId?: string | null;
  /** Whether to text the guardian the confirmation (an SMS command is answered by its reply instead). */
  confirm?: boolean;
}

export interface CancelOptions {
  msisdn: string;
  service: string;
  channel: Channel;
  actorId?: string | null;
  note?: string | null;
  confirm?: boolean;
}

function checkChannel(c: unknown): asserts c is Channel {
  if (!CHANNELS.includes(c as Channel)) {
    throw E.SUB_INVALID({ field: 'channel' });
  }
}

function phoneOrThrow(msisdn: string): string {
  const p = normalizePhone(msisdn);
  if (!p) {
    throw E.SUB_INVALID({ field: 'msisdn' }, '手机号码不正确');
  }
  return p;
}

async function historyOf(trx: Tx, subscriptionId: string) {
  return (await t(trx).selectFrom('subscription_events').select(['kind', 'at']).where('subscription_id', '=', subscriptionId).orderBy('at').orderBy('id').execute()).map((e) => ({ kind: e.kind, at: Number(e.at) }));
}

/**
 * An event's instant: now, or 1 ms after the subscription's last event, so that a history
 * always reads in the order it happened (two changes within one millisecond stay in order).
 */
async function eventAt(trx: Tx, subscriptionId: string | undefined, now: number): Promise<number> {
  if (!subscriptionId) {
    return now;
  }
  const last = await t(trx).selectFrom('subscription_events').select((eb) => eb.fn.max('at').as('at')).where('subscription_id', '=', subscriptionId).executeTakeFirst();
  return Math.max(now, Number(last?.at ?? 0) + 1);
}

async function confirmSms(deps: SubscriptionsDeps, to: string, text: string, key: string) {
  await deps.messaging.send({ to, text, class: 'service', service: 'subscriptions', key });
}

export const bundleText = (s: ServiceRow, names: Map<string, string>) => {
  const inc = (JSON.parse(s.includes) as string[]).map((c) => names.get(c) ?? c);
  return inc.length ? `${s.name}（含${inc.join('、')}）` : s.name;
};

export interface ChangeResult {
  subscription: SubscriptionRow;
  event: EventRow;
  service: ServiceRow;
  guardian: Guardian | null;
  /** Set when this subscription made the month's fee due at once (rule 3). */
  chargedNow: string | null;
}

/** Subscribes a roster guardian's number to a paid or free service. */
export async function subscribe(deps: SubscriptionsDeps, o: SubscribeOptions): Promise<ChangeResult> {
  checkChannel(o.channel);
  const msisdn = phoneOrThrow(o.msisdn);
  if (typeof o.raw !== 'string' || o.raw.trim() === '' || o.raw.length > 500) {
    throw E.SUB_INVALID({ field: 'raw' }, '缺少家长本人的订购意愿记录');
  }
  const service = await serviceRow(deps, o.service);
  if (service.kind === 'bundled') {
    throw E.SUB_BUNDLED({ service: service.code });
  }
  if (Number(service.on_sale) !== 1) {
    throw E.SUB_NOT_FOR_SALE({ service: service.code });
  }
  const guardian = await guardianOf(deps, msisdn);
  if (!guardian) {
    throw E.SUB_NOT_GUARDIAN({ msisdn });
  }
  const child = (o.schoolId ? guardian.children.find((c) => c.schoolId === o.schoolId) : undefined) ?? guardian.children[0]!;
  if (o.schoolId && child.schoolId !== o.schoolId) {
    throw E.SUB_NOT_GUARDIAN({ msisdn, schoolId: o.schoolId }, '这个号码不是该校登记的家长号码');
  }
  const now = deps.clock.now();
  const month = monthOf(now, deps.timeZone);
  const out = await deps.database.transaction(async (trx) => {
    const existing = await t(trx).selectFrom('subscriptions').selectAll().where('msisdn', '=', msisdn).where('service', '=', service.code).executeTakeFirst();
    // A free service is on for every roster guardian until they cancel it.
    if (existing?.status === 'active' || (service.kind === 'free' && !existing)) {
      throw E.SUB_ALREADY_ACTIVE({ msisdn, service: service.code });
    }
    const at = await eventAt(trx, existing?.id, now);
    const id = existing?.id ?? newId(now);
    const row: SubscriptionRow = {
      id,
      msisdn,
      service: service.code,
      status: 'active',
      channel: o.channel,
      school_id: child.schoolId,
      agency_id: child.agencyId,
      since: at,
      created_at: existing ? Number(existing.created_at) : now,
      updated_at: now,
    };
    if (existing) {
      // Only from 'cancelled': two subscriptions racing for the same number meet here.
      const r = await t(trx)
        .updateTable('subscriptions')
        .set({ status: 'active', channel: o.channel, school_id: row.school_id, agency_id: row.agency_id, since: at, updated_at: now })
        .where('id', '=', id)
        .where('status', '=', 'cancelled')
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) {
        throw E.SUB_ALREADY_ACTIVE({ msisdn, service: service.code });
      }
    } else {
      await t(trx).insertInto('subscriptions').values(row).execute();
    }
    const consentId = newId(now);
    await t(trx)
      .insertInto('subscription_consents')
      .values({ id: consentId, subscription_id: id, msisdn, service: service.code, channel: o.channel, raw: o.raw.trim(), received_at: now, mo_id: o.moId ?? null, request_id: o.requestId ?? null, retain_until: null, created_at: now })
      .execute();
    const event: EventRow = { id: newId(now), subscription_id: id, msisdn, service: service.code, kind: 'subscribe', at, channel: o.channel, actor_id: o.actorId ?? null, note: null, consent_id: consentId };
    await t(trx).insertInto('subscription_events').values(event).execute();
    if (!o.requestId) {
      // The family subscribed itself (JX, the portal…) while an agent's request waited for its Y:
      // the request is answered by that act, so it leaves the agent's 待确认 and a later Y finds nothing to confirm.
      await t(trx)
        .updateTable('subscription_requests')
        .set({ status: 'confirmed', resolved_at: now, reply_text: o.raw.trim(), reply_mo_id: o.moId ?? null })
        .where('msisdn', '=', msisdn)
        .where('service', '=', service.code)
        .where('status', '=', 'pending')
        .execute();
    }
    let chargedNow: string | null = null;
    if (service.kind === 'paid' && service.cycle === 'month') {
      const fee = feeForMonth(await historyOf(trx, id), month, deps.timeZone);
      // Due at this very subscription (not a month that already owed its fee).
      if (fee.due && fee.rule === 'resubscribe' && fee.dueAt === at) {
        await deps.enqueue(trx, CHARGE_NOW_JOB, { subscriptionId: id, month });
        chargedNow = month;
      }
    }
    return { subscription: row, event, chargedNow };
  });
  if (o.confirm ?? true) {
    const names = await serviceNames(deps);
    const price = service.kind === 'paid' ? await monthlyPriceText(deps, service.code, month) : '免费';
    const tail = service.kind === 'paid' ? `资费${price}。当月1日至20日订购、72小时内退订不收费；发送 QXJX 到 ${deps.serviceCode} 可随时退订。` : `发送 QXMF 到 ${deps.serviceCode} 可退订。`;
    await confirmSms(deps, msisdn, `您已成功订购${bundleText(service, names)}（${child.schoolName}），${out.chargedNow ? '本月为再次订购，已按规定收取本月费用。' : ''}${tail}`, `sub-confirm:${out.event.id}`);
  }
  return { ...out, service, guardian };
}

export async function monthlyPriceText(deps: SubscriptionsDeps, code: string, month: string): Promise<string> {
  const fen = (await pricesForMonth(deps, month)).get(code) ?? 0;
  return `${(fen / 100).toFixed(fen % 100 === 0 ? 0 : 2)}元/月`;
}

/** Ends a subscription now (its bundle ends with it); the consent is then kept 6 more months. */
export async function cancel(deps: SubscriptionsDeps, o: CancelOptions): Promise<ChangeResult> {
  checkChannel(o.channel);
  const msisdn = phoneOrThrow(o.msisdn);
  const service = await serviceRow(deps, o.service);
  if (service.kind === 'bundled') {
    throw E.SUB_BUNDLED({ service: service.code });
  }
  if (o.note !== undefined && o.note !== null && (typeof o.note !== 'string' || o.note.length > 200)) {
    throw E.SUB_INVALID({ field: 'note' }, '备注最多 200 个字');
  }
  const now = deps.clock.now();
  const out = await deps.database.transaction(async (trx) => {
    const existing = await t(trx).selectFrom('subscriptions').selectAll().where('msisdn', '=', msisdn).where('service', '=', service.code).executeTakeFirst();
    const freeDefault = service.kind === 'free' && !existing;
    if (!freeDefault && existing?.status !== 'active') {
      throw E.SUB_NOT_ACTIVE({ msisdn, service: service.code });
    }
    const id = existing?.id ?? newId(now);
    const at = await eventAt(trx, existing?.id, now);
    if (existing) {
      const r = await t(trx).updateTable('subscriptions').set({ status: 'cancelled', channel: o.channel, updated_at: now }).where('id', '=', id).where('status', '=', 'active').executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) {
        throw E.SUB_NOT_ACTIVE({ msisdn, service: service.code });
      }
    } else {
      // A free service is on for every roster guardian until they cancel it: the row records the cancellation.
      await t(trx).insertInto('subscriptions').values({ id, msisdn, service: service.code, status: 'cancelled', channel: o.channel, school_id: null, agency_id: null, since: null, created_at: now, updated_at: now }).execute();
    }
    await t(trx).updateTable('subscription_consents').set({ retain_until: at + CONSENT_KEEP_MS }).where('subscription_id', '=', id).where('retain_until', 'is', null).execute();
    const event: EventRow = { id: newId(now), subscription_id: id, msisdn, service: service.code, kind: 'cancel', at, channel: o.channel, actor_id: o.actorId ?? null, note: o.note?.trim() || null, consent_id: null };
    await t(trx).insertInto('subscription_events').values(event).execute();
    const row = await t(trx).selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return { subscription: row, event };
  });
  if (o.confirm ?? true) {
    const names = await serviceNames(deps);
    await confirmSms(deps, msisdn, `您已退订${bundleText(service, names)}，即时生效。${service.kind === 'paid' ? `如需再次订购，请发送 JX 到 ${deps.serviceCode}。` : `如需恢复，请登录家长网校开启。`}`, `sub-confirm:${out.event.id}`);
  }
  return { ...out, service, guardian: null, chargedNow: null };
}

/** Free services for staff, not families: QXMF leaves them alone (staff SMS is colleagues' work messages). */
export const STAFF_SERVICES = ['staff'];

/** QXMF: cancels every free service a family still takes. */
export async function cancelFree(deps: SubscriptionsDeps, o: { msisdn: string; channel: Channel; actorId?: string | null; confirm?: boolean }): Promise<ChangeResult[]> {
  const msisdn = phoneOrThrow(o.msisdn);
  const free = (await t(deps.db).selectFrom('subscription_services').select('code').where('kind', '=', 'free').execute()).filter((s) => !STAFF_SERVICES.includes(s.code));
  const cancelled = new Set((await t(deps.db).selectFrom('subscriptions').select('service').where('msisdn', '=', msisdn).where('status', '=', 'cancelled').execute()).map((r) => r.service));
  const out: ChangeResult[] = [];
  for (const s of free) {
    if (!cancelled.has(s.code)) {
      out.push(await cancel(deps, { msisdn, service: s.code, channel: o.channel, actorId: o.actorId ?? null, confirm: false }));
    }
  }
  if (out.length === 0) {
    throw E.SUB_NOT_ACTIVE({ msisdn }, '这个号码已退订全部免费业务');
  }
  if (o.confirm ?? true) {
    await confirmSms(deps, msisdn, `您已退订${out.map((r) => r.service.name).join('、')}，即时生效。考勤缺勤等学校必须送达的通知仍会发送。`, `sub-confirm:${out[0]!.event.id}`);
  }
  return out;
}
