import type { MessagingDeps } from './deps';
import * as repo from './messaging.repo';
import { aggregateStatus } from './views';

/** Recomputes a message's state from its parts (after any part changed). */
export async function refreshMessageStatus(deps: MessagingDeps, messageId: string): Promise<void> {
  const db = deps.db;
  const parts = await repo.partsOf(db, messageId);
  const status = aggregateStatus(parts);
  const now = deps.clock.now();
  const final = status === 'delivered' || status === 'failed' || status === 'expired';
  await repo.setMessageState(db, messageId, { status, now, doneAt: final ? Math.max(...parts.map((p) => p.done_at ?? 0)) || now : null });
}
