import { defineErrors } from '../../platform/errors';

/** The ledger's closed set of result codes. Each failed transfer carries exactly one. */
export const LedgerErrors = defineErrors({
  LEDGER_INVALID_REQUEST: ['invalid', '转账请求不正确'],
  LEDGER_INVALID_AMOUNT: ['invalid', '金额必须是大于 0 的整数（单位：分）'],
  LEDGER_SAME_ACCOUNT: ['invalid', '借方和贷方不能是同一个账户'],
  LEDGER_ACCOUNT_NOT_FOUND: ['not_found', '账户不存在'],
  LEDGER_ACCOUNT_CLOSED: ['conflict', '账户已关闭'],
  LEDGER_CURRENCY_MISMATCH: ['invalid', '两个账户的币种不同'],
  LEDGER_INSUFFICIENT_FUNDS: ['conflict', '余额不足'],
  LEDGER_OVERFLOW: ['conflict', '账户金额超出上限'],
  IDEMPOTENCY_CONFLICT: ['conflict', '同一流水号已用于另一笔不同的交易'],
  LEDGER_TRANSFER_NOT_FOUND: ['not_found', '交易不存在'],
  LEDGER_NOT_PENDING: ['conflict', '该交易不是预授权（冻结）交易'],
  LEDGER_ALREADY_RESOLVED: ['conflict', '该冻结已经入账、撤销或过期'],
  LEDGER_PENDING_EXPIRED: ['conflict', '该冻结已过期'],
  LEDGER_POST_EXCEEDS_PENDING: ['invalid', '入账金额不能超过冻结金额'],
  LEDGER_NOT_REVERSIBLE: ['conflict', '该交易不能冲正'],
  LEDGER_ALREADY_REVERSED: ['conflict', '该交易已经冲正过'],
  LEDGER_LINKED_EVENT_FAILED: ['conflict', '同组的另一笔交易失败，本笔未执行'],
  LEDGER_ACCOUNT_INVALID: ['invalid', '账户信息不正确'],
});

export type LedgerErrorCode = keyof typeof LedgerErrors;
