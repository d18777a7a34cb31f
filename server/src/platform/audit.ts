/**
 * The audit log: who did what, where, through which channel, and how it ended. Platform code,
 * like jobs: it knows no module. Modules record inside their own transaction (`recordAudit`
 * takes a Db or a transaction), so the record commits with the change; the HTTP edge records
 * every state-changing request after its response, in batches (`AuditWriter`).
 *
 * Only pseudonymous references are stored: a user's or device's id, a hash of a phone number
 * (`phoneRef`), never a name, a login or a number; display names are looked up when read.
 * Phone numbers that slip into a target or details are masked. The table is append-only
 * (migration 0008: triggers refuse UPDATE and DELETE on both stores).
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { Batcher } from './batcher';
import type { Database, Db } from './db/database';
import { insertRows } from './db/insert-rows';
import { newId } from './ids';
import type { Logger } from './logger';
import { maskPhones } from './logger';
import { normalizeMsisdn } from './msisdn';

export const AUDIT_CHANNELS = ['web', 'api', 'device', 'sms', 'cli', 'system'] as const;
export type AuditChannel = (typeof AUDIT_CHANNELS)[number];
export const AUDIT_RESULTS = ['ok', 'denied', 'failed'] as const;
export type AuditResult = (typeof AUDIT_RESULTS)[number];
export const AUDIT_ACTOR_KINDS = ['anonymous', 'user', 'device', 'phone', 'system'] as const;
export type AuditActorKind = (typeof AUDIT_ACTOR_KINDS)[number];

/** What a caller records. `at` comes from the injected clock. */
export interface AuditEntry {
  at: number;
  channel: AuditChannel;
  actorKind: AuditActorKind;
  /** A user or device id, a `phoneRef`, or the OS user of a CLI command; never a name or number. */
  actorId?: string | null;
  role?: string | null;
  tenantType?: string | null;
  tenantId?: string | null;
  /** The action's name, e.g. `sms.send` (the policy's action where there is one). */
  action: string;
  /** What it was done to: e.g. `POST /api/sms/bulks/:id/resend-failed id=0190…`; ids, no personal data. */
  target: string;
  result: AuditResult;
  requestId?: string | null;
  /** The HTTP status (null outside HTTP). */
  status?: number | null;
  errorCode?: string | null;
  ip?: string | null;
  /** A few small facts (ids, counts, flags). Never a secret, a name or a number. */
  details?: Record<string, unknown> | null;
}

/** A stored entry, as read back. */
export interface AuditRecord {
  id: string;
  at: number;
  requestId: string | null;
  channel: AuditChannel;
  actorKind: AuditActorKind;
  actorId: string | null;
  role: string | null;
  tenantType: string | null;
  tenantId: string | null;
  action: string;
  target: string;
  result: AuditResult;
  status: number | null;
  errorCode: string | null;
  ip: string | null;
  details: Record<string, unknown> | null;
}

interface AuditRow {
  id: string;
  at: number;
  request_id: string | null;
  channel: AuditChannel;
  actor_kind: AuditActorKind;
  actor_id: string | null;
  role: string | null;
  tenant_type: string | null;
  tenant_id: string | null;
  action: string;
  target: string;
  result: AuditResult;
  status: number | null;
  error_code: string | null;
  ip: string | null;
  details: string | null;
}

const t = (db: Db) => db as Kysely<{ audit_log: AuditRow }>;
const AUDIT_COLUMNS = ['id', 'at', 'request_id', 'channel', 'actor_kind', 'actor_id', 'role', 'tenant_type', 'tenant_id', 'action', 'target', 'result', 'status', 'error_code', 'ip', 'details'] as const satisfies readonly (keyof AuditRow)[];

/**
 * A stable pseudonym for a phone number: the first 16 hex digits of the SHA-256 of the
 * normalised number. The same number always gives the same reference, so its opt-out by SMS
 * and an operator's removal of it can be found together; the number itself is never stored.
 */
export function phoneRef(msisdn: string): string {
  const n = normalizeMsisdn(msisdn) ?? msisdn.trim();
  return `phone:${createHash('sha256').update(n).digest('hex').slice(0, 16)}`;
}

// ---- ids: UUIDv7, in order within this process even inside one millisecond ----

let lastId = '';

/**
 * Ids sort by time; within one millisecond `newId` is random, so two entries of one request
 * (or one TestClock instant) could sort backwards. Here a later entry of the same millisecond
 * takes the previous id plus one, so one process's entries read back in the order written.
 */
export function nextAuditId(now: number): string {
  const id = newId(now);
  if (lastId === '' || id > lastId || id.slice(0, 13) !== lastId.slice(0, 13)) {
    lastId = id;
    return id;
  }
  // Same millisecond, and the random part came out smaller: count up from the last id's tail.
  const tail = BigInt(`0x${lastId.slice(24)}`) + 1n;
  if (tail > 0xffffffffffffn) {
    lastId = id;
    return id;
  }
  lastId = `${lastId.slice(0, 24)}${tail.toString(16).padStart(12, '0')}`;
  return lastId;
}

// ---- writing ----

const MAX_TARGET = 500;
const MAX_DETAILS = 2000;
const SECRET_KEY = /pass(word)?|secret|token|cookie|authorization|^pin$|otp|^(sms)?code$/i;

function clip(s: string | null | undefined, max: number): string | null {
  if (s === null || s === undefined) {
    return null;
  }
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

const PHONE_REF = /^phone:[0-9a-f]{16}$/;

/** Secret-looking keys dropped, phone numbers masked (a phoneRef is left as it is). */
function scrub(v: unknown, depth: number): unknown {
  if (typeof v === 'string') {
    return PHONE_REF.test(v) ? v : maskPhones(v);
  }
  if (v === null || typeof v !== 'object' || depth > 4) {
    return typeof v === 'object' && v !== null ? '[…]' : v;
  }
  if (Array.isArray(v)) {
    return v.slice(0, 50).map((x) => scrub(x, depth + 1));
  }
  return Object.fromEntries(
    Object.entries(v)
      .filter(([k, x]) => x !== undefined && !SECRET_KEY.test(k))
      .map(([k, x]) => [k, scrub(x, depth + 1)]),
  );
}

/** Details as small JSON text: scrubbed, size capped. */
function detailsText(d: Record<string, unknown> | null | undefined): string | null {
  if (d === null || d === undefined) {
    return null;
  }
  const kept = scrub(d, 0) as Record<string, unknown>;
  if (Object.keys(kept).length === 0) {
    return null;
  }
  const text = JSON.stringify(kept);
  return text.length > MAX_DETAILS ? JSON.stringify({ truncated: true, size: text.length }) : text;
}

function toRow(e: AuditEntry): AuditRow {
  return {
    id: nextAuditId(e.at),
    at: e.at,
    request_id: clip(e.requestId, 64),
    channel: e.channel,
    actor_kind: e.actorKind,
    actor_id: clip(e.actorId, 128),
    role: e.role ?? null,
    tenant_type: e.tenantType ?? null,
    tenant_id: clip(e.tenantId, 64),
    action: clip(e.action, 64) ?? '',
    target: clip(maskPhones(e.target), MAX_TARGET) ?? '',
    result: e.result,
    status: e.status ?? null,
    error_code: clip(e.errorCode, 64),
    ip: clip(e.ip, 64),
    details: detailsText(e.details),
  };
}

/**
 * Appends one entry. Takes a Db or an open transaction: a module records in the same commit
 * as the change it audits. Returns the entry's id.
 */
export async function recordAudit(db: Db, entry: AuditEntry): Promise<string> {
  const row = toRow(entry);
  await t(db).insertInto('audit_log').values(row).execute();
  return row.id;
}

/** Appends several entries in one statement (the batch writer's unit). */
export async function recordAuditMany(db: Db, entries: AuditEntry[]): Promise<string[]> {
  if (entries.length === 0) {
    return [];
  }
  const rows = entries.map(toRow);
  await insertRows(db, 'audit_log', AUDIT_COLUMNS, rows);
  return rows.map((r) => r.id);
}

/**
 * Group commit for the audit entries of the request path: `submit` returns at once and never
 * throws; the entries of a few milliseconds go in one transaction. A failed write is logged
 * (the request it describes has already been answered). `flush` waits for everything submitted.
 */
export class AuditWriter {
  private readonly batcher: Batcher<AuditEntry, string>;
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly database: Database,
    private readonly log: Logger,
    opts: { lingerMs?: number; maxBatch?: number } = {},
  ) {
    this.batcher = new Batcher<AuditEntry, string>(
      async (items) => {
        const ids = await this.database.transaction((trx) => recordAuditMany(trx, items));
        return ids.map((value) => ({ status: 'fulfilled' as const, value }));
      },
      opts.maxBatch ?? 500,
      opts.lingerMs ?? 10,
    );
  }

  submit(entry: AuditEntry): void {
    let p: Promise<unknown>;
    try {
      p = this.batcher.submit(entry).catch((e: unknown) => {
        this.log.error({ err: e, action: entry.action, requestId: entry.requestId ?? null }, '审计日志写入失败');
      });
    } catch (e) {
      this.log.error({ err: e, action: entry.action }, '审计日志写入失败');
      return;
    }
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  /** Waits until every entry submitted so far is written (or its failure logged). */
  async flush(): Promise<void> {
    while (this.pending.size > 0) {
      await Promise.allSettled([...this.pending]);
    }
  }
}

// ---- reading ----

export interface AuditFilters {
  /** Instants, epoch ms: from inclusive, to exclusive. */
  from?: number;
  to?: number;
  /** One or more actor ids (a user id, device id, phone ref, OS user). */
  actorIds?: string[];
  action?: string;
  channel?: AuditChannel;
  result?: AuditResult;
  tenantType?: string;
  tenantId?: string;
  requestId?: string;
  /** Part of the target or of the details (case-insensitive). */
  q?: string;
}

export interface AuditPage {
  items: AuditRecord[];
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

function fromRow(r: AuditRow): AuditRecord {
  let details: Record<string, unknown> | null = null;
  if (r.details !== null) {
    try {
      details = JSON.parse(r.details) as Record<string, unknown>;
    } catch {
      details = { unreadable: true };
    }
  }
  return {
    id: r.id,
    at: Number(r.at),
    requestId: r.request_id,
    channel: r.channel,
    actorKind: r.actor_kind,
    actorId: r.actor_id,
    role: r.role,
    tenantType: r.tenant_type,
    tenantId: r.tenant_id,
    action: r.action,
    target: r.target,
    result: r.result,
    status: r.status === null ? null : Number(r.status),
    errorCode: r.error_code,
    ip: r.ip,
    details,
  };
}

function likePattern(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Entries matching the filters, newest first, `limit` per page; `cursor` is the previous page's nextCursor. */
export async function searchAudit(db: Db, f: AuditFilters, page: { cursor?: string; limit?: number } = {}): Promise<AuditPage> {
  const limit = Math.min(Math.max(page.limit ?? 50, 1), 500);
  let q = t(db).selectFrom('audit_log').selectAll();
  if (f.from !== undefined) {
    q = q.where('at', '>=', f.from);
  }
  if (f.to !== undefined) {
    q = q.where('at', '<', f.to);
  }
  if (f.actorIds !== undefined) {
    q = f.actorIds.length === 0 ? q.where(sql<boolean>`1 = 0`) : q.where('actor_id', 'in', f.actorIds);
  }
  if (f.action !== undefined) {
    q = q.where('action', '=', f.action);
  }
  if (f.channel !== undefined) {
    q = q.where('channel', '=', f.channel);
  }
  if (f.result !== undefined) {
    q = q.where('result', '=', f.result);
  }
  if (f.tenantType !== undefined) {
    q = q.where('tenant_type', '=', f.tenantType);
  }
  if (f.tenantId !== undefined) {
    q = q.where('tenant_id', '=', f.tenantId);
  }
  if (f.requestId !== undefined) {
    q = q.where('request_id', '=', f.requestId);
  }
  if (f.q !== undefined && f.q !== '') {
    // One escape character on both stores (SQLite's LIKE has none by default).
    const pattern = likePattern(f.q);
    q = q.where(sql<boolean>`(lower(target) like ${pattern} escape '\\' or lower(details) like ${pattern} escape '\\')`);
  }
  if (page.cursor !== undefined && page.cursor !== '') {
    q = q.where('id', '<', page.cursor);
  }
  const rows = await q.orderBy('id', 'desc').limit(limit + 1).execute();
  const items = rows.slice(0, limit).map(fromRow);
  return { items, nextCursor: rows.length > limit ? (items[items.length - 1]?.id ?? null) : null };
}

/**
 * The latest entries, oldest first (for `yikatong audit tail`). With `afterId`: the entries
 * after it. With `sinceAt`: every entry from that instant on (a follower re-reads a short
 * window and drops the ids it has shown, because entries of several processes, or of
 * transactions that commit late, do not arrive in id order).
 */
export async function tailAudit(db: Db, opts: { afterId?: string; sinceAt?: number; limit: number }): Promise<AuditRecord[]> {
  let q = t(db).selectFrom('audit_log').selectAll();
  if (opts.afterId !== undefined) {
    q = q.where('id', '>', opts.afterId);
  }
  if (opts.sinceAt !== undefined) {
    q = q.where('at', '>=', opts.sinceAt);
  }
  if (opts.afterId === undefined && opts.sinceAt === undefined) {
    const rows = await q.orderBy('id', 'desc').limit(opts.limit).execute();
    return rows.reverse().map(fromRow);
  }
  const rows = await q.orderBy('id', 'asc').limit(opts.limit).execute();
  return rows.map(fromRow);
}
