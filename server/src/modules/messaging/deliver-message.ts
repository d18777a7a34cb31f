/**
 * The delivery job's work for one message: check compliance again, then put each part on
 * the wire through the gateway for the recipient's carrier, one part at a time, each state
 * committed before the next step (never inside a transaction with the gateway call).
 *
 * The "unknown" policy (docs/messaging.md): a part whose submit got no answer (timeout,
 * connection cut) is sent once more on the job's next run; after that it stays `unknown`.
 * So a recipient gets a part at most twice, and only when the gateway did not answer.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../../platform/errors';
import { checkCompliance } from './compliance';
import { JOB_DELIVER, type MessagingDeps } from './deps';
import * as repo from './messaging.repo';
import type { OutboundPart } from './ports';
import { applyOrphanReports } from './record-report';
import { refreshMessageStatus } from './refresh-status';
import { planSms } from './text';
import { FINAL_STATUSES } from './views';

/** Two tries of a part whose outcome was unknown. */
export const MAX_UNKNOWN_SENDS = 2;

export class DeliveryDeferred extends AppError {
  constructor(reason: string) {
    super('SMS_DELIVERY_DEFERRED', 'unavailable', `短信网关暂不可用，稍后重试：${reason}`);
  }
}

/** The 8-bit concatenation reference of a message: stable across retries. */
function referenceOf(messageId: string): number {
  return createHash('sha256').update(messageId).digest()[0] ?? 0;
}

export async function deliverMessage(deps: MessagingDeps, messageId: string): Promise<void> {
  const msg = await repo.getMessage(deps.db, messageId);
  if (!msg || FINAL_STATUSES.includes(msg.status)) {
    return;
  }
  const now = deps.clock.now();
  if (msg.not_before > now) {
    // Deferred meanwhile (quiet hours): a later job carries it.
    return;
  }
  const optouts = await repo.optoutsOf(deps.db, msg.to_msisdn);
  const verdict = checkCompliance({
    class: msg.class,
    isReply: msg.reply_to_mo_id !== null,
    optedOut: { service: optouts.some((x) => x.service === msg.service), global: optouts.some((x) => x.service === '*') },
    recent: [],
    now,
    timeZone: deps.timeZone,
    quietHours: deps.config.quietHours,
  });
  if (verdict.kind === 'blocked') {
    await repo.setMessageState(deps.db, msg.id, { status: 'blocked', reason: `发送前复核：${verdict.detail}`, doneAt: now, now });
    return;
  }
  if (verdict.kind === 'defer') {
    await deps.database.transaction(async (trx) => {
      await repo.setMessageState(trx, msg.id, { status: 'queued', reason: verdict.detail, notBefore: verdict.until, now });
      await deps.enqueue(trx, JOB_DELIVER, { messageId: msg.id }, { runAt: verdict.until });
    });
    return;
  }

  const gateway = deps.gateways.forCarrier(msg.carrier as Parameters<typeof deps.gateways.forCarrier>[0]);
  const plan = planSms(msg.text, { maxParts: Math.max(deps.config.maxParts, msg.parts), reference: referenceOf(msg.id) });
  const parts = await repo.partsOf(deps.db, msg.id);
  let retry: string | null = null;
  for (const part of parts) {
    // A part left `submitted` by a crash may have reached the gateway: treat it as unknown.
    if (part.status === 'submitted') {
      await repo.setPartStatus(deps.db, msg.id, part.seq, 'unknown', '提交过程中进程中断，结果未知', now);
      part.status = 'unknown';
    }
    const sendable = part.status === 'queued' || (part.status === 'unknown' && part.attempts < MAX_UNKNOWN_SENDS);
    if (!sendable) {
      continue;
    }
    const wire = plan.parts[part.seq - 1];
    if (!wire) {
      await repo.setPartStatus(deps.db, msg.id, part.seq, 'failed', '分段与原消息不一致', now);
      continue;
    }
    if (!(await repo.markPartSubmitted(deps.db, msg.id, part.seq, gateway.name, deps.clock.now(), ['queued', 'unknown']))) {
      continue; // another worker has it
    }
    await repo.setMessageState(deps.db, msg.id, { status: 'submitted', gateway: gateway.name, now: deps.clock.now() });
    const out: OutboundPart = {
      messageId: msg.id,
      seq: part.seq,
      total: plan.parts.length,
      to: msg.to_msisdn,
      srcId: msg.src_id,
      msgFmt: plan.msgFmt,
      udhi: wire.udh !== null,
      content: wire.bytes,
      text: msg.text,
    };
    const outcome = await gateway.submit(out);
    const at = deps.clock.now();
    switch (outcome.kind) {
      case 'accepted':
        await repo.setPartAccepted(deps.db, msg.id, part.seq, outcome.gatewayMsgId, at);
        await applyOrphanReports(deps, gateway.name, outcome.gatewayMsgId);
        break;
      case 'rejected':
        await repo.setPartStatus(deps.db, msg.id, part.seq, 'failed', `${outcome.code} ${outcome.message}`, at);
        break;
      case 'unknown':
        await repo.setPartStatus(deps.db, msg.id, part.seq, 'unknown', outcome.reason, at);
        retry ??= `第 ${part.seq} 段结果未知：${outcome.reason}`;
        break;
      case 'retry':
        // Never reached the gateway: back to the queue, same attempt count.
        await repo.setPartStatus(deps.db, msg.id, part.seq, 'queued', outcome.reason, at);
        retry ??= outcome.reason;
        break;
    }
    if (outcome.kind === 'retry') {
      break;
    }
  }
  await refreshMessageStatus(deps, msg.id);
  if (retry !== null) {
    const after = await repo.partsOf(deps.db, msg.id);
    if (after.some((p) => p.status === 'queued' || (p.status === 'unknown' && p.attempts < MAX_UNKNOWN_SENDS))) {
      throw new DeliveryDeferred(retry);
    }
  }
}

/**
 * A bulk's delivery job: its messages, up to `concurrency` at a time (the gateway's window
 * paces them). If any must wait (gateway down, unknown outcome), the job is retried; messages
 * already done are skipped on the retry.
 */
export async function deliverBatch(deps: MessagingDeps, messageIds: string[], concurrency = 16): Promise<void> {
  let next = 0;
  let deferred: unknown = null;
  const lane = async () => {
    while (next < messageIds.length) {
      const id = messageIds[next++];
      if (id === undefined) {
        return;
      }
      try {
        await deliverMessage(deps, id);
      } catch (e) {
        deferred ??= e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, messageIds.length) }, lane));
  if (deferred !== null) {
    throw deferred;
  }
}
