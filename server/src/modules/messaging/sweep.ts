/**
 * The periodic sweep: parts that waited longer than the report timeout (48 h) for a delivery
 * report become `expired`; long MOs whose other parts never came are routed with what arrived.
 */
import type { MessagingDeps } from './deps';
import * as repo from './messaging.repo';
import { UNKNOWN_RETRY_MS } from './dispatcher';
import { refreshStatuses } from './refresh-status';
import { routeMo } from './route-mo';

/** A long MO's parts wait this long for the rest. */
export const MO_PARTS_WAIT_MS = 10 * 60_000;

/** A part `submitted` this long ago was left by a process that died mid-send. */
export const STRANDED_AFTER_MS = 10 * 60_000;

export async function sweep(deps: MessagingDeps, limit = 1000): Promise<{ expired: number; stranded: number; flushedMo: number }> {
  const now = deps.clock.now();
  const { expired, stranded } = await deps.database.transaction(async (trx) => {
    const touched: string[] = [];
    let e = 0;
    for (const p of await repo.partsWaitingSince(trx, now - deps.config.reportTimeoutMs, limit)) {
      if (await repo.applyReport(trx, p.message_id, p.seq, 'expired', 'NO_REPORT', now)) {
        e += 1;
        touched.push(p.message_id);
      }
    }
    // Their outcome is unknown: the dispatcher sends them once more (the "unknown" policy).
    const lost = await repo.strandedParts(trx, now - STRANDED_AFTER_MS, limit);
    for (const p of lost) {
      await repo.setPartUnknown(trx, p.message_id, p.seq, '发送过程中进程中断，结果未知', now + UNKNOWN_RETRY_MS);
      touched.push(p.message_id);
    }
    await refreshStatuses(trx, touched, now);
    return { expired: e, stranded: lost.length };
  });
  if (stranded > 0) {
    deps.kick();
  }
  let flushedMo = 0;
  for (const mo of await repo.stalePartGroups(deps.db, now - MO_PARTS_WAIT_MS, 100)) {
    const r = await routeMo(deps, mo.id, { force: true });
    flushedMo += r.startsWith('waiting') || r === 'nothing to do' ? 0 : 1;
  }
  return { expired, stranded, flushedMo };
}
