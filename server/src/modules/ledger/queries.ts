/** Balances, statements and lookups. */
import { toAccountInfo, type AccountInfo } from './account-info';
import type { LedgerDeps } from './deps';
import { LedgerErrors } from './ledger.errors';
import * as repo from './ledger.repo';
import { balanceOf, toTransfer, type Balance, type Transfer } from './types';

export async function getAccount(deps: Pick<LedgerDeps, 'db'>, accountId: string): Promise<AccountInfo> {
  const a = await repo.findAccount(deps.db, accountId);
  if (!a) {
    throw LedgerErrors.LEDGER_ACCOUNT_NOT_FOUND({ accountId });
  }
  return toAccountInfo(a);
}

export async function findAccountByOwner(
  deps: Pick<LedgerDeps, 'db'>,
  k: { code: string; ownerType: string; ownerId: string; currency?: string },
): Promise<AccountInfo | null> {
  const a = await repo.findAccountByOwner(deps.db, { ...k, currency: k.currency ?? 'CNY' });
  return a ? toAccountInfo(a) : null;
}

export async function listAccounts(deps: Pick<LedgerDeps, 'db'>, f: { code?: string; ownerType?: string; ownerId?: string } = {}): Promise<AccountInfo[]> {
  return (await repo.listAccounts(deps.db, f)).map(toAccountInfo);
}

/** The balance now, or as it was at `at` (commit time). */
export async function getBalance(deps: Pick<LedgerDeps, 'db'>, accountId: string, at?: number): Promise<Balance> {
  const a = await repo.findAccount(deps.db, accountId);
  if (!a) {
    throw LedgerErrors.LEDGER_ACCOUNT_NOT_FOUND({ accountId });
  }
  if (at === undefined) {
    return balanceOf(a);
  }
  return balanceOf({ id: a.id, currency: a.currency, ...(await repo.countersAsOf(deps.db, accountId, at)) });
}

export interface StatementLine {
  transfer: Transfer;
  /** The id of this transfer's reversal, if it was reversed (at any time). */
  reversedBy: number | null;
  /** For a hold: the id of the post, void or expire that resolved it (at any time). */
  resolvedBy: number | null;
  /** From this account's side: + money in, − money out; 0 for holds and their release. */
  change: number;
  /** Posted balance after this line. */
  balanceAfter: number;
}

export interface Statement {
  accountId: string;
  from: number;
  to: number;
  opening: Balance;
  closing: Balance;
  lines: StatementLine[];
}

/** Every transfer touching the account committed in [from, to), with the posted balance after each. */
export async function getStatement(deps: Pick<LedgerDeps, 'db'>, accountId: string, from: number, to: number): Promise<Statement> {
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from >= to) {
    throw LedgerErrors.LEDGER_INVALID_REQUEST({ from, to }, '对账单的起止时间不正确');
  }
  const opening = await getBalance(deps, accountId, from - 1);
  const rows = await repo.transfersOf(deps.db, accountId, from, to);
  let posted = opening.posted;
  const lines = rows.map((r) => {
    const posts = r.kind === 'single' || r.kind === 'post';
    const change = !posts ? 0 : r.credit_account_id === accountId ? r.amount : -r.amount;
    posted += change;
    return { transfer: toTransfer(r), change, balanceAfter: posted, reversedBy: r.reversed_by, resolvedBy: r.resolved_by };
  });
  const closing = await getBalance(deps, accountId, to - 1);
  return { accountId, from, to, opening, closing, lines };
}

export async function findTransferByKey(deps: Pick<LedgerDeps, 'db'>, scope: string, key: string): Promise<Transfer | null> {
  const r = await repo.findTransferByKey(deps.db, scope, key);
  return r ? toTransfer(r) : null;
}

export async function getTransfer(deps: Pick<LedgerDeps, 'db'>, id: number): Promise<Transfer & { reversedBy: number | null; resolvedBy: number | null }> {
  const r = await repo.findTransfer(deps.db, id);
  if (!r) {
    throw LedgerErrors.LEDGER_TRANSFER_NOT_FOUND({ transferId: id });
  }
  const f = await repo.followUpsOf(deps.db, id);
  return { ...toTransfer(r), reversedBy: f.reversed_by, resolvedBy: f.resolved_by };
}

export async function lastTransfer(deps: Pick<LedgerDeps, 'db'>, accountId: string): Promise<Transfer | null> {
  const r = await repo.lastTransferOf(deps.db, accountId);
  return r ? toTransfer(r) : null;
}
