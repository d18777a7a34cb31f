import { AppError } from '../../platform/errors';
import type { LedgerDeps } from './deps';
import type { TransferRequest, TransferResult, Transfer } from './types';

/**
 * Applies one transfer (or a linked group) through group commit and returns each item's
 * result. Resolves after the commit; a rejection means the outcome is unknown: retry with
 * the same keys, which returns the first result if it was applied.
 */
export function applyTransfers(deps: LedgerDeps, items: TransferRequest[]): Promise<TransferResult[]> {
  if (!Array.isArray(items) || items.length === 0 || items.length > 100) {
    return Promise.resolve([{ ok: false, code: 'LEDGER_INVALID_REQUEST', message: '一组交易应有 1 到 100 笔', details: {} }]);
  }
  return deps.committer.submit({ items });
}

function toError(r: Extract<TransferResult, { ok: false }>): AppError {
  const kind = r.code === 'LEDGER_ACCOUNT_NOT_FOUND' || r.code === 'LEDGER_TRANSFER_NOT_FOUND' ? 'not_found' : r.code.startsWith('LEDGER_INVALID') || r.code === 'LEDGER_SAME_ACCOUNT' || r.code === 'LEDGER_CURRENCY_MISMATCH' || r.code === 'LEDGER_POST_EXCEEDS_PENDING' ? 'invalid' : 'conflict';
  return new AppError(r.code, kind, r.message, r.details);
}

/** One transfer; a failure is thrown as an AppError with the ledger's code. */
export async function transfer(deps: LedgerDeps, req: TransferRequest): Promise<{ transfer: Transfer; replay: boolean }> {
  const [r] = await applyTransfers(deps, [req]);
  if (!r?.ok) {
    throw toError(r as Extract<TransferResult, { ok: false }>);
  }
  return { transfer: r.transfer, replay: r.replay };
}

/** A linked group: all succeed or none; the first failure is thrown. */
export async function transferLinked(deps: LedgerDeps, reqs: TransferRequest[]): Promise<{ transfers: Transfer[]; replay: boolean[] }> {
  const rs = await applyTransfers(deps, reqs);
  const failed = rs.find((r) => !r.ok && r.code !== 'LEDGER_LINKED_EVENT_FAILED') ?? rs.find((r) => !r.ok);
  if (failed && !failed.ok) {
    throw toError(failed);
  }
  const ok = rs as Extract<TransferResult, { ok: true }>[];
  return { transfers: ok.map((r) => r.transfer), replay: ok.map((r) => r.replay) };
}
