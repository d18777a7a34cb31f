import { newId } from '../../platform/ids';
import { toAccountInfo, type AccountInfo } from './account-info';
import type { LedgerDeps } from './deps';
import { LedgerErrors } from './ledger.errors';
import * as repo from './ledger.repo';

export interface OpenAccountOptions {
  /** What the account is for, e.g. OUTLET_PREPAID, CARD_WALLET, CARRIER_CLEARING, BANK_SETTLEMENT. */
  code: string;
  ownerType: string;
  ownerId: string;
  name: string;
  currency?: string;
  /** Customer and outlet money never goes below zero (default). Clearing accounts may. */
  noNegative?: boolean;
  /** With noNegative: how far below zero it may go (fen). */
  overdraftLimit?: number;
}

const CODE = /^[A-Z][A-Z0-9_]{1,39}$/;
const OWNER = /^[a-zA-Z0-9_.:-]{1,64}$/;

/** Opens the account for (code, owner, currency), or returns it if it is already open. */
export async function openAccount(deps: LedgerDeps, o: OpenAccountOptions): Promise<AccountInfo> {
  const currency = o.currency ?? 'CNY';
  if (!CODE.test(o.code)) {
    throw LedgerErrors.LEDGER_ACCOUNT_INVALID({ field: 'code' }, '账户类型代码为大写字母、数字和下划线');
  }
  if (!OWNER.test(o.ownerType) || !OWNER.test(o.ownerId)) {
    throw LedgerErrors.LEDGER_ACCOUNT_INVALID({ field: 'owner' }, '账户所有者不正确');
  }
  if (!/^[A-Z]{3}$/.test(currency)) {
    throw LedgerErrors.LEDGER_ACCOUNT_INVALID({ field: 'currency' }, '币种为三位大写字母，例如 CNY');
  }
  const name = o.name.trim();
  if (name.length === 0 || name.length > 60) {
    throw LedgerErrors.LEDGER_ACCOUNT_INVALID({ field: 'name' }, '账户名称不能为空，且不超过 60 个字');
  }
  const overdraft = o.overdraftLimit ?? 0;
  if (!Number.isSafeInteger(overdraft) || overdraft < 0) {
    throw LedgerErrors.LEDGER_ACCOUNT_INVALID({ field: 'overdraftLimit' }, '透支额度必须是不小于 0 的整数（分）');
  }
  const now = deps.clock.now();
  await repo.insertAccount(deps.db, {
    id: newId(now),
    code: o.code,
    owner_type: o.ownerType,
    owner_id: o.ownerId,
    currency,
    name,
    no_negative: (o.noNegative ?? true) ? 1 : 0,
    overdraft_limit: overdraft,
    closed: 0,
    debits_pending: 0,
    debits_posted: 0,
    credits_pending: 0,
    credits_posted: 0,
    created_at: now,
  });
  const a = await repo.findAccountByOwner(deps.db, { code: o.code, ownerType: o.ownerType, ownerId: o.ownerId, currency });
  if (!a) {
    throw new Error('account vanished after insert');
  }
  return toAccountInfo(a);
}
