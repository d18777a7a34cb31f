import type { Db } from '../../platform/db/database';
import * as repo from './messaging.repo';
import { aggregateStatus } from './views';
import { groupBy } from '../../platform/group-by';

/** Recomputes messages' states from their parts (after parts changed), in `db` (a transaction). */
export async function refreshStatuses(db: Db, messageIds: string[], now: number): Promise<void> {
  const ids = [...new Set(messageIds)];
  if (ids.length === 0) {
    return;
  }
  const byMessage = groupBy(await repo.partStatesOfMany(db, ids), (p) => p.message_id);
  const current = new Map((await repo.messageStatesByIds(db, ids)).map((m) => [m.id, m]));
  const changed: { id: string; status: repo.MessageStatus; doneAt: number | null }[] = [];
  for (const id of ids) {
    const m = current.get(id);
    const ps = byMessage.get(id) ?? [];
    if (!m || m.status === 'blocked' || ps.length === 0) {
      continue;
    }
    const status = aggregateStatus(ps);
    const final = status === 'delivered' || status === 'failed' || status === 'expired';
    const doneAt = final ? Math.max(...ps.map((p) => p.done_at ?? 0)) || now : null;
    if (status !== m.status || doneAt !== m.done_at) {
      changed.push({ id, status, doneAt });
    }
  }
  await repo.updateMessageStatuses(db, changed, now);
}
