/**
 * The dispatcher: drains the outbox (parts due to go on the wire) through the gateways.
 *
 * One loop per process that runs the worker. Each round claims due parts in one transaction
 * (compliance checked again: an opt-out that arrived after queueing blocks the message;
 * quiet hours defer it), marks them `submitted`, then hands them to the gateway for the
 * recipient's carrier; the gateway's window and rate pace them. Outcomes are recorded in
 * batches (one transaction for many). Never a transaction around a gateway call.
 *
 * The "unknown" policy (docs/messaging.md): a part whose submit got no answer is sent once
 * more after UNKNOWN_RETRY_MS; after that it stays `unknown`. A part the gateway never took
 * (no connection, throttled to the end) goes back to the outbox without counting a try.
 */
import { createHash } from 'node:crypto';
import { Batcher } from '../../platform/batcher';
import type { Carrier } from '../../platform/config-sms';
import { checkCompliance } from './compliance';
import type { MessagingDeps } from './deps';
import * as repo from './messaging.repo';
import type { OutboundPart, SubmitOutcome } from './ports';
import { applyOrphanReports, resolveOrphans } from './record-report';
import { refreshStatuses } from './refresh-status';
import { planSms } from './text';
import { groupBy } from '../../platform/group-by';

/** Two tries of a part whose outcome was unknown. */
export const MAX_UNKNOWN_SENDS = 2;
export const UNKNOWN_RETRY_MS = 60_000;
export const GATEWAY_RETRY_MS = 5_000;
/** Parts on the wire at once, over all gateways (each gateway also has its own window). */
const MAX_IN_FLIGHT = 2_000;
const CLAIM_LIMIT = 500;
const IDLE_POLL_MS = 500;
/** Outcomes wait this long for others to share their transaction. */
const RECORD_LINGER_MS = 5;

interface Claimed {
  part: repo.DuePart;
  out: OutboundPart;
  gateway: string;
}

interface Outcome {
  c: Claimed;
  outcome: SubmitOutcome;
}

/** The 8-bit concatenation reference of a message: stable across retries. */
function referenceOf(messageId: string): number {
  return createHash('sha256').update(messageId).digest()[0] ?? 0;
}

export class Dispatcher {
  private stopped = true;
  private loopDone: Promise<void> = Promise.resolve();
  private inFlight = 0;
  private wakeUp: (() => void) | null = null;
  private readonly recorder: Batcher<Outcome, null>;

  constructor(private readonly deps: MessagingDeps) {
    this.recorder = new Batcher((items) => this.record(items), 1000, RECORD_LINGER_MS);
  }

  start(): void {
    if (!this.stopped) {
      return;
    }
    this.stopped = false;
    this.loopDone = this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.kick();
    await this.loopDone;
    await this.idle();
  }

  /** Parts were queued: claim them now rather than at the next poll. */
  kick(): void {
    const w = this.wakeUp;
    this.wakeUp = null;
    w?.();
  }

  /** Sends everything due now and records every outcome (tests and the CLI use this). */
  async drainDue(): Promise<number> {
    let total = 0;
    for (;;) {
      const claimed = await this.claim(CLAIM_LIMIT);
      await Promise.all(claimed.map((c) => this.send(c)));
      await this.idle();
      total += claimed.length;
      if (claimed.length === 0) {
        return total;
      }
    }
  }

  private async idle(): Promise<void> {
    while (this.inFlight > 0) {
      await this.sleep(20);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.wakeUp = null;
        resolve();
      }, ms);
      this.wakeUp = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const room = MAX_IN_FLIGHT - this.inFlight;
      if (room <= 0) {
        await this.sleep(IDLE_POLL_MS);
        continue;
      }
      let claimed: Claimed[];
      try {
        claimed = await this.claim(Math.min(room, CLAIM_LIMIT));
      } catch (e) {
        this.deps.log.error({ err: e }, '短信发送队列读取失败，稍后重试');
        await this.sleep(1000);
        continue;
      }
      if (claimed.length === 0) {
        await this.sleep(IDLE_POLL_MS);
        continue;
      }
      for (const c of claimed) {
        void this.send(c);
      }
    }
  }

  /** Claims due parts: compliance again, then `submitted`, all in one transaction. */
  private async claim(limit: number): Promise<Claimed[]> {
    const { deps } = this;
    const now = deps.clock.now();
    const claimed = await deps.database.transaction(async (trx) => {
      const due = await repo.dueParts(trx, now, MAX_UNKNOWN_SENDS, limit);
      if (due.length === 0) {
        return [];
      }
      const messages = new Map((await repo.messagesByIds(trx, [...new Set(due.map((d) => d.message_id))])).map((m) => [m.id, m]));
      const optouts = await repo.optoutsOfMany(trx, [...new Set([...messages.values()].map((m) => m.to_msisdn))]);
      const verdicts = new Map<string, ReturnType<typeof checkCompliance>>();
      const plans = new Map<string, ReturnType<typeof planSms>>();
      const claimed: Claimed[] = [];
      for (const d of due) {
        const msg = messages.get(d.message_id);
        if (!msg || msg.status === 'blocked') {
          continue;
        }
        let verdict = verdicts.get(msg.id);
        if (!verdict) {
          const mine = optouts.filter((o) => o.msisdn === msg.to_msisdn);
          verdict = checkCompliance({
            class: msg.class,
            isReply: msg.reply_to_mo_id !== null,
            optedOut: { service: mine.some((x) => x.service === msg.service), global: mine.some((x) => x.service === '*') },
            recent: [],
            now,
            timeZone: deps.timeZone,
            quietHours: deps.config.quietHours,
          });
          verdicts.set(msg.id, verdict);
          if (verdict.kind === 'blocked') {
            await repo.setMessageState(trx, msg.id, { status: 'blocked', reason: `发送前复核：${verdict.detail}`, doneAt: now, now });
          } else if (verdict.kind === 'defer') {
            await repo.setMessageState(trx, msg.id, { status: msg.status, reason: verdict.detail, notBefore: verdict.until, now });
            await repo.deferParts(trx, msg.id, verdict.until);
          }
        }
        if (verdict.kind !== 'ok') {
          continue;
        }
        let plan = plans.get(msg.id);
        if (!plan) {
          plan = planSms(msg.text, { maxParts: Math.max(deps.config.maxParts, msg.parts), reference: referenceOf(msg.id) });
          plans.set(msg.id, plan);
        }
        const wire = plan.parts[d.seq - 1];
        if (!wire) {
          await repo.setPartStatus(trx, msg.id, d.seq, 'failed', '分段与原消息不一致', now);
          continue;
        }
        const gateway = deps.gateways.forCarrier(msg.carrier as Carrier | null);
        claimed.push({
          part: d,
          gateway: gateway.name,
          out: { messageId: msg.id, seq: d.seq, total: plan.parts.length, to: msg.to_msisdn, srcId: msg.src_id, msgFmt: plan.msgFmt, udhi: wire.udh !== null, content: wire.bytes, text: msg.text },
        });
      }
      for (const gateway of new Set(claimed.map((c) => c.gateway))) {
        const mine = claimed.filter((c) => c.gateway === gateway);
        await repo.claimParts(trx, mine.map((c) => ({ messageId: c.out.messageId, seq: c.out.seq })), gateway, now);
        await repo.markMessagesSubmitted(trx, [...new Set(mine.map((c) => c.out.messageId))], gateway, now);
      }
      return claimed;
    });
    this.inFlight += claimed.length;
    return claimed;
  }

  private async send(c: Claimed): Promise<void> {
    try {
      let outcome: SubmitOutcome;
      try {
        outcome = await this.deps.gateways.forName(c.gateway).submit(c.out);
      } catch (e) {
        outcome = { kind: 'unknown', reason: `网关异常：${e instanceof Error ? e.message : String(e)}` };
      }
      await this.recorder.submit({ c, outcome });
    } catch (e) {
      // The part stays `submitted`; the sweep turns it into `unknown` (sent once more).
      this.deps.log.error({ err: e, messageId: c.out.messageId }, '记录短信发送结果失败');
    } finally {
      this.inFlight -= 1;
      if (this.inFlight < MAX_IN_FLIGHT) {
        this.kick();
      }
    }
  }

  /** Records many outcomes in one transaction, then applies reports that came early. */
  private async record(items: Outcome[]): Promise<PromiseSettledResult<null>[]> {
    const { deps } = this;
    const now = deps.clock.now();
    const acceptedParts: { gateway: string; messageId: string; seq: number; gatewayMsgId: string }[] = [];
    // The gateway ids accepted in this batch, by gateway: reports that came early are applied to them.
    const accepted = () => [...groupBy(acceptedParts, (a) => a.gateway)].map(([gateway, parts]) => [gateway, parts.map((a) => a.gatewayMsgId)] as const);
    await deps.database.transaction(async (trx) => {
      acceptedParts.length = 0;
      for (const { c, outcome } of items) {
        const { messageId, seq } = c.out;
        switch (outcome.kind) {
          case 'accepted':
            acceptedParts.push({ gateway: c.gateway, messageId, seq, gatewayMsgId: outcome.gatewayMsgId });
            break;
          case 'rejected':
            await repo.setPartStatus(trx, messageId, seq, 'failed', `${outcome.code} ${outcome.message}`, now);
            break;
          case 'unknown':
            await repo.setPartUnknown(trx, messageId, seq, outcome.reason, now + UNKNOWN_RETRY_MS);
            break;
          case 'retry':
            await repo.requeuePart(trx, messageId, seq, outcome.reason, now + GATEWAY_RETRY_MS);
            break;
        }
      }
      await repo.setPartsAccepted(trx, acceptedParts, now);
      for (const [gateway, ids] of accepted()) {
        await applyOrphanReports(trx, gateway, ids, now);
      }
      await refreshStatuses(
        trx,
        items.map((i) => i.c.out.messageId),
        now,
      );
    });
    // A report stored as an orphan while this ran (PostgreSQL) is visible now: apply it.
    if (deps.database.dialect === 'postgres') {
      for (const [gateway, ids] of accepted()) {
        await resolveOrphans(deps, gateway, ids);
      }
    }
    return items.map(() => ({ status: 'fulfilled' as const, value: null }));
  }
}
