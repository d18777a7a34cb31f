/**
 * Pipelined batches (PostgreSQL): batch k+1 is loaded and evaluated while batch k is being
 * written and committed, then written as soon as k has committed. Node's share of a batch
 * (rules, hashes, rows) and PostgreSQL's (insert, indexes, fsync) overlap instead of taking
 * turns. Nothing is committed that the one-batch-at-a-time ledger would not have committed:
 *
 * - k+1 is evaluated against the state k leaves behind (k's `Loaded` after `evaluate`), and
 *   against what it read from the database for everything k did not load;
 * - k+1 then asks for the head lock (granted when k commits), its write queued behind, and
 *   under the lock checks that k committed and nothing else happened meanwhile (see
 *   `PostgresLedgerStore.writeBehind`); if k failed or anything else happened, k+1 rolls back
 *   and does what every batch did before: lock, load, evaluate, write.
 *
 * At most two batches are in flight: one writing, one evaluated and waiting for the lock.
 * Callers hear of their results only after their own batch has committed.
 * docs/ledger.md ("Pipelined batches") and docs/decisions/0021-ledger-pipeline.md.
 */
import type { Clock } from '../../platform/clock';
import { keyOf, type Loaded, type plan, type Unit } from './engine';
import type { Committer } from './group-commit';
import type { Head, TransferResult } from './types';

/** What a batch's requests need loaded (`plan`). */
export type Needs = ReturnType<typeof plan>;

/** What a batch will commit: the state after its writes, and the head it started from. */
export interface Decided {
  /** `evaluate` leaves the post-batch state here: head, touched accounts, keys, resolved/reversed. */
  loaded: Loaded;
  from: Head;
}

/** What a batch in flight tells the batch behind it. */
export interface Ahead {
  /**
   * Settles once the batch holds the head lock and has evaluated what it will write (so the
   * batch behind asks for the lock after it), or with null once it has failed.
   */
  readonly state: Promise<Decided | null>;
  /** Settles after its commit: true only if it committed that state. */
  readonly committed: Promise<boolean>;
}

/** A batch's side of `Ahead`: the store reports to it as the batch goes. */
export class Handoff implements Ahead {
  readonly state: Promise<Decided | null>;
  readonly committed: Promise<boolean>;
  private setState!: (s: Decided | null) => void;
  private setCommitted!: (ok: boolean) => void;

  constructor() {
    this.state = new Promise((r) => (this.setState = r));
    this.committed = new Promise((r) => (this.setCommitted = r));
  }

  decided(s: Decided): void {
    this.setState(s);
  }

  /** The batch has finished (a promise settles once: after `decided`, the state stands). */
  finished(ok: boolean): void {
    this.setState(null);
    this.setCommitted(ok);
  }
}

/**
 * The state batch k+1 is evaluated against while k is in flight: k's post-batch state for
 * whatever k loaded or wrote, what `read` (the database, which does not show k's writes yet)
 * has for the rest. Only what k+1's requests need (`p`) is taken, so the state does not grow from
 * batch to batch. Rows are shared, not copied: `evaluate` replaces an account it changes.
 */
export function overlay(ahead: Loaded, read: Loaded, p: Needs): Loaded {
  const out: Loaded = { head: ahead.head, accounts: new Map(), byKey: new Map(), byId: new Map(), resolved: new Set(), reversed: new Set() };
  for (const { scope, key } of p.keys) {
    const k = keyOf(scope, key);
    const t = ahead.byKey.get(k) ?? read.byKey.get(k);
    if (t) {
      out.byKey.set(k, t);
    }
  }
  const accountIds = new Set(p.accountIds);
  for (const id of p.transferIds) {
    const t = ahead.byId.get(id) ?? read.byId.get(id);
    if (t) {
      out.byId.set(id, t);
      accountIds.add(t.debit_account_id);
      accountIds.add(t.credit_account_id);
    }
    // A hold resolved (a transfer reversed) by k, or before k: both are final.
    if (ahead.resolved.has(id) || read.resolved.has(id)) {
      out.resolved.add(id);
    }
    if (ahead.reversed.has(id) || read.reversed.has(id)) {
      out.reversed.add(id);
    }
  }
  for (const id of accountIds) {
    const a = ahead.accounts.get(id) ?? read.accounts.get(id);
    if (a) {
      out.accounts.set(id, a);
    }
  }
  return out;
}

export interface PipelinedStore {
  /** As `LedgerStore.applyBatch`; with `ahead`, evaluated against the state it will commit. */
  applyBatch(units: Unit[], now: number, pipe?: { ahead: Ahead | null; self: Handoff }): Promise<TransferResult[][]>;
}

interface Waiting {
  unit: Unit;
  resolve: (r: TransferResult[]) => void;
  reject: (e: unknown) => void;
}

/** Two batches in flight: one being written, one evaluated against it and waiting for the lock. */
const DEPTH = 2;

/**
 * Group commit with pipelining, for the ledger on PostgreSQL (the SQLite ledger keeps
 * `GroupCommitter`: it is synchronous and single-writer). Requests that arrive while batches
 * are in flight go together in the next one, up to `maxBatch`.
 */
export class PipelineCommitter implements Committer {
  private queue: Waiting[] = [];
  private running = 0;
  /** The batch started last, while it is in flight: the next batch is evaluated against it. */
  private last: Handoff | null = null;
  private scheduled = false;

  constructor(
    private readonly store: PipelinedStore,
    private readonly clock: Clock,
    private readonly maxBatch = 1000,
  ) {}

  submit(unit: Unit): Promise<TransferResult[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ unit, resolve, reject });
      if (!this.scheduled && this.running < DEPTH) {
        // Let the callers of this tick join the batch.
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.pump();
        });
      }
    });
  }

  private pump(): void {
    while (this.running < DEPTH && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      const ahead = this.last;
      const self = new Handoff();
      this.last = self;
      this.running++;
      void this.run(batch, ahead, self).finally(() => {
        this.running--;
        if (this.last === self) {
          this.last = null;
        }
        this.pump();
      });
    }
  }

  private async run(batch: Waiting[], ahead: Handoff | null, self: Handoff): Promise<void> {
    let results: TransferResult[][];
    try {
      results = await this.store.applyBatch(
        batch.map((w) => w.unit),
        this.clock.now(),
        { ahead, self },
      );
    } catch (e) {
      self.finished(false);
      // As in the group committer: a batch that fails as a whole is tried again one request
      // at a time (the ordinary path), so one bad request cannot fail the others.
      if (batch.length === 1) {
        batch[0]!.reject(e);
        return;
      }
      for (const w of batch) {
        try {
          const [r] = await this.store.applyBatch([w.unit], this.clock.now());
          if (r === undefined) {
            throw new Error('batch returned fewer results than requests');
          }
          w.resolve(r);
        } catch (e2) {
          w.reject(e2);
        }
      }
      return;
    }
    batch.forEach((w, i) => {
      const r = results[i];
      if (r === undefined) {
        w.reject(new Error('batch returned fewer results than requests'));
      } else {
        w.resolve(r);
      }
    });
  }
}
