/**
 * What to do with an MO: reassemble a long one, then route it — the opt-out family first
 * (so that `TD` sent to a teacher's extension opts out rather than reaching the teacher),
 * then by destination (service code + extension), then by keyword; anything else gets the
 * help text. Every MO ends `handled` (or `failed`, with the reason) and names its route.
 */
import { phoneRef, recordAudit } from '../../platform/audit';
import type { MessagingDeps } from './deps';
import type { InboundMessage, InboundOutcome } from './inbound-registry';
import * as repo from './messaging.repo';
import { addOptout } from './optouts';
import { sendSms } from './send-sms';
import { normalizeMo, parseKeyword } from './text';

/** Exact-match opt-out words (after normalisation: half-width, upper-case). */
export const OPT_OUT_KEYWORDS = ['TD', 'T', 'R', 'N', 'QX', 'STOP', 'UNSUBSCRIBE', '退订', '取消', '退订短信', '取消短信'];

export const HELP_TEXT = '未能识别您发送的内容。回复 TD 可退订短信；如有疑问请联系学校或拨打 10086。';

/** Joins a long MO once all its parts are stored; returns the id of the whole, or null. */
async function assemble(deps: MessagingDeps, mo: repo.MoRow, force: boolean): Promise<repo.MoRow | null> {
  if (mo.udh_ref === null || mo.udh_total === null) {
    return mo;
  }
  const group = await repo.pendingPartsOf(deps.db, { from: mo.from_msisdn, to: mo.to_code, ref: mo.udh_ref, total: mo.udh_total });
  const bySeq = new Map<number, repo.MoRow>();
  const duplicates: string[] = [];
  for (const p of group) {
    if (p.udh_seq === null || bySeq.has(p.udh_seq)) {
      duplicates.push(p.id);
    } else {
      bySeq.set(p.udh_seq, p);
    }
  }
  if (!force && bySeq.size < mo.udh_total) {
    await repo.moveMo(deps.db, duplicates, 'part', 'duplicate');
    return null;
  }
  const parts = [...bySeq.values()].sort((a, b) => (a.udh_seq ?? 0) - (b.udh_seq ?? 0));
  const head = parts[0];
  if (!head) {
    return null;
  }
  const rest = parts.slice(1).map((p) => p.id);
  const text = parts.map((p) => p.text).join('');
  return deps.database.transaction(async (trx) => {
    // Whoever moves the head first owns the whole; a concurrent run finds nothing to move.
    if ((await repo.moveMo(trx, [head.id], 'part', 'received', { text })) !== 1) {
      return null;
    }
    await repo.moveMo(trx, rest, 'part', 'assembled', { assembled_into: head.id });
    await repo.moveMo(trx, duplicates, 'part', 'duplicate', { assembled_into: head.id });
    return { ...head, status: 'received' as const, text };
  });
}

async function answer(deps: MessagingDeps, mo: repo.MoRow, service: string, reply: string): Promise<void> {
  const extension = mo.to_code.startsWith(deps.config.serviceCode) ? mo.to_code.slice(deps.config.serviceCode.length) : '';
  const o = { to: mo.from_msisdn, text: reply, class: 'service' as const, service, key: `reply:${mo.id}`, extension: /^\d{0,12}$/.test(extension) ? extension : '', replyToMoId: mo.id };
  await sendSms(deps, o);
}

async function optOut(deps: MessagingDeps, mo: repo.MoRow): Promise<{ service: string; outcome: InboundOutcome }> {
  const service = (await repo.lastServiceFromSource(deps.db, mo.to_code, mo.from_msisdn)) ?? '*';
  // The opt-out and its audit entry commit together; the entry names the number only by a hash.
  await deps.database.transaction(async (trx) => {
    const added = await addOptout({ ...deps, db: trx }, { msisdn: mo.from_msisdn, service, source: 'sms', note: `短信「${mo.text.slice(0, 40)}」发至 ${mo.to_code}` });
    await recordAudit(trx, {
      at: deps.clock.now(),
      channel: 'sms',
      actorKind: 'phone',
      actorId: phoneRef(mo.from_msisdn),
      action: 'sms.optouts',
      target: `MO id=${mo.id}`,
      result: 'ok',
      details: { service, added, toCode: mo.to_code },
    });
  });
  const what = service === '*' ? '本平台的通知和推广短信（验证码除外）' : `「${deps.inbound.titleOf(service)}」的短信`;
  return {
    service,
    outcome: {
      reply: `退订成功，您将不再收到${what}。如需恢复，请联系学校或拨打 10086。`,
      result: service === '*' ? '已退订全部短信' : `已退订：${deps.inbound.titleOf(service)}`,
    },
  };
}

/** A claim on an MO older than this was left by a crashed process: it may be taken again. */
export const ROUTING_CLAIM_MS = 10 * 60_000;

/** Finds the MO to route for a job: the MO itself, or the whole a part was joined into. */
async function target(deps: MessagingDeps, stored: repo.MoRow, force: boolean): Promise<repo.MoRow | null> {
  switch (stored.status) {
    case 'part':
      return assemble(deps, stored, force);
    case 'assembled':
    case 'duplicate':
      return stored.assembled_into === null ? null : ((await repo.getMo(deps.db, stored.assembled_into)) ?? null);
    case 'received':
    case 'routing':
    case 'handled':
    case 'failed':
      return stored;
  }
}

/**
 * The routing job's work. Exactly one run routes an MO: it claims it (received → routing)
 * first; a claim left by a crashed process is taken again after ROUTING_CLAIM_MS. Returns
 * what happened (for logs).
 */
export async function routeMo(deps: MessagingDeps, moId: string, opts: { force?: boolean } = {}): Promise<string> {
  const stored = await repo.getMo(deps.db, moId);
  if (!stored) {
    return 'nothing to do';
  }
  const mo = await target(deps, stored, opts.force ?? false);
  if (!mo) {
    return stored.status === 'part' ? 'waiting for the other parts' : 'nothing to do';
  }
  const now = deps.clock.now();
  const claimed =
    (await repo.moveMo(deps.db, [mo.id], 'received', 'routing', { handled_at: now })) === 1 ||
    (mo.status === 'routing' && (mo.handled_at ?? 0) < now - ROUTING_CLAIM_MS && (await repo.moveMo(deps.db, [mo.id], 'routing', 'routing', { handled_at: now })) === 1);
  if (!claimed) {
    return 'routed by another run';
  }
  const normalized = normalizeMo(mo.text);
  const { keyword, rest } = parseKeyword(mo.text, ['退订', '取消']);
  const extension = mo.to_code.startsWith(deps.config.serviceCode) ? mo.to_code.slice(deps.config.serviceCode.length) : '';

  let route: string;
  let service: string | null;
  let outcome: InboundOutcome;
  if (OPT_OUT_KEYWORDS.includes(normalized)) {
    const r = await optOut(deps, mo);
    route = 'optout';
    service = r.service;
    outcome = r.outcome;
  } else {
    const handler = deps.inbound.find(extension, keyword);
    if (handler) {
      const message: InboundMessage = { id: mo.id, from: mo.from_msisdn, to: mo.to_code, extension, text: mo.text, normalized, keyword, rest, receivedAt: mo.received_at };
      try {
        outcome = await handler.handle(message);
      } catch (e) {
        // Back to `received`, so that the job's retry routes it again.
        await repo.setMoOutcome(deps.db, mo.id, { status: 'received', route: handler.name, service: handler.service, result: `处理失败，将重试：${e instanceof Error ? e.message : String(e)}`, now });
        throw e;
      }
      route = handler.name;
      service = handler.service;
    } else {
      route = 'help';
      service = null;
      outcome = { reply: HELP_TEXT, result: '无法识别，已回复帮助信息' };
    }
  }
  if (outcome.reply !== undefined) {
    await answer(deps, mo, service === null || service === '*' ? 'messaging' : service, outcome.reply);
  }
  await repo.setMoOutcome(deps.db, mo.id, { status: 'handled', route, service, result: outcome.result, now: deps.clock.now() });
  return `${route}: ${outcome.result}`;
}
