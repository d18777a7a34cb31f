import { createHash } from 'node:crypto';
import { SMS_CLASSES } from '../../platform/config-sms';
import type { Db } from '../../platform/db/database';
import { isAppError } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { checkCompliance, type ComplianceInput } from './compliance';
import type { MessagingDeps } from './deps';
import { MessagingErrors } from './messaging.errors';
import * as repo from './messaging.repo';
import type { Prepared, SendSmsOptions, SendSmsResult } from './send-types';
import { carrierOf, normalizeMsisdn, planSms, SmsTextErrors, withSignature } from './text';
import { messageView } from './views';
import { groupBy } from '../../platform/group-by';

export type { Prepared, SendSmsOptions, SendSmsResult } from './send-types';

const SERVICE_RE = /^[a-z][a-z0-9_.-]{0,31}$/;


/** Checks a request without touching the database; throws the first problem. */
export function prepareSms(deps: MessagingDeps, o: SendSmsOptions): Prepared {
  const to = normalizeMsisdn(o.to);
  if (to === null) {
    throw MessagingErrors.SMS_INVALID_NUMBER({ to: o.to });
  }
  if (!(SMS_CLASSES as readonly string[]).includes(o.class)) {
    throw MessagingErrors.SMS_INVALID_REQUEST({ field: 'class' }, `短信类别应为 ${SMS_CLASSES.join('、')} 之一`);
  }
  if (!SERVICE_RE.test(o.service)) {
    throw MessagingErrors.SMS_INVALID_REQUEST({ field: 'service' }, '业务代码应为小写字母开头的 1 到 32 个字母、数字或 ._-');
  }
  if (o.key.length < 1 || o.key.length > 160) {
    throw MessagingErrors.SMS_INVALID_REQUEST({ field: 'key' }, '请求编号应为 1 到 160 个字符');
  }
  const extension = o.extension ?? '';
  if (!/^\d{0,12}$/.test(extension) || deps.config.serviceCode.length + extension.length > 21) {
    throw MessagingErrors.SMS_INVALID_REQUEST({ field: 'extension' }, '扩展号应为数字，且与服务代码合计不超过 21 位');
  }
  if (o.text.trim() === '') {
    throw SmsTextErrors.SMS_EMPTY();
  }
  const text = withSignature(o.text.trim(), o.signature ?? deps.config.signature);
  const plan = planSms(text, { maxParts: deps.config.maxParts, reference: 0 });
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([to, text, o.class, extension, o.notBefore ?? null, o.bulkId ?? null, o.replyToMoId ?? null]))
    .digest('hex');
  return { to, text, encoding: plan.encoding, parts: plan.parts.length, srcId: deps.config.serviceCode + extension, fingerprint };
}

/** The message already stored under a request's key: the same request again (a replay), else a conflict. */
function replayOf(o: SendSmsOptions, p: Prepared, stored: repo.MessageRow): SendSmsResult {
  if (stored.fingerprint !== p.fingerprint) {
    throw MessagingErrors.SMS_KEY_CONFLICT({ service: o.service, key: o.key, messageId: stored.id });
  }
  return { message: messageView(stored), replay: true };
}

/** Queues one message inside the caller's transaction `trx`. */
export async function queueSms(deps: MessagingDeps, trx: Db, o: SendSmsOptions, p: Prepared): Promise<SendSmsResult> {
  const existing = await repo.findMessageByKey(trx, o.service, o.key);
  if (existing) {
    return replayOf(o, p, existing);
  }
  const now = deps.clock.now();
  const optouts = await repo.optoutsOf(trx, p.to);
  const caps = deps.config.caps[o.class];
  const recent = await Promise.all(caps.map(async (cap) => ({ cap, count: await repo.countRecent(trx, p.to, o.class, now - cap.windowMs) })));
  const { row, parts } = buildMessage(deps, o, p, now, optouts, recent);
  if (!(await repo.insertMessage(trx, row))) {
    // Another request with the same key committed first.
    const winner = await repo.findMessageByKey(trx, o.service, o.key);
    if (winner?.fingerprint !== p.fingerprint) {
      throw MessagingErrors.SMS_KEY_CONFLICT({ service: o.service, key: o.key });
    }
    return { message: messageView(winner), replay: true };
  }
  await repo.insertParts(trx, parts);
  return { message: messageView(row), replay: false };
}

/** The message row (with its compliance verdict) and its part rows, for a new message. */
export function buildMessage(
  deps: MessagingDeps,
  o: SendSmsOptions,
  p: Prepared,
  now: number,
  optouts: Pick<repo.OptoutRow, 'service'>[],
  recent: ComplianceInput['recent'],
): { row: repo.MessageRow; parts: repo.PartRow[] } {
  const notBefore = Math.max(o.notBefore ?? now, now);
  const verdict = checkCompliance({
    class: o.class,
    isReply: o.replyToMoId !== undefined,
    optedOut: { service: optouts.some((x) => x.service === o.service), global: optouts.some((x) => x.service === '*') },
    recent,
    now: notBefore,
    timeZone: deps.timeZone,
    quietHours: deps.config.quietHours,
  });
  const runAt = verdict.kind === 'defer' ? verdict.until : notBefore;
  const row: repo.MessageRow = {
    id: newId(now),
    service: o.service,
    key: o.key,
    fingerprint: p.fingerprint,
    class: o.class,
    to_msisdn: p.to,
    carrier: carrierOf(p.to),
    src_id: p.srcId,
    text: p.text,
    encoding: p.encoding,
    parts: p.parts,
    bulk_id: o.bulkId ?? null,
    reply_to_mo_id: o.replyToMoId ?? null,
    status: verdict.kind === 'blocked' ? 'blocked' : 'queued',
    reason: verdict.kind === 'ok' ? null : verdict.detail,
    not_before: runAt,
    gateway: null,
    created_at: now,
    updated_at: now,
    done_at: verdict.kind === 'blocked' ? now : null,
  };
  const parts: repo.PartRow[] =
    verdict.kind === 'blocked'
      ? []
      : Array.from({ length: p.parts }, (_, k) => ({
          message_id: row.id,
          seq: k + 1,
          status: 'queued' as const,
          gateway: null,
          gateway_msg_id: null,
          attempts: 0,
          next_attempt_at: runAt,
          error: null,
          report_stat: null,
          queued_at: now,
          submitted_at: null,
          accepted_at: null,
          done_at: null,
        }));
  return { row, parts };
}

/**
 * New messages built in a few statements: opt-outs and recent counts read for all recipients
 * at once. A recipient's earlier messages in the same list count towards its caps as if they
 * had been written one by one.
 */
export async function buildMany(
  deps: MessagingDeps,
  trx: Db,
  items: { o: SendSmsOptions; p: Prepared }[],
  now: number,
): Promise<{ row: repo.MessageRow; parts: repo.PartRow[] }[]> {
  const optouts = groupBy(await repo.optoutsOfMany(trx, [...new Set(items.map((x) => x.p.to))]), (r) => r.msisdn);
  // Stored counts per class and cap window, for the recipients of that class.
  const counts = new Map<string, Map<string, number>[]>();
  for (const cls of new Set(items.map((x) => x.o.class))) {
    const tos = [...new Set(items.filter((x) => x.o.class === cls).map((x) => x.p.to))];
    counts.set(cls, await Promise.all(deps.config.caps[cls].map((cap) => repo.countRecentMany(trx, tos, cls, now - cap.windowMs))));
  }
  const earlier = new Map<string, number>();
  return items.map((x) => {
    const mine = `${x.o.class}\u0000${x.p.to}`;
    const before = earlier.get(mine) ?? 0;
    const stored = counts.get(x.o.class) ?? [];
    const recent = deps.config.caps[x.o.class].map((cap, i) => ({ cap, count: (stored[i]?.get(x.p.to) ?? 0) + before }));
    const built = buildMessage(deps, x.o, x.p, now, optouts.get(x.p.to) ?? [], recent);
    if (built.row.status !== 'blocked') {
      earlier.set(mine, before + 1);
    }
    return built;
  });
}

/**
 * Sends arriving together are written in one transaction (one fsync) by the module's send
 * batcher, in a few statements for the whole batch: known keys read at once, new messages
 * built by buildMany and inserted together. A key repeated within the batch, or committed
 * first by another writer, is then settled as its own request (a replay or a conflict). Each
 * caller's promise settles after the commit; a rule broken by one request (a key conflict)
 * fails that request only.
 */
export async function queueBatch(deps: MessagingDeps, items: { o: SendSmsOptions; p: Prepared }[]): Promise<PromiseSettledResult<SendSmsResult>[]> {
  const results = await deps.database.transaction(async (trx) => {
    const now = deps.clock.now();
    const out: (PromiseSettledResult<SendSmsResult> | undefined)[] = items.map(() => undefined);
    const known = await repo.messagesByKeys(trx, items.map(({ o }) => ({ service: o.service, key: o.key })));
    const claimedKeys = new Set<string>();
    const fresh: number[] = [];
    items.forEach(({ o, p }, i) => {
      const k = `${o.service}\u0000${o.key}`;
      const prior = known.get(k);
      if (prior) {
        try {
          out[i] = { status: 'fulfilled', value: replayOf(o, p, prior) };
        } catch (e) {
          out[i] = { status: 'rejected', reason: e };
        }
      } else if (!claimedKeys.has(k)) {
        claimedKeys.add(k);
        fresh.push(i);
      }
    });
    const built = await buildMany(deps, trx, fresh.map((i) => items[i]!), now);
    const inserted = await repo.insertMessagesIfNew(trx, built.map((b) => b.row));
    const stored = built.filter((b) => inserted.has(b.row.id));
    await repo.insertParts(trx, stored.flatMap((b) => b.parts));
    fresh.forEach((i, j) => {
      const b = built[j]!;
      if (inserted.has(b.row.id)) {
        out[i] = { status: 'fulfilled', value: { message: messageView(b.row), replay: false } };
      }
    });
    // Left: a key repeated in this batch, or one another writer committed first.
    for (const [i, r] of out.entries()) {
      if (r !== undefined) {
        continue;
      }
      try {
        out[i] = { status: 'fulfilled', value: await queueSms(deps, trx, items[i]!.o, items[i]!.p) };
      } catch (e) {
        if (!isAppError(e)) {
          throw e;
        }
        out[i] = { status: 'rejected', reason: e };
      }
    }
    return out as PromiseSettledResult<SendSmsResult>[];
  });
  deps.kick();
  return results;
}

export async function sendSms(deps: MessagingDeps, o: SendSmsOptions): Promise<SendSmsResult> {
  const p = prepareSms(deps, o);
  return deps.sendBatcher.submit({ o, p });
}
