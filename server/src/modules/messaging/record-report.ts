/**
 * Delivery reports: matched to their part by (gateway, gateway message id), many in one
 * transaction (the module's report batcher), acknowledged on the wire after it commits. A
 * report can arrive before the submit response was recorded; it is then kept as an orphan
 * and applied when the part's id is stored (and by a short-lived retry job, for other
 * processes). Duplicated reports change nothing.
 */
import type { Db } from '../../platform/db/database';
import { newId } from '../../platform/ids';
import { JOB_MATCH_REPORT, type MessagingDeps } from './deps';
import * as repo from './messaging.repo';
import type { DeliveryReport } from './ports';
import { refreshStatuses } from './refresh-status';

export type ReportOutcome = 'applied' | 'duplicate' | 'orphan';

export function statusOfStat(stat: string): 'delivered' | 'failed' | 'expired' {
  const s = stat.trim().toUpperCase();
  if (s === 'DELIVRD') {
    return 'delivered';
  }
  return s === 'EXPIRED' ? 'expired' : 'failed';
}

/** Applies a batch of reports in one transaction. */
export async function recordReports(deps: MessagingDeps, items: { gateway: string; report: DeliveryReport }[]): Promise<ReportOutcome[]> {
  const now = deps.clock.now();
  const outcomes = await deps.database.transaction(async (trx) => {
    const found = new Map<string, repo.PartRow>();
    for (const gateway of new Set(items.map((i) => i.gateway))) {
      const ids = items.filter((i) => i.gateway === gateway).map((i) => i.report.gatewayMsgId);
      for (const p of await repo.partsByGatewayIds(trx, gateway, ids)) {
        found.set(`${gateway}\u0000${p.gateway_msg_id ?? ''}`, p);
      }
    }
    const touched: string[] = [];
    const out: ReportOutcome[] = [];
    // Reports of known parts go in one statement; a second report for a part in the same batch is a duplicate.
    const partOf = items.map(({ gateway, report }) => found.get(`${gateway}\u0000${report.gatewayMsgId}`));
    const keyOf = (part: repo.PartRow) => `${part.message_id}\u0000${part.seq}`;
    const first = new Map<string, number>();
    const toApply: Parameters<typeof repo.applyReports>[1] = [];
    items.forEach(({ report }, i) => {
      const part = partOf[i];
      if (part && !first.has(keyOf(part))) {
        first.set(keyOf(part), i);
        toApply.push({ messageId: part.message_id, seq: part.seq, status: statusOfStat(report.stat), stat: report.stat, doneAt: report.doneAt });
      }
    });
    const applied = await repo.applyReports(trx, toApply);
    for (const [i, { gateway, report }] of items.entries()) {
      const part = partOf[i];
      if (part) {
        touched.push(part.message_id);
        out.push(first.get(keyOf(part)) === i && applied.has(keyOf(part)) ? 'applied' : 'duplicate');
      } else {
        const id = newId(now);
        await repo.insertOrphanReport(trx, { id, gateway, gateway_msg_id: report.gatewayMsgId, stat: report.stat, to_msisdn: report.to, done_at: report.doneAt, received_at: now, matched_at: null });
        await deps.enqueue(trx, JOB_MATCH_REPORT, { reportId: id }, { runAt: now + 1000 });
        out.push('orphan');
      }
    }
    await refreshStatuses(trx, touched, now);
    return out;
  });
  // The part's submit outcome may have committed while this ran (PostgreSQL): look again
  // now that the orphans are visible to it too. Whichever side commits last finds the other.
  const orphans = items.filter((_, i) => outcomes[i] === 'orphan');
  for (const gateway of new Set(orphans.map((i) => i.gateway))) {
    await resolveOrphans(deps, gateway, orphans.filter((i) => i.gateway === gateway).map((i) => i.report.gatewayMsgId));
  }
  return outcomes;
}

/** In its own transaction: applies early reports whose parts are now known. */
export async function resolveOrphans(deps: MessagingDeps, gateway: string, gatewayMsgIds: string[]): Promise<void> {
  if (gatewayMsgIds.length === 0) {
    return;
  }
  const now = deps.clock.now();
  await deps.database.transaction(async (trx) => {
    await refreshStatuses(trx, await applyOrphanReports(trx, gateway, gatewayMsgIds, now), now);
  });
}

/** Applies reports that came before their parts' ids were stored; returns the messages touched. */
export async function applyOrphanReports(db: Db, gateway: string, gatewayMsgIds: string[], now: number): Promise<string[]> {
  if (gatewayMsgIds.length === 0) {
    return [];
  }
  const orphans = await repo.orphanReportsForMany(db, gateway, gatewayMsgIds);
  if (orphans.length === 0) {
    return [];
  }
  const parts = new Map((await repo.partsByGatewayIds(db, gateway, [...new Set(orphans.map((o) => o.gateway_msg_id))])).map((p) => [p.gateway_msg_id, p]));
  const touched: string[] = [];
  for (const o of orphans) {
    const part = parts.get(o.gateway_msg_id);
    if (part) {
      await repo.applyReport(db, part.message_id, part.seq, statusOfStat(o.stat), o.stat, o.done_at);
      await repo.markOrphanMatched(db, o.id, now);
      touched.push(part.message_id);
    }
  }
  return touched;
}

/** How long an early report waits for its part before it is left unmatched. */
export const ORPHAN_MATCH_WINDOW_MS = 10 * 60_000;

/** The retry job's work: true when done (matched, or too old to keep trying). */
export async function matchOrphanReport(deps: MessagingDeps, reportId: string): Promise<boolean> {
  const o = await repo.getOrphanReport(deps.db, reportId);
  if (!o || o.matched_at !== null) {
    return true;
  }
  const now = deps.clock.now();
  await resolveOrphans(deps, o.gateway, [o.gateway_msg_id]);
  const again = await repo.getOrphanReport(deps.db, reportId);
  return (again !== undefined && again.matched_at !== null) || now - o.received_at > ORPHAN_MATCH_WINDOW_MS;
}
