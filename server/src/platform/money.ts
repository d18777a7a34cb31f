/**
 * Money is an integer number of fen (分) from end to end. Never a float: amounts are parsed
 * from decimal strings digit by digit, and formatted back the same way.
 */
import { AppError } from './errors';

export type Fen = number;

export const MAX_FEN = Number.MAX_SAFE_INTEGER;

export function isFen(v: unknown): v is Fen {
  return typeof v === 'number' && Number.isSafeInteger(v);
}

export function assertFen(v: unknown, field = 'amount'): Fen {
  if (!isFen(v)) {
    throw new AppError('MONEY_INVALID', 'invalid', '金额必须是以分为单位的整数', { field, value: String(v) });
  }
  return v;
}

/** "12.5" / "12.50" / "12" yuan → 1250 fen. Rejects more than 2 decimals, signs unless allowed, exponents. */
export function yuanToFen(text: string, opts: { allowNegative?: boolean } = {}): Fen {
  const m = /^(-)?(\d{1,15})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m || (m[1] && !opts.allowNegative)) {
    throw new AppError('MONEY_INVALID', 'invalid', '金额格式不正确，最多两位小数', { value: text });
  }
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -fen : fen;
}

/** 1250 → "12.50" */
export function fenToYuan(fen: Fen): string {
  assertFen(fen);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** 1250 → "¥12.50" */
export function formatFen(fen: Fen): string {
  const y = fenToYuan(fen);
  return y.startsWith('-') ? `-¥${y.slice(1)}` : `¥${y}`;
}

/** Adds fen amounts, refusing a result outside the safe integer range. */
export function addFen(...amounts: Fen[]): Fen {
  let sum = 0;
  for (const a of amounts) {
    sum += assertFen(a);
  }
  return assertFen(sum, 'sum');
}

/**
 * Splits `total` into parts proportional to `weights`, largest-remainder method: the parts
 * are integers and always add up to `total` exactly.
 */
export function allocateFen(total: Fen, weights: number[]): Fen[] {
  assertFen(total);
  if (weights.length === 0 || weights.some((w) => !Number.isSafeInteger(w) || w < 0)) {
    throw new AppError('MONEY_INVALID', 'invalid', '分摊比例必须是非负整数', { weights });
  }
  const sumW = weights.reduce((a, b) => a + b, 0);
  if (sumW === 0) {
    throw new AppError('MONEY_INVALID', 'invalid', '分摊比例之和不能为零', { weights });
  }
  const bigTotal = BigInt(total);
  const bigSum = BigInt(sumW);
  const parts = weights.map((w) => (bigTotal * BigInt(w)) / bigSum);
  const rema = weights.map((w, i) => ({ i, r: (bigTotal * BigInt(w)) % bigSum }));
  let left = bigTotal - parts.reduce((a, b) => a + b, 0n);
  rema.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of rema) {
    if (left === 0n) {
      break;
    }
    parts[i] = parts[i]! + (left > 0n ? 1n : -1n);
    left += left > 0n ? -1n : 1n;
  }
  return parts.map(Number);
}
