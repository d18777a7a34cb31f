/** Queries on the messaging tables, and nothing else. */
import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../../platform/db/database';
import { insertRows } from '../../platform/db/insert-rows';
import type { Db } from '../../platform/db/database';
import type { SmsClass } from '../../platform/config-sms';
import { groupBy } from '../../platform/group-by';

export type MessageStatus = 'queued' | 'blocked' | 'submitted' | 'accepted' | 'delivered' | 'failed' | 'expired' | 'unknown';
export type PartStatus = Exclude<MessageStatus, 'blocked'>;
export type MoStatus = 'received' | 'part' | 'assembled' | 'duplicate' | 'routing' | 'handled' | 'failed';

export interface BulkRow {
  id: string;
  service: string;
  class: SmsClass;
  text: string;
  key: string;
  created_by: string | null;
  recipients: number;
  created_at: number;
}

export interface MessageRow {
  id: string;
  service: string;
  key: string;
  fingerprint: string;
  class: SmsClass;
  to_msisdn: string;
  carrier: string | null;
  src_id: string;
  text: string;
  encoding: string;
  parts: number;
  bulk_id: string | null;
  reply_to_mo_id: string | null;
  status: MessageStatus;
  reason: string | null;
  not_before: number;
  gateway: string | null;
  created_at: number;
  updated_at: number;
  done_at: number | null;
}

export interface PartRow {
  message_id: string;
  seq: number;
  status: PartStatus;
  gateway: string | null;
  gateway_msg_id: string | null;
  attempts: number;
  next_attempt_at: number;
  error: string | null;
  report_stat: string | null;
  queued_at: number;
  submitted_at: number | null;
  accepted_at: number | null;
  done_at: number | null;
}

export interface OrphanReportRow {
  id: string;
  gateway: string;
  gateway_msg_id: string;
  stat: string;
  to_msisdn: string | null;
  done_at: number;
  received_at: number;
  matched_at: number | null;
}

export interface OptoutRow {
  msisdn: string;
  service: string;
  source: string;
  note: string | null;
  created_at: number;
}

export interface MoRow {
  id: string;
  gateway: string;
  gateway_msg_id: string;
  from_msisdn: string;
  to_code: string;
  msg_fmt: number;
  payload_hex: string;
  udh_ref: number | null;
  udh_total: number | null;
  udh_seq: number | null;
  text: string;
  status: MoStatus;
  assembled_into: string | null;
  route: string | null;
  service: string | null;
  result: string | null;
  received_at: number;
  handled_at: number | null;
}

interface Tables {
  sms_bulks: BulkRow;
  sms_messages: MessageRow;
  sms_parts: PartRow;
  sms_orphan_reports: OrphanReportRow;
  sms_optouts: OptoutRow;
  sms_mo: MoRow;
}

const t = (db: Db) => db as unknown as Kysely<Tables>;

/**
 * A column of a list (a VALUES list, or a CTE: `list` names it) joined in an UPDATE … FROM. On SQLite it is written `+v.col`, which
 * keeps the planner from indexing the list and scanning the table (a 300-row list against
 * 30,000 parts took 0.5 s that way, 1 ms with the list outermost); PostgreSQL plans the join well as is.
 */
const listCol = (db: Db, col: string, list = 'v') => sql.raw(`${dialectOf(db) === 'sqlite' ? '+' : ''}${list}.${col}`);

// Messages and parts

export async function insertBulk(db: Db, row: BulkRow): Promise<boolean> {
  const r = await t(db).insertInto('sms_bulks').values(row).onConflict((oc) => oc.columns(['service', 'key']).doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function findBulkByKey(db: Db, service: string, key: string): Promise<BulkRow | undefined> {
  return t(db).selectFrom('sms_bulks').selectAll().where('service', '=', service).where('key', '=', key).executeTakeFirst();
}

export async function getBulk(db: Db, id: string): Promise<BulkRow | undefined> {
  return t(db).selectFrom('sms_bulks').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listBulks(db: Db, limit: number): Promise<BulkRow[]> {
  return t(db).selectFrom('sms_bulks').selectAll().orderBy('created_at', 'desc').limit(limit).execute();
}

export async function messagesOfBulk(db: Db, bulkId: string, statuses?: MessageStatus[]): Promise<MessageRow[]> {
  let q = t(db).selectFrom('sms_messages').selectAll().where('bulk_id', '=', bulkId);
  if (statuses) {
    q = q.where('status', 'in', statuses);
  }
  return q.orderBy('to_msisdn').execute();
}

/** The columns written when a message or a part is inserted. */
const MESSAGE_COLUMNS = ['id', 'service', 'key', 'fingerprint', 'class', 'to_msisdn', 'carrier', 'src_id', 'text', 'encoding', 'parts', 'bulk_id', 'reply_to_mo_id', 'status', 'reason', 'not_before', 'gateway', 'created_at', 'updated_at', 'done_at'] as const;
const PART_COLUMNS = ['message_id', 'seq', 'status', 'gateway', 'gateway_msg_id', 'attempts', 'next_attempt_at', 'error', 'report_stat', 'queued_at', 'submitted_at', 'accepted_at', 'done_at'] as const;

/** Inserts the message unless its (service, key) exists; returns whether it was inserted. */
export async function insertMessage(db: Db, row: MessageRow): Promise<boolean> {
  return (await insertMessagesIfNew(db, [row])).size === 1;
}

/** Many new messages at once (a bulk), in as few statements as the drivers' parameter limits allow. */
export async function insertMessages(db: Db, rows: MessageRow[]): Promise<void> {
  await insertRows(db, 'sms_messages', MESSAGE_COLUMNS, rows);
}

/**
 * Inserts new messages, skipping any whose (service, key) exists already (another writer
 * committed it first); returns the ids that were inserted.
 */
export async function insertMessagesIfNew(db: Db, rows: MessageRow[]): Promise<Set<string>> {
  const r = (await insertRows(db, 'sms_messages', MESSAGE_COLUMNS, rows, 'on conflict (service, key) do nothing returning id')) as { id: string }[];
  return new Set(r.map((x) => x.id));
}

/** The messages already stored under these (service, key) pairs, by `service\u0000key`. */
export async function messagesByKeys(db: Db, keys: { service: string; key: string }[]): Promise<Map<string, MessageRow>> {
  const out = new Map<string, MessageRow>();
  for (const [service, group] of groupBy(keys, (k) => k.service)) {
    const all = group.map((k) => k.key);
    for (let i = 0; i < all.length; i += 500) {
      const r = await sql<MessageRow>`select * from sms_messages where service = ${service} and key in (${sql.join(all.slice(i, i + 500))})`.execute(db);
      for (const row of r.rows) {
        out.set(`${row.service}\u0000${row.key}`, row);
      }
    }
  }
  return out;
}

export async function optoutsOfMany(db: Db, msisdns: string[]): Promise<OptoutRow[]> {
  const out: OptoutRow[] = [];
  for (let i = 0; i < msisdns.length; i += 500) {
    out.push(...(await t(db).selectFrom('sms_optouts').selectAll().where('msisdn', 'in', msisdns.slice(i, i + 500)).execute()));
  }
  return out;
}

/** For each number, how many messages of the class it got since `since` (blocked ones don't count). */
export async function countRecentMany(db: Db, msisdns: string[], cls: SmsClass, since: number): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < msisdns.length; i += 500) {
    const rows = await t(db)
      .selectFrom('sms_messages')
      .select(['to_msisdn', (eb) => eb.fn.countAll<number>().as('n')])
      .where('to_msisdn', 'in', msisdns.slice(i, i + 500))
      .where('created_at', '>', since)
      .where('class', '=', cls)
      .where('status', '!=', 'blocked')
      .groupBy('to_msisdn')
      .execute();
    for (const r of rows) {
      out.set(r.to_msisdn, Number(r.n));
    }
  }
  return out;
}

export async function insertParts(db: Db, rows: PartRow[]): Promise<void> {
  await insertRows(db, 'sms_parts', PART_COLUMNS, rows);
}

/**
 * The batched UPDATEs of the hot path, one chunk each: a VALUES list joined to the table
 * (exported so that a test can check SQLite's plan keeps the list outermost).
 */
export const batchUpdates = {
  accepted: (db: Db, rows: { messageId: string; seq: number; gatewayMsgId: string }[], now: number) => sql`
      with v (message_id, seq, gateway_msg_id) as (values ${sql.join(rows.map((r) => sql`(${r.messageId}, cast(${r.seq} as integer), ${r.gatewayMsgId})`))})
      update sms_parts set status = 'accepted', gateway_msg_id = v.gateway_msg_id, accepted_at = ${now}
      from v where sms_parts.message_id = ${listCol(db, 'message_id')} and sms_parts.seq = ${listCol(db, 'seq')} and sms_parts.status = 'submitted'`,
  reports: (db: Db, rows: { messageId: string; seq: number; status: 'delivered' | 'failed' | 'expired'; stat: string; doneAt: number }[]) => sql<{ message_id: string; seq: number }>`
      with v (message_id, seq, status, stat, done_at) as (values ${sql.join(rows.map((r) => sql`(${r.messageId}, cast(${r.seq} as integer), ${r.status}, ${r.stat}, cast(${r.doneAt} as bigint))`))})
      update sms_parts set status = v.status, report_stat = v.stat, done_at = v.done_at, error = case when v.status = 'delivered' then null else v.stat end
      from v where sms_parts.message_id = ${listCol(db, 'message_id')} and sms_parts.seq = ${listCol(db, 'seq')} and sms_parts.status in ('accepted', 'unknown')
      returning sms_parts.message_id, sms_parts.seq`,
  /**
   * Messages' states recomputed from their parts inside the database, written only where they
   * change (a blocked message keeps its state). The rule (docs/messaging.md, "States"), in
   * order: all parts queued → queued; any failed → failed; all delivered → delivered; any
   * unknown → unknown; any queued or submitted → submitted; expired with none accepted →
   * expired; otherwise accepted. An ended message ends with its last part (or now, if its
   * parts have no end time). test/messaging/refresh-status.test.ts checks every mix of up
   * to three parts against a model of the rule.
   */
  refresh: (db: Db, ids: string[], now: number) => sql`
      with agg as (
        select message_id, count(*) as n, max(done_at) as last_done,
          sum(case when status = 'queued' then 1 else 0 end) as q,
          sum(case when status = 'submitted' then 1 else 0 end) as s,
          sum(case when status = 'accepted' then 1 else 0 end) as a,
          sum(case when status = 'delivered' then 1 else 0 end) as d,
          sum(case when status = 'failed' then 1 else 0 end) as f,
          sum(case when status = 'expired' then 1 else 0 end) as e,
          sum(case when status = 'unknown' then 1 else 0 end) as u
        from sms_parts where message_id in (${sql.join(ids)}) group by message_id
      ), v as (
        select message_id, last_done,
          case when q = n then 'queued' when f > 0 then 'failed' when d = n then 'delivered' when u > 0 then 'unknown'
               when q > 0 or s > 0 then 'submitted' when e > 0 and a = 0 then 'expired' else 'accepted' end as status
        from agg
      ), w as (
        select message_id, status,
          case when status in ('delivered', 'failed', 'expired') then coalesce(nullif(last_done, 0), cast(${now} as bigint)) else null end as done_at
        from v
      )
      update sms_messages set status = w.status, done_at = w.done_at, updated_at = ${now}
      from w where sms_messages.id = ${listCol(db, 'message_id', 'w')}
        and sms_messages.status <> 'blocked'
        and (sms_messages.status <> w.status or coalesce(sms_messages.done_at, -1) <> coalesce(w.done_at, -1))`,
};

/** Recomputes many messages' states from their parts, in one statement per 500 (refresh-status.ts). */
export async function refreshMessageStates(db: Db, ids: string[], now: number): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    await batchUpdates.refresh(db, ids.slice(i, i + 500), now).execute(db);
  }
}

export async function findMessageByKey(db: Db, service: string, key: string): Promise<MessageRow | undefined> {
  // Hot paths (every send, every part, every report) are plain SQL: building them with the
  // query builder costs more than running them (bench/RESULTS.md, SMS).
  return (await sql<MessageRow>`select * from sms_messages where service = ${service} and key = ${key}`.execute(db)).rows[0];
}

export async function getMessage(db: Db, id: string): Promise<MessageRow | undefined> {
  return t(db).selectFrom('sms_messages').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function partsOf(db: Db, messageId: string): Promise<PartRow[]> {
  return t(db).selectFrom('sms_parts').selectAll().where('message_id', '=', messageId).orderBy('seq').execute();
}

export async function countRecent(db: Db, to: string, cls: SmsClass, since: number): Promise<number> {
  const r = await sql<{ n: number }>`
    select count(*) as n from sms_messages
    where to_msisdn = ${to} and created_at > ${since} and class = ${cls} and status <> 'blocked'`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

export async function setMessageState(
  db: Db,
  id: string,
  s: { status: MessageStatus; reason?: string | null; gateway?: string | null; notBefore?: number; doneAt?: number | null; now: number },
): Promise<void> {
  await t(db)
    .updateTable('sms_messages')
    .set({
      status: s.status,
      updated_at: s.now,
      ...(s.reason !== undefined ? { reason: s.reason } : {}),
      ...(s.gateway !== undefined ? { gateway: s.gateway } : {}),
      ...(s.notBefore !== undefined ? { not_before: s.notBefore } : {}),
      ...(s.doneAt !== undefined ? { done_at: s.doneAt } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export interface DuePart {
  message_id: string;
  seq: number;
  status: PartStatus;
  attempts: number;
}

/**
 * The outbox: parts due to go on the wire (queued, or unknown with a try left), oldest due
 * first. On PostgreSQL the rows are locked and skipped by other processes' dispatchers.
 */
export async function dueParts(db: Db, now: number, maxUnknownSends: number, limit: number): Promise<DuePart[]> {
  const lock = dialectOf(db) === 'postgres' ? sql` for update skip locked` : sql``;
  const r = await sql<DuePart>`
    select message_id, seq, status, attempts from sms_parts
    where status in ('queued', 'unknown') and next_attempt_at <= ${now} and (status = 'queued' or attempts < ${maxUnknownSends})
    order by next_attempt_at limit ${limit}${lock}`.execute(db);
  return r.rows;
}

export async function messagesByIds(db: Db, ids: string[]): Promise<MessageRow[]> {
  const out: MessageRow[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    out.push(...(await sql<MessageRow>`select * from sms_messages where id in (${sql.join(ids.slice(i, i + 500))})`.execute(db)).rows);
  }
  return out;
}

export async function partsByGatewayIds(db: Db, gateway: string, gatewayMsgIds: string[]): Promise<PartRow[]> {
  const out: PartRow[] = [];
  for (let i = 0; i < gatewayMsgIds.length; i += 500) {
    out.push(...(await sql<PartRow>`select * from sms_parts where gateway = ${gateway} and gateway_msg_id in (${sql.join(gatewayMsgIds.slice(i, i + 500))})`.execute(db)).rows);
  }
  return out;
}

/** Marks parts as on their way through `gateway` (one statement for many). */
export async function claimParts(db: Db, parts: { messageId: string; seq: number }[], gateway: string, now: number): Promise<void> {
  for (let i = 0; i < parts.length; i += 400) {
    const chunk = parts.slice(i, i + 400);
    const keys = sql.join(chunk.map((p) => sql`(${p.messageId}, cast(${p.seq} as integer))`));
    await sql`
      update sms_parts set status = 'submitted', gateway = ${gateway}, submitted_at = ${now}, attempts = attempts + 1, error = null
      where (message_id, seq) in (values ${keys})`.execute(db);
  }
}

/** Messages that now have a part on its way: `queued` → `submitted`. */
export async function markMessagesSubmitted(db: Db, ids: string[], gateway: string, now: number): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    await sql`
      update sms_messages set status = case when status = 'queued' then 'submitted' else status end, gateway = ${gateway}, updated_at = ${now}
      where id in (${sql.join(ids.slice(i, i + 500))})`.execute(db);
  }
}

/** Back to the outbox without counting the try (it never reached the gateway). */
export async function requeuePart(db: Db, messageId: string, seq: number, error: string, at: number): Promise<void> {
  await t(db)
    .updateTable('sms_parts')
    .set((eb) => ({ status: 'queued', error, next_attempt_at: at, attempts: eb('attempts', '-', 1) }))
    .where('message_id', '=', messageId)
    .where('seq', '=', seq)
    .where('status', '=', 'submitted')
    .execute();
}

export async function setPartUnknown(db: Db, messageId: string, seq: number, error: string, retryAt: number): Promise<void> {
  await t(db).updateTable('sms_parts').set({ status: 'unknown', error, next_attempt_at: retryAt }).where('message_id', '=', messageId).where('seq', '=', seq).execute();
}

export async function deferParts(db: Db, messageId: string, until: number): Promise<void> {
  await t(db).updateTable('sms_parts').set({ next_attempt_at: until }).where('message_id', '=', messageId).where('status', '=', 'queued').execute();
}

/** Parts left `submitted` by a process that died mid-send: their outcome is unknown. */
export async function strandedParts(db: Db, before: number, limit: number): Promise<PartRow[]> {
  return t(db).selectFrom('sms_parts').selectAll().where('status', '=', 'submitted').where('submitted_at', '<', before).limit(limit).execute();
}

/** Many parts accepted by the gateway, in one statement per 300 (only parts still `submitted` change). */
export async function setPartsAccepted(db: Db, rows: { messageId: string; seq: number; gatewayMsgId: string }[], now: number): Promise<void> {
  for (let i = 0; i < rows.length; i += 300) {
    await batchUpdates.accepted(db, rows.slice(i, i + 300), now).execute(db);
  }
}

export async function setPartStatus(db: Db, messageId: string, seq: number, status: PartStatus, error: string | null, now: number): Promise<void> {
  const terminal = status === 'failed' || status === 'expired' || status === 'delivered';
  await t(db)
    .updateTable('sms_parts')
    .set({ status, error, ...(terminal ? { done_at: now } : {}) })
    .where('message_id', '=', messageId)
    .where('seq', '=', seq)
    .execute();
}

/** Applies a delivery report to a part still waiting for one; false if it already had one. */
/** Applies a delivery report to a part still waiting for one; false if it already had one. */
export async function applyReport(db: Db, messageId: string, seq: number, status: 'delivered' | 'failed' | 'expired', stat: string, doneAt: number): Promise<boolean> {
  const r = await sql`
    update sms_parts set status = ${status}, report_stat = ${stat}, done_at = ${doneAt}, error = ${status === 'delivered' ? null : stat}
    where message_id = ${messageId} and seq = ${seq} and status in ('accepted', 'unknown')`.execute(db);
  return Number(r.numAffectedRows ?? 0) === 1;
}

/**
 * Applies many delivery reports (one per part: the caller drops repeats) to parts still
 * waiting for one, in one statement per 200; returns the parts that changed, as `message_id\u0000seq`.
 */
export async function applyReports(
  db: Db,
  rows: { messageId: string; seq: number; status: 'delivered' | 'failed' | 'expired'; stat: string; doneAt: number }[],
): Promise<Set<string>> {
  const applied = new Set<string>();
  for (let i = 0; i < rows.length; i += 200) {
    const r = await batchUpdates.reports(db, rows.slice(i, i + 200)).execute(db);
    for (const row of r.rows) {
      applied.add(`${row.message_id}\u0000${Number(row.seq)}`);
    }
  }
  return applied;
}

export async function partsWaitingSince(db: Db, before: number, limit: number): Promise<PartRow[]> {
  return t(db).selectFrom('sms_parts').selectAll().where('status', '=', 'accepted').where('accepted_at', '<', before).limit(limit).execute();
}

export interface MessageSearch {
  to?: string;
  status?: MessageStatus;
  service?: string;
  from?: number;
  until?: number;
  bulkId?: string;
  limit: number;
  offset: number;
}

export async function searchMessages(db: Db, s: MessageSearch): Promise<{ rows: MessageRow[]; total: number }> {
  let q = t(db).selectFrom('sms_messages');
  if (s.to) {
    q = q.where('to_msisdn', '=', s.to);
  }
  if (s.status) {
    q = q.where('status', '=', s.status);
  }
  if (s.service) {
    q = q.where('service', '=', s.service);
  }
  if (s.from !== undefined) {
    q = q.where('created_at', '>=', s.from);
  }
  if (s.until !== undefined) {
    q = q.where('created_at', '<', s.until);
  }
  if (s.bulkId) {
    q = q.where('bulk_id', '=', s.bulkId);
  }
  const [rows, total] = await Promise.all([
    q.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(s.limit).offset(s.offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** The service of the latest message sent to `to` from `srcId` (a reply goes back to it). */
export async function lastServiceFromSource(db: Db, srcId: string, to: string): Promise<string | undefined> {
  const r = await t(db)
    .selectFrom('sms_messages')
    .select('service')
    .where('src_id', '=', srcId)
    .where('to_msisdn', '=', to)
    .where('reply_to_mo_id', 'is', null)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r?.service;
}

export async function messagesTo(db: Db, to: string, limit: number): Promise<MessageRow[]> {
  return t(db).selectFrom('sms_messages').selectAll().where('to_msisdn', '=', to).orderBy('created_at', 'desc').limit(limit).execute();
}

// Delivery reports that came early

export async function insertOrphanReport(db: Db, row: OrphanReportRow): Promise<void> {
  await t(db).insertInto('sms_orphan_reports').values(row).execute();
}

export async function getOrphanReport(db: Db, id: string): Promise<OrphanReportRow | undefined> {
  return t(db).selectFrom('sms_orphan_reports').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function orphanReportsForMany(db: Db, gateway: string, gatewayMsgIds: string[]): Promise<OrphanReportRow[]> {
  const out: OrphanReportRow[] = [];
  for (let i = 0; i < gatewayMsgIds.length; i += 500) {
    out.push(
      ...(await t(db)
        .selectFrom('sms_orphan_reports')
        .selectAll()
        .where('gateway', '=', gateway)
        .where('gateway_msg_id', 'in', gatewayMsgIds.slice(i, i + 500))
        .where('matched_at', 'is', null)
        .orderBy('received_at')
        .execute()),
    );
  }
  return out;
}

export async function markOrphanMatched(db: Db, id: string, now: number): Promise<void> {
  await t(db).updateTable('sms_orphan_reports').set({ matched_at: now }).where('id', '=', id).execute();
}

// Opt-outs

export async function optoutsOf(db: Db, msisdn: string): Promise<OptoutRow[]> {
  return (await sql<OptoutRow>`select * from sms_optouts where msisdn = ${msisdn}`.execute(db)).rows;
}

export async function insertOptout(db: Db, row: OptoutRow): Promise<boolean> {
  const r = await t(db).insertInto('sms_optouts').values(row).onConflict((oc) => oc.columns(['msisdn', 'service']).doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function deleteOptout(db: Db, msisdn: string, service: string): Promise<boolean> {
  const r = await t(db).deleteFrom('sms_optouts').where('msisdn', '=', msisdn).where('service', '=', service).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

export async function listOptouts(db: Db, f: { msisdn?: string; limit: number; offset: number }): Promise<{ rows: OptoutRow[]; total: number }> {
  let q = t(db).selectFrom('sms_optouts');
  if (f.msisdn) {
    q = q.where('msisdn', '=', f.msisdn);
  }
  const [rows, total] = await Promise.all([
    q.selectAll().orderBy('created_at', 'desc').limit(f.limit).offset(f.offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

// MO

/** Stores an MO unless the same wire message was stored before; returns the stored row. */
export async function insertMo(db: Db, row: MoRow): Promise<{ row: MoRow; inserted: boolean }> {
  const r = await t(db).insertInto('sms_mo').values(row).onConflict((oc) => oc.columns(['gateway', 'gateway_msg_id']).doNothing()).executeTakeFirst();
  if (Number(r.numInsertedOrUpdatedRows ?? 0) === 1) {
    return { row, inserted: true };
  }
  const existing = await t(db).selectFrom('sms_mo').selectAll().where('gateway', '=', row.gateway).where('gateway_msg_id', '=', row.gateway_msg_id).executeTakeFirstOrThrow();
  return { row: existing, inserted: false };
}

export async function getMo(db: Db, id: string): Promise<MoRow | undefined> {
  return t(db).selectFrom('sms_mo').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function pendingPartsOf(db: Db, k: { from: string; to: string; ref: number; total: number }): Promise<MoRow[]> {
  return t(db)
    .selectFrom('sms_mo')
    .selectAll()
    .where('status', '=', 'part')
    .where('from_msisdn', '=', k.from)
    .where('to_code', '=', k.to)
    .where('udh_ref', '=', k.ref)
    .where('udh_total', '=', k.total)
    .orderBy('received_at')
    .execute();
}

export async function stalePartGroups(db: Db, before: number, limit: number): Promise<MoRow[]> {
  return t(db).selectFrom('sms_mo').selectAll().where('status', '=', 'part').where('received_at', '<', before).orderBy('received_at').limit(limit).execute();
}

/** Moves MOs from one status to another; returns how many moved. */
export async function moveMo(db: Db, ids: string[], from: MoStatus, to: MoStatus, set: Partial<MoRow> = {}): Promise<number> {
  if (ids.length === 0) {
    return 0;
  }
  const r = await t(db).updateTable('sms_mo').set({ status: to, ...set }).where('id', 'in', ids).where('status', '=', from).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function setMoOutcome(db: Db, id: string, s: { status: MoStatus; route: string; service: string | null; result: string; text?: string; now: number }): Promise<void> {
  await t(db)
    .updateTable('sms_mo')
    .set({ status: s.status, route: s.route, service: s.service, result: s.result, handled_at: s.now, ...(s.text !== undefined ? { text: s.text } : {}) })
    .where('id', '=', id)
    .execute();
}

export async function moFrom(db: Db, msisdn: string, limit: number): Promise<MoRow[]> {
  return t(db)
    .selectFrom('sms_mo')
    .selectAll()
    .where('from_msisdn', '=', msisdn)
    .where('status', 'not in', ['assembled', 'duplicate'])
    .orderBy('received_at', 'desc')
    .limit(limit)
    .execute();
}

export async function searchMo(db: Db, f: { from?: string; limit: number; offset: number }): Promise<{ rows: MoRow[]; total: number }> {
  let q = t(db).selectFrom('sms_mo').where('status', 'not in', ['assembled', 'duplicate']);
  if (f.from) {
    q = q.where('from_msisdn', '=', f.from);
  }
  const [rows, total] = await Promise.all([
    q.selectAll().orderBy('received_at', 'desc').limit(f.limit).offset(f.offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}
