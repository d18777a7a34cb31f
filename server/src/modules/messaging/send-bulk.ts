/**
 * One send to many: a teacher to a whole school. Every recipient is checked before anything
 * is written (a bad number names its row); duplicates are sent once; each recipient gets
 * its own message (key `<bulk key>:<number>`), its own state and its own compliance verdict.
 */
import type { SmsClass } from '../../platform/config-sms';
import { newId } from '../../platform/ids';
import type { Db } from '../../platform/db/database';
import type { MessagingDeps } from './deps';
import { MessagingErrors } from './messaging.errors';
import * as repo from './messaging.repo';
import { buildMany, prepareSms, queueSms, type Prepared, type SendSmsOptions } from './send-sms';
import { messageView, type MessageView } from './views';

export const MAX_BULK_RECIPIENTS = 20_000;

export interface SendBulkOptions {
  service: string;
  class: SmsClass;
  /** The text for everyone; a recipient's own `text` (its child's name, its result) wins. */
  text: string;
  recipients: (string | { to: string; text?: string })[];
  key: string;
  createdBy?: string;
  signature?: string;
  extension?: string;
  notBefore?: number;
}

export interface BulkView {
  id: string;
  service: string;
  class: SmsClass;
  text: string;
  key: string;
  createdBy: string | null;
  recipients: number;
  createdAt: number;
}

export interface BulkReport {
  bulk: BulkView;
  /** Per recipient, by the latest message sent to them in this bulk (a resend replaces a failure). */
  summary: { recipients: number; delivered: number; failed: number; blocked: number; pending: number };
  byStatus: Partial<Record<repo.MessageStatus, number>>;
}

export function bulkView(b: repo.BulkRow): BulkView {
  return { id: b.id, service: b.service, class: b.class, text: b.text, key: b.key, createdBy: b.created_by, recipients: b.recipients, createdAt: b.created_at };
}

export async function sendBulk(deps: MessagingDeps, o: SendBulkOptions): Promise<{ bulk: BulkView; replay: boolean }> {
  if (o.recipients.length === 0 || o.recipients.length > MAX_BULK_RECIPIENTS) {
    throw MessagingErrors.SMS_INVALID_REQUEST({ field: 'recipients' }, `收信人应为 1 到 ${MAX_BULK_RECIPIENTS} 个`);
  }
  if (o.key.length < 1 || o.key.length > 120) {
    throw MessagingErrors.SMS_INVALID_REQUEST({ field: 'key' }, '请求编号应为 1 到 120 个字符');
  }
  const now = deps.clock.now();
  const bulkId = newId(now);
  const invalid: { row: number; to: string; reason: string }[] = [];
  const seen = new Set<string>();
  const prepared: { o: SendSmsOptions; p: Prepared }[] = [];
  o.recipients.forEach((r, i) => {
    const to = typeof r === 'string' ? r : r.to;
    const text = typeof r === 'string' ? o.text : (r.text ?? o.text);
    const one: SendSmsOptions = { to, text, class: o.class, service: o.service, key: `${o.key}:${to}`, signature: o.signature, extension: o.extension, notBefore: o.notBefore, bulkId };
    try {
      const p = prepareSms(deps, one);
      if (!seen.has(p.to)) {
        seen.add(p.to);
        prepared.push({ o: { ...one, to: p.to, key: `${o.key}:${p.to}` }, p });
      }
    } catch (e) {
      invalid.push({ row: i + 1, to, reason: e instanceof Error ? e.message : String(e) });
    }
  });
  if (invalid.length > 0) {
    throw MessagingErrors.SMS_INVALID_REQUEST(
      { field: 'recipients', invalid: invalid.slice(0, 50), invalidCount: invalid.length },
      `有 ${invalid.length} 个收信人不正确（第 ${invalid.slice(0, 5).map((x) => x.row).join('、')}${invalid.length > 5 ? ' 等' : ''} 行），未发送任何短信`,
    );
  }
  const result = await deps.database.transaction(async (trx) => {
    const row: repo.BulkRow = { id: bulkId, service: o.service, class: o.class, text: o.text, key: o.key, created_by: o.createdBy ?? null, recipients: prepared.length, created_at: now };
    if (!(await repo.insertBulk(trx, row))) {
      const existing = await repo.findBulkByKey(trx, o.service, o.key);
      if (existing?.text !== o.text || existing.recipients !== prepared.length) {
        throw MessagingErrors.SMS_KEY_CONFLICT({ service: o.service, key: o.key });
      }
      return { bulk: bulkView(existing), replay: true };
    }
    await queueMany(deps, trx, prepared, now);
    return { bulk: bulkView(row), replay: false };
  });
  deps.kick();
  return result;
}

/** Writes a bulk's messages in a few statements (buildMany); the dispatcher takes them from the outbox. */
async function queueMany(deps: MessagingDeps, trx: Db, items: { o: SendSmsOptions; p: Prepared }[], now: number): Promise<void> {
  const built = await buildMany(deps, trx, items, now);
  await repo.insertMessages(trx, built.map((b) => b.row));
  await repo.insertParts(trx, built.flatMap((b) => b.parts));
}

function latestPerRecipient(rows: repo.MessageRow[]): repo.MessageRow[] {
  const latest = new Map<string, repo.MessageRow>();
  for (const r of rows) {
    const cur = latest.get(r.to_msisdn);
    if (!cur || r.created_at > cur.created_at || (r.created_at === cur.created_at && r.id > cur.id)) {
      latest.set(r.to_msisdn, r);
    }
  }
  return [...latest.values()];
}

export async function bulkReport(deps: MessagingDeps, bulkId: string): Promise<BulkReport> {
  const b = await repo.getBulk(deps.db, bulkId);
  if (!b) {
    throw MessagingErrors.SMS_BULK_NOT_FOUND({ bulkId });
  }
  const latest = latestPerRecipient(await repo.messagesOfBulk(deps.db, bulkId));
  const byStatus: Partial<Record<repo.MessageStatus, number>> = {};
  for (const m of latest) {
    byStatus[m.status] = (byStatus[m.status] ?? 0) + 1;
  }
  const n = (s: repo.MessageStatus) => byStatus[s] ?? 0;
  return {
    bulk: bulkView(b),
    summary: {
      recipients: latest.length,
      delivered: n('delivered'),
      failed: n('failed') + n('expired'),
      blocked: n('blocked'),
      pending: n('queued') + n('submitted') + n('accepted') + n('unknown'),
    },
    byStatus,
  };
}

export async function bulkMessages(deps: MessagingDeps, bulkId: string, status?: repo.MessageStatus): Promise<MessageView[]> {
  const latest = latestPerRecipient(await repo.messagesOfBulk(deps.db, bulkId));
  return latest.filter((m) => status === undefined || m.status === status).map(messageView);
}

/** Sends again to every recipient whose latest message failed or expired. Idempotent per failure. */
export async function resendFailed(deps: MessagingDeps, bulkId: string): Promise<{ resent: number }> {
  const b = await repo.getBulk(deps.db, bulkId);
  if (!b) {
    throw MessagingErrors.SMS_BULK_NOT_FOUND({ bulkId });
  }
  const failed = latestPerRecipient(await repo.messagesOfBulk(deps.db, bulkId)).filter((m) => m.status === 'failed' || m.status === 'expired');
  let resent = 0;
  await deps.database.transaction(async (trx) => {
    for (const m of failed) {
      const extension = m.src_id.slice(deps.config.serviceCode.length);
      const o: SendSmsOptions = { to: m.to_msisdn, text: m.text, class: m.class, service: m.service, key: `resend:${m.id}`, extension, bulkId };
      const r = await queueSms(deps, trx, o, prepareSms(deps, o));
      resent += r.replay ? 0 : 1;
    }
  });
  deps.kick();
  return { resent };
}
