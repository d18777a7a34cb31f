/**
 * Where a batch of transfers is applied: one short transaction that locks the chain head,
 * loads what the batch touches, runs the rules (engine.ts) and writes the result. One
 * implementation per database, both behind `LedgerStore`, both run by one conformance suite.
 */
import type { Database } from '../../platform/db/database';
import { PostgresLedgerStore } from './ledger.store.postgres';
import { SqliteLedgerStore } from './ledger.store.sqlite';
import type { LedgerStore } from './store-shared';

export type { LedgerStore };

export function createLedgerStore(database: Database): SqliteLedgerStore | PostgresLedgerStore {
  return database.raw.dialect === 'sqlite' ? new SqliteLedgerStore(database.raw.sqlite) : new PostgresLedgerStore(database.raw.pool);
}
