/**
 * The audit: per currency Σ balances = 0; each stored balance equals the sum of its journal;
 * no no-negative account below its limit; ids gap-free from 1; the hash chain intact.
 */
import { GENESIS_HASH, hashOf } from './hash';
import type { LedgerDeps } from './deps';
import * as repo from './ledger.repo';

export interface VerifyFault {
  check: 'balance_sum' | 'account_vs_journal' | 'negative' | 'id_gap' | 'hash_chain' | 'head';
  message: string;
  transferId?: number;
  accountId?: string;
}

export interface VerifyReport {
  ok: boolean;
  transfers: number;
  accounts: number;
  currencies: { currency: string; posted: number; pending: number }[];
  faults: VerifyFault[];
}

export async function verifyLedger(deps: Pick<LedgerDeps, 'db'>): Promise<VerifyReport> {
  const faults: VerifyFault[] = [];
  const currencies = await repo.sumsByCurrency(deps.db);
  for (const c of currencies) {
    if (c.posted !== 0 || c.pending !== 0) {
      faults.push({ check: 'balance_sum', message: `${c.currency} 所有账户余额之和不为 0（已入账 ${c.posted}，冻结 ${c.pending}）` });
    }
  }
  for (const a of await repo.accountsOffJournal(deps.db)) {
    faults.push({
      check: 'account_vs_journal',
      accountId: a.id,
      message: `账户 ${a.id}（${a.name}）的余额与流水不符：记录 借${a.debits_posted}/贷${a.credits_posted}/冻结借${a.debits_pending}/冻结贷${a.credits_pending}，流水 借${a.j_dpo}/贷${a.j_cpo}/冻结借${a.j_dp}/冻结贷${a.j_cp}`,
    });
  }
  for (const a of await repo.accountsBelowLimit(deps.db)) {
    faults.push({ check: 'negative', accountId: a.id, message: `账户 ${a.id}（${a.name}）低于允许的最低余额` });
  }

  let prevHash = GENESIS_HASH;
  let expectId = 1;
  let count = 0;
  for (;;) {
    const page = await repo.transfersPage(deps.db, expectId - 1, 2000);
    if (page.length === 0) {
      break;
    }
    for (const t of page) {
      if (t.id !== expectId) {
        faults.push({ check: 'id_gap', transferId: expectId, message: `交易编号不连续：缺少 ${expectId}（下一笔是 ${t.id}）` });
        expectId = t.id;
      }
      const { hash, ...rest } = t;
      if (t.prev_hash !== prevHash || hashOf(rest) !== hash) {
        faults.push({ check: 'hash_chain', transferId: t.id, message: `交易 ${t.id} 的内容与哈希链不符（被改动过）` });
      }
      prevHash = hash;
      expectId++;
      count++;
    }
  }
  const head = await repo.readHead(deps.db);
  if (head.last_id !== count || head.last_hash !== prevHash) {
    faults.push({ check: 'head', message: `链头记录（${head.last_id}）与流水（${count} 笔）不符` });
  }
  const accounts = (await repo.listAccounts(deps.db, {})).length;
  // The first fault in journal order comes first: that is the one to look at.
  faults.sort((x, y) => (x.transferId ?? Infinity) - (y.transferId ?? Infinity));
  return { ok: faults.length === 0, transfers: count, accounts, currencies, faults };
}
