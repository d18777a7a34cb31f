/**
 * The ledger: every fen in Yikatong moves through it. Double-entry transfers between
 * accounts, exact and idempotent (scope + key, forever), two-phase holds, linked groups,
 * reversals, group commit, balances as of any instant, and a tamper-evident hash chain.
 * Rules: docs/ledger.md. The front door: other code imports only this file.
 */
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db/database';
import type { LedgerDeps } from './deps';
import { expireHolds } from './expire-holds';
import { GroupCommitter } from './group-commit';
import { createLedgerStore } from './ledger.store';
import { openAccount, type OpenAccountOptions } from './open-account';
import { PipelineCommitter, type PipelinedStore } from './pipeline';
import { applyTransfers, transfer, transferLinked } from './post-transfers';
import * as q from './queries';
import { verifyLedger } from './verify-ledger';
import * as repo from './ledger.repo';
import type { TransferRequest } from './types';

export { LedgerErrors } from './ledger.errors';
export type { AccountInfo } from './account-info';
export type { Statement, StatementLine } from './queries';
export type { VerifyReport, VerifyFault } from './verify-ledger';
export type { Balance, Transfer, TransferKind, TransferRequest, TransferResult, Metadata } from './types';
export type { OpenAccountOptions } from './open-account';

export interface LedgerModuleOptions {
  database: Database;
  clock: Clock;
  /**
   * PostgreSQL: evaluate the next batch while one is being written (pipeline.ts). On unless
   * false (LEDGER_PIPELINE=off: to measure without it, or to turn it off in production without
   * a release). SQLite always applies one batch at a time.
   */
  pipeline?: boolean;
  /** Requests per batch (group commit), at most. */
  maxBatch?: number;
}

export function ledgerModule(o: LedgerModuleOptions) {
  const maxBatch = o.maxBatch ?? 1000;
  // The store prepares its statements on first use: the module is built before migrations run.
  let store: ReturnType<typeof createLedgerStore> | null = null;
  const lazy = () => (store ??= createLedgerStore(o.database));
  const lazyStore: PipelinedStore = { applyBatch: (units, now, pipe?) => lazy().applyBatch(units, now, pipe) };
  const pipelined = o.database.raw.dialect === 'postgres' && (o.pipeline ?? true);
  const committer = pipelined ? new PipelineCommitter(lazyStore, o.clock, maxBatch) : new GroupCommitter(lazyStore, o.clock, maxBatch);
  const deps: LedgerDeps = { db: o.database.db, clock: o.clock, committer };
  return {
    openAccount: (opts: OpenAccountOptions) => openAccount(deps, opts),
    /**
     * Closes (or reopens) an account: a closed account takes part in no new transfer. On
     * PostgreSQL it takes the chain-head lock, like a batch: a batch either sees the account
     * closed or commits before it is.
     */
    setAccountClosed: async (accountId: string, closed: boolean) => {
      await q.getAccount(deps, accountId);
      await repo.setAccountClosed(deps.db, accountId, closed);
    },
    getAccount: (accountId: string) => q.getAccount(deps, accountId),
    findAccountByOwner: (k: { code: string; ownerType: string; ownerId: string; currency?: string }) => q.findAccountByOwner(deps, k),
    listAccounts: (f?: { code?: string; ownerType?: string; ownerId?: string }) => q.listAccounts(deps, f),
    /** Results per item, never throws for a business failure. */
    apply: (items: TransferRequest[]) => applyTransfers(deps, items),
    transfer: (req: TransferRequest) => transfer(deps, req),
    transferLinked: (reqs: TransferRequest[]) => transferLinked(deps, reqs),
    getBalance: (accountId: string, at?: number) => q.getBalance(deps, accountId, at),
    getStatement: (accountId: string, from: number, to: number) => q.getStatement(deps, accountId, from, to),
    getTransfer: (id: number) => q.getTransfer(deps, id),
    findTransferByKey: (scope: string, key: string) => q.findTransferByKey(deps, scope, key),
    lastTransfer: (accountId: string) => q.lastTransfer(deps, accountId),
    expireHolds: (limit?: number) => expireHolds(deps, limit),
    verify: () => verifyLedger(deps),
  };
}

export type LedgerModule = ReturnType<typeof ledgerModule>;
