/**
 * Delivery reports: matched to their part by (gateway, gateway message id). A report can
 * arrive before the submit response was recorded; it is then kept as an orphan and applied
 * when the part's id is stored (and by a short-lived retry job, for other processes).
 * Duplicated reports change nothing.
 */
import { newId } from '../../platform/ids';
import { JOB_MATCH_REPORT, type MessagingDeps } from './deps';
import * as repo from './messaging.repo';
import type { DeliveryReport } from './ports';
import { refreshMessageStatus } from './refresh-status';

export function statusOfStat(stat: string): 'delivered' | 'failed' | 'expired' {
  const s = stat.trim().toUpperCase();
  if (s === 'DELIVRD') {
    return 'delivered';
  }
  return s === 'EXPIRED' ? 'expired' : 'failed';
}

async function applyTo(deps: MessagingDeps, part: repo.PartRow, stat: string, doneAt: number): Promise<boolean> {
  const applied = await repo.applyReport(deps.db, part.message_id, part.seq, statusOfStat(stat), stat, doneAt);
  if (applied) {
    await refreshMessageStatus(deps, part.message_id);
  }
  return applied;
}

export async function recordReport(deps: MessagingDeps, gateway: string, r: DeliveryReport): Promise<'applied' | 'duplicate' | 'orphan'> {
  const part = await repo.findPartByGatewayId(deps.db, gateway, r.gatewayMsgId);
  if (part) {
    return (await applyTo(deps, part, r.stat, r.doneAt)) ? 'applied' : 'duplicate';
  }
  const now = deps.clock.now();
  await deps.database.transaction(async (trx) => {
    const id = newId(now);
    await repo.insertOrphanReport(trx, { id, gateway, gateway_msg_id: r.gatewayMsgId, stat: r.stat, to_msisdn: r.to, done_at: r.doneAt, received_at: now, matched_at: null });
    await deps.enqueue(trx, JOB_MATCH_REPORT, { reportId: id }, { runAt: now + 1000 });
  });
  // The submit response may have been stored between the lookup and the insert.
  await applyOrphanReports(deps, gateway, r.gatewayMsgId);
  return 'orphan';
}

/** Applies reports that came before their part's id was known. */
export async function applyOrphanReports(deps: MessagingDeps, gateway: string, gatewayMsgId: string): Promise<void> {
  const orphans = await repo.orphanReportsFor(deps.db, gateway, gatewayMsgId);
  if (orphans.length === 0) {
    return;
  }
  const part = await repo.findPartByGatewayId(deps.db, gateway, gatewayMsgId);
  if (!part) {
    return;
  }
  for (const o of orphans) {
    await applyTo(deps, part, o.stat, o.done_at);
    await repo.markOrphanMatched(deps.db, o.id, deps.clock.now());
  }
}

/** How long an early report waits for its part before it is left unmatched. */
export const ORPHAN_MATCH_WINDOW_MS = 10 * 60_000;

/** The retry job's work: true when done (matched, or too old to keep trying). */
export async function matchOrphanReport(deps: MessagingDeps, reportId: string): Promise<boolean> {
  const o = await repo.getOrphanReport(deps.db, reportId);
  if (!o || o.matched_at !== null) {
    return true;
  }
  await applyOrphanReports(deps, o.gateway, o.gateway_msg_id);
  const again = await repo.getOrphanReport(deps.db, reportId);
  return (again !== undefined && again.matched_at !== null) || deps.clock.now() - o.received_at > ORPHAN_MATCH_WINDOW_MS;
}
