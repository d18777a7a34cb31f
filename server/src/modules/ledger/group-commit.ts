/**
 * Group commit: requests that arrive while a batch is being written wait and go together in
 * the next one, so one transaction (one fsync) serves many transfers. Each caller's promise
 * settles only after the transaction holding its transfer has committed.
 */
import type { Clock } from '../../platform/clock';
import type { Unit } from './engine';
import type { LedgerStore } from './store-shared';
import type { TransferResult } from './types';

interface Waiting {
  unit: Unit;
  resolve: (r: TransferResult[]) => void;
  reject: (e: unknown) => void;
}

export class GroupCommitter {
  private queue: Waiting[] = [];
  private running = false;

  constructor(
    private readonly store: LedgerStore,
    private readonly clock: Clock,
    private readonly maxBatch = 1000,
  ) {}

  submit(unit: Unit): Promise<TransferResult[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ unit, resolve, reject });
      if (!this.running) {
        this.running = true;
        // Let the callers of this tick join the first batch.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        await this.apply(batch);
      }
    } finally {
      this.running = false;
      if (this.queue.length > 0) {
        this.running = true;
        setImmediate(() => void this.drain());
      }
    }
  }

  private async apply(batch: Waiting[]): Promise<void> {
    try {
      const results = await this.store.applyBatch(
        batch.map((w) => w.unit),
        this.clock.now(),
      );
      batch.forEach((w, i) => w.resolve(results[i]!));
    } catch (e) {
      if (batch.length === 1) {
        batch[0]!.reject(e);
        return;
      }
      // One request may have poisoned the batch: give each its own transaction.
      for (const w of batch) {
        await this.apply([w]);
      }
    }
  }
}
