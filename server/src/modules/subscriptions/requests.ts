/**
 * An agent subscribes a family on its behalf: the request stays pending until the guardian
 * confirms it by replying Y to the SMS within 24 hours (sent from the service code + '4').
 * The reply is the consent. No reply, or any other reply, subscribes nothing.
 */
import { formatBusinessTime } from '../../platform/business-time';
import { newId } from '../../platform/ids';
import { serviceNames, serviceRow } from './catalog';
import type { SubscriptionsDeps } from './deps';
import { guardianOf, normalizePhone } from './guardians';
import { bundleText, monthlyPriceText, subscribe } from './lifecycle';
import { monthOf } from './months';
import { SubscriptionErrors as E } from './subscriptions.errors';
import { t, type RequestRow } from './tables';

export const CONFIRM_WINDOW_MS = 24 * 3_600_000;
/** Replies to the service code + this extension answer a pending request. */
export const CONFIRM_EXTENSION = '4';
const YES = ['Y', 'YES', '是', '确认', '同意', '1'];

export interface RequestView {
  id: string;
  msisdn: string;
  service: string;
  serviceName: string;
  schoolId: string;
  schoolName: string;
  agencyId: string;
  requestedBy: string;
  requestedByName: string;
  requestedAt: number;
  expiresAt: number;
  status: RequestRow['status'];
  resolvedAt: number | null;
  replyText: string | null;
}

async function views(deps: SubscriptionsDeps, rows: RequestRow[]): Promise<RequestView[]> {
  const names = await deps.org.tenantNames(rows.map((r) => ({ tenantType: 'school', tenantId: r.school_id })));
  const users = new Map((await deps.identity.lookUpUsers({ ids: [...new Set(rows.map((r) => r.requested_by))] })).map((u) => [u.id, u.name]));
  const services = await serviceNames(deps);
  const now = deps.clock.now();
  return rows.map((r) => ({
    id: r.id,
    msisdn: r.msisdn,
    service: r.service,
    serviceName: services.get(r.service) ?? r.service,
    schoolId: r.school_id,
    schoolName: names.get(`school:${r.school_id}`) ?? '',
    agencyId: r.agency_id,
    requestedBy: r.requested_by,
    requestedByName: users.get(r.requested_by) ?? '',
    requestedAt: Number(r.requested_at),
    expiresAt: Number(r.expires_at),
    // A pending request past its window reads as expired even before the job marks it.
    status: r.status === 'pending' && Number(r.expires_at) <= now ? 'expired' : r.status,
    resolvedAt: r.resolved_at === null ? null : Number(r.resolved_at),
    replyText: r.reply_text,
  }));
}

export async function createRequest(deps: SubscriptionsDeps, o: { msisdn: string; service: string; schoolId: string; agentId: string; agencyIds: string[] | null }): Promise<RequestView> {
  const msisdn = normalizePhone(o.msisdn);
  if (!msisdn) {
    throw E.SUB_INVALID({ field: 'msisdn' }, '手机号码不正确');
  }
  if (typeof o.schoolId !== 'string' || o.schoolId === '') {
    throw E.SUB_INVALID({ field: 'schoolId' }, '请选择学校');
  }
  const service = await serviceRow(deps, o.service);
  if (service.kind !== 'paid') {
    throw E.SUB_INVALID({ field: 'service' }, '代理商只能代订收费业务');
  }
  if (Number(service.on_sale) !== 1) {
    throw E.SUB_NOT_FOR_SALE({ service: service.code });
  }
  const school = await deps.org.getSchool(o.schoolId);
  if (!school.agencyId || (o.agencyIds !== null && !o.agencyIds.includes(school.agencyId))) {
    throw E.SUB_SCHOOL_NOT_IN_AGENCY({ schoolId: o.schoolId });
  }
  const guardian = await guardianOf(deps, msisdn);
  if (!guardian?.children.some((c) => c.schoolId === o.schoolId)) {
    throw E.SUB_NOT_GUARDIAN({ msisdn, schoolId: o.schoolId }, '这个号码不是该校登记的家长号码');
  }
  const now = deps.clock.now();
  const active = await t(deps.db).selectFrom('subscriptions').select('id').where('msisdn', '=', msisdn).where('service', '=', service.code).where('status', '=', 'active').executeTakeFirst();
  if (active) {
    throw E.SUB_ALREADY_ACTIVE({ msisdn, service: service.code });
  }
  const row: RequestRow = {
    id: newId(now),
    msisdn,
    service: service.code,
    school_id: o.schoolId,
    agency_id: school.agencyId,
    requested_by: o.agentId,
    requested_at: now,
    expires_at: now + CONFIRM_WINDOW_MS,
    status: 'pending',
    resolved_at: null,
    reply_text: null,
    reply_mo_id: null,
  };
  await deps.database.transaction(async (trx) => {
    const open = await t(trx).selectFrom('subscription_requests').select('id').where('msisdn', '=', msisdn).where('status', '=', 'pending').where('expires_at', '>', now).executeTakeFirst();
    if (open) {
      throw E.SUB_REQUEST_PENDING({ msisdn });
    }
    await t(trx).insertInto('subscription_requests').values(row).execute();
  });
  const names = await serviceNames(deps);
  await deps.messaging.send({
    to: msisdn,
    text: `${school.name}为您办理${bundleText(service, names)}，资费${await monthlyPriceText(deps, service.code, monthOf(now, deps.timeZone))}。确认订购请在24小时内回复 Y；不回复则不订购，不收任何费用。`,
    class: 'service',
    service: 'subscriptions',
    key: `sub-request:${row.id}`,
    extension: CONFIRM_EXTENSION,
  });
  return (await views(deps, [row]))[0]!;
}

export async function listRequests(deps: SubscriptionsDeps, f: { agencyIds: string[] | null; status?: RequestRow['status']; limit?: number; offset?: number }): Promise<{ items: RequestView[]; total: number }> {
  const now = deps.clock.now();
  let q = t(deps.db).selectFrom('subscription_requests');
  if (f.agencyIds !== null) {
    q = q.where('agency_id', 'in', f.agencyIds.length ? f.agencyIds : ['']);
  }
  if (f.status === 'pending') {
    q = q.where('status', '=', 'pending').where('expires_at', '>', now);
  } else if (f.status === 'expired') {
    q = q.where((eb) => eb.or([eb('status', '=', 'expired'), eb.and([eb('status', '=', 'pending'), eb('expires_at', '<=', now)])]));
  } else if (f.status !== undefined) {
    q = q.where('status', '=', f.status);
  }
  const total = Number((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
  const rows = await q
    .selectAll()
    .orderBy('requested_at', 'desc')
    .limit(Math.min(Math.max(f.limit ?? 50, 1), 200))
    .offset(Math.max(f.offset ?? 0, 0))
    .execute();
  return { items: await views(deps, rows), total };
}

export async function requestScope(deps: SubscriptionsDeps, id: string): Promise<{ agencyId: string; schoolId: string } | null> {
  const r = await t(deps.db).selectFrom('subscription_requests').select(['agency_id', 'school_id']).where('id', '=', id).executeTakeFirst();
  return r ? { agencyId: r.agency_id, schoolId: r.school_id } : null;
}

async function resolve(deps: SubscriptionsDeps, id: string, status: RequestRow['status'], extra: Partial<RequestRow> = {}): Promise<boolean> {
  const now = deps.clock.now();
  const r = await t(deps.db)
    .updateTable('subscription_requests')
    .set({ status, resolved_at: now, ...extra })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The agent takes a pending request back (the guardian's later reply then subscribes nothing). */
export async function withdrawRequest(deps: SubscriptionsDeps, id: string): Promise<RequestView> {
  const row = await t(deps.db).selectFrom('subscription_requests').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) {
    throw E.SUB_REQUEST_NOT_FOUND({ id });
  }
  if (row.status !== 'pending' || Number(row.expires_at) <= deps.clock.now() || !(await resolve(deps, id, 'withdrawn'))) {
    throw E.SUB_REQUEST_CLOSED({ id });
  }
  const after = await t(deps.db).selectFrom('subscription_requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return (await views(deps, [after]))[0]!;
}

/** Marks pending requests past their 24 hours as expired (a job). */
export async function expireRequests(deps: SubscriptionsDeps): Promise<{ expired: number }> {
  const now = deps.clock.now();
  const r = await t(deps.db).updateTable('subscription_requests').set({ status: 'expired', resolved_at: now }).where('status', '=', 'pending').where('expires_at', '<=', now).executeTakeFirst();
  return { expired: Number(r.numUpdatedRows) };
}

/** The guardian's reply to 10657099 + '4': Y confirms the latest pending request, anything else declines it. */
export async function answerRequest(deps: SubscriptionsDeps, o: { msisdn: string; text: string; normalized: string; moId: string }): Promise<{ reply?: string; result: string }> {
  const now = deps.clock.now();
  const row = await t(deps.db)
    .selectFrom('subscription_requests')
    .selectAll()
    .where('msisdn', '=', o.msisdn)
    .where('status', '=', 'pending')
    .where('expires_at', '>', now)
    .orderBy('requested_at', 'desc')
    .executeTakeFirst();
  if (!row) {
    return { reply: `没有等待您确认的订购。如需订购家校互动，请发送 JX 到 ${deps.serviceCode}。`, result: '没有待确认的代订申请' };
  }
  const yes = YES.includes(o.normalized.replace(/[。.!！]$/, ''));
  if (!yes) {
    await resolve(deps, row.id, 'declined', { reply_text: o.text, reply_mo_id: o.moId });
    return { reply: '您未确认，本次代订不生效，不会收取任何费用。', result: '家长未确认代订' };
  }
  if (!(await resolve(deps, row.id, 'confirmed', { reply_text: o.text, reply_mo_id: o.moId }))) {
    return { result: '代订申请已结束' };
  }
  try {
    await subscribe(deps, {
      msisdn: row.msisdn,
      service: row.service,
      channel: 'agent',
      actorId: row.requested_by,
      raw: `回复“${o.text}”确认${formatBusinessTime(Number(row.requested_at), deps.timeZone)}的代订申请`,
      moId: o.moId,
      requestId: row.id,
      schoolId: row.school_id,
    });
    return { result: '家长确认代订，已订购' };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { reply: `订购未成功：${message}`, result: `代订确认后订购失败：${message}` };
  }
}
