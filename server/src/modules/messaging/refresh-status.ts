import type { Db } from '../../platform/db/database';
import * as repo from './messaging.repo';

/**
 * Recomputes messages' states from their parts (after parts changed), in `db` (a transaction):
 * one UPDATE per 500 messages, computed by the database (`batchUpdates.refresh`), written only
 * where the state changes.
 */
export async function refreshStatuses(db: Db, messageIds: string[], now: number): Promise<void> {
  await repo.refreshMessageStates(db, [...new Set(messageIds)], now);
}
