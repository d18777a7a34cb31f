/**
 * A person's SMS, for their download and for anonymisation when they leave. Messages to the
 * number and MOs from it are personal data; when the person is anonymised the number becomes
 * a pseudonym and the texts are erased, while counts, times and states stay for the reports.
 * Opt-outs stay as they are: they are the number's objection, honoured whoever holds it next.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { normalizeMsisdn } from '../../platform/msisdn';
import type { MessagingDeps } from './deps';
import { MessagingErrors } from './messaging.errors';

export interface SmsPersonalData {
  messages: { id: string; at: number; service: string; class: string; from: string; text: string; status: string }[];
  sent: { id: string; at: number; to: string; text: string; status: string }[];
  optouts: { service: string; source: string; at: number }[];
}

function number(msisdn: string): string {
  const n = normalizeMsisdn(msisdn);
  if (n === null) {
    throw MessagingErrors.SMS_INVALID_NUMBER({ to: msisdn });
  }
  return n;
}

/** The pseudonym a number becomes: stable, so counts per recipient still add up, and not reversible. */
export function pseudonym(msisdn: string): string {
  return `anon:${createHash('sha256').update(`yikatong-anon:${msisdn}`).digest('hex').slice(0, 16)}`;
}

export async function smsPersonalData(deps: MessagingDeps, msisdn: string): Promise<SmsPersonalData> {
  const n = number(msisdn);
  const [messages, mo, optouts] = await Promise.all([
    sql<{ id: string; created_at: number; service: string; class: string; src_id: string; text: string; status: string }>`
      select id, created_at, service, class, src_id, text, status from sms_messages where to_msisdn = ${n} order by created_at`.execute(deps.db),
    sql<{ id: string; received_at: number; to_code: string; text: string; status: string }>`
      select id, received_at, to_code, text, status from sms_mo
      where from_msisdn = ${n} and status not in ('assembled', 'duplicate') order by received_at`.execute(deps.db),
    sql<{ service: string; source: string; created_at: number }>`select service, source, created_at from sms_optouts where msisdn = ${n} order by created_at`.execute(deps.db),
  ]);
  return {
    messages: messages.rows.map((m) => ({ id: m.id, at: Number(m.created_at), service: m.service, class: m.class, from: m.src_id, text: m.text, status: m.status })),
    sent: mo.rows.map((m) => ({ id: m.id, at: Number(m.received_at), to: m.to_code, text: m.text, status: m.status })),
    optouts: optouts.rows.map((o) => ({ service: o.service, source: o.source, at: Number(o.created_at) })),
  };
}

/** Replaces the number by its pseudonym and erases the texts; anything still queued for it is not sent. */
export async function anonymiseNumber(deps: MessagingDeps, msisdn: string): Promise<{ messages: number; mo: number; pseudonym: string }> {
  const n = number(msisdn);
  const p = pseudonym(n);
  const now = deps.clock.now();
  return deps.database.transaction(async (trx) => {
    await sql`update sms_parts set status = 'failed', error = 'anonymised', done_at = ${now}
      where status = 'queued' and message_id in (select id from sms_messages where to_msisdn = ${n})`.execute(trx);
    await sql`update sms_messages set status = 'blocked', reason = '号码已匿名化', updated_at = ${now}, done_at = ${now}
      where to_msisdn = ${n} and status = 'queued'`.execute(trx);
    const m = await sql`update sms_messages set to_msisdn = ${p}, text = '（已匿名化）', updated_at = ${now} where to_msisdn = ${n}`.execute(trx);
    const mo = await sql`update sms_mo set from_msisdn = ${p}, text = '（已匿名化）', payload_hex = '' where from_msisdn = ${n}`.execute(trx);
    return { messages: Number(m.numAffectedRows ?? 0), mo: Number(mo.numAffectedRows ?? 0), pseudonym: p };
  });
}
