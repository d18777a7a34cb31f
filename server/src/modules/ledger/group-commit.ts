/**
 * Group commit for transfers (platform/batcher.ts): requests that arrive while a batch is
 * being written go together in the next one, so one transaction (one fsync) serves many
 * transfers. Each caller's promise settles only after its transaction has committed. This is
 * the SQLite ledger's committer, and PostgreSQL's with LEDGER_PIPELINE=off; PostgreSQL's own
 * evaluates the next batch while one is written (pipeline.ts).
 */
import { Batcher } from '../../platform/batcher';
import type { Clock } from '../../platform/clock';
import type { Unit } from './engine';
import type { LedgerStore } from './store-shared';
import type { TransferResult } from './types';

/** How the ledger's use-cases hand a unit to a batch. */
export interface Committer {
  submit(unit: Unit): Promise<TransferResult[]>;
}

export class GroupCommitter implements Committer {
  private readonly batcher: Batcher<Unit, TransferResult[]>;

  constructor(store: LedgerStore, clock: Clock, maxBatch = 1000) {
    this.batcher = new Batcher(async (units) => (await store.applyBatch(units, clock.now())).map((value) => ({ status: 'fulfilled' as const, value })), maxBatch);
  }

  submit(unit: Unit): Promise<TransferResult[]> {
    return this.batcher.submit(unit);
  }
}
