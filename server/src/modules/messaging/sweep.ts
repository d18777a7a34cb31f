/**
 * The periodic sweep: parts that waited longer than the report timeout (48 h) for a delivery
 * report become `expired`; long MOs whose other parts never came are routed with what arrived.
 */
import type { MessagingDeps } from './deps';
import * as repo from './messaging.repo';
import { refreshMessageStatus } from './refresh-status';
import { routeMo } from './route-mo';

/** A long MO's parts wait this long for the rest. */
export const MO_PARTS_WAIT_MS = 10 * 60_000;

export async function sweep(deps: MessagingDeps, limit = 1000): Promise<{ expired: number; flushedMo: number }> {
  const now = deps.clock.now();
  let expired = 0;
  for (const p of await repo.partsWaitingSince(deps.db, now - deps.config.reportTimeoutMs, limit)) {
    if (await repo.applyReport(deps.db, p.message_id, p.seq, 'expired', 'NO_REPORT', now)) {
      expired += 1;
      await refreshMessageStatus(deps, p.message_id);
    }
  }
  let flushedMo = 0;
  for (const mo of await repo.stalePartGroups(deps.db, now - MO_PARTS_WAIT_MS, 100)) {
    const r = await routeMo(deps, mo.id, { force: true });
    flushedMo += r.startsWith('waiting') || r === 'nothing to do' ? 0 : 1;
  }
  return { expired, flushedMo };
}
