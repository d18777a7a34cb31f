import type { LedgerDeps } from './deps';
import * as repo from './ledger.repo';
import { applyTransfers } from './post-transfers';

/**
 * Releases holds past their expiry, exactly once each: the release's key is the hold's id,
 * and a hold can have only one post, void or expire. Returns how many it released.
 */
export async function expireHolds(deps: LedgerDeps, limit = 500): Promise<number> {
  const due = await repo.expiredHolds(deps.db, deps.clock.now(), limit);
  const results = await Promise.all(
    due.map((p) => applyTransfers(deps, [{ kind: 'expire', scope: 'ledger:expire', key: String(p.id), pendingId: p.id, code: 'HOLD_EXPIRED' }])),
  );
  return results.filter(([r]) => r?.ok && !r.replay).length;
}
