import { describe, expect, it } from 'vitest';
import { fenToYuan, formatFen, MAX_FEN, parseYuan, positiveYuanError } from './money';

const fen = (input: string) => {
  const parsed = parseYuan(input);
  if (!parsed.ok) {
    throw new Error(`${input}: ${parsed.message}`);
  }
  return parsed.fen;
};
const refusal = (input: string) => {
  const parsed = parseYuan(input);
  return parsed.ok ? null : parsed.message;
};

describe('formatFen', () => {
  it('shows fen as yuan with two decimals', () => {
    expect(formatFen(12345)).toBe('¥123.45');
    expect(formatFen(800)).toBe('¥8.00');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(50)).toBe('¥0.50');
    expect(formatFen(0)).toBe('¥0.00');
  });

  it('puts the minus sign in front of negative amounts', () => {
    expect(formatFen(-12345)).toBe('-¥123.45');
    expect(formatFen(-1)).toBe('-¥0.01');
  });

  it('groups thousands, exactly up to the largest safe integer', () => {
    expect(formatFen(123456789)).toBe('¥1,234,567.89');
    expect(formatFen(100000)).toBe('¥1,000.00');
    expect(formatFen(MAX_FEN)).toBe('¥90,071,992,547,409.91');
    expect(formatFen(-MAX_FEN)).toBe('-¥90,071,992,547,409.91');
  });

  it('shows a dash for what is not an amount in fen', () => {
    expect(formatFen(1.5)).toBe('—');
    expect(formatFen(Number.NaN)).toBe('—');
  });
});

describe('fenToYuan', () => {
  it('gives plain numbers for CSV', () => {
    expect(fenToYuan(12345)).toBe('123.45');
    expect(fenToYuan(-5)).toBe('-0.05');
    expect(fenToYuan(123456789)).toBe('1234567.89');
    expect(fenToYuan(123456789, { grouping: true })).toBe('1,234,567.89');
  });
});

describe('parseYuan', () => {
  it('reads yuan into integer fen', () => {
    expect(fen('12')).toBe(1200);
    expect(fen('12.5')).toBe(1250);
    expect(fen('12.50')).toBe(1250);
    expect(fen('0.01')).toBe(1);
    expect(fen('0')).toBe(0);
    expect(fen('007.10')).toBe(710);
    expect(fen('  8 ')).toBe(800);
  });

  it('never goes through floating point', () => {
    // 0.1 + 0.2、1.005 × 100、19.99 × 100 这些用浮点都会差一分。
    expect(fen('0.29')).toBe(29);
    expect(fen('1.15')).toBe(115);
    expect(fen('19.99')).toBe(1999);
    expect(fen('4.35')).toBe(435);
    expect(fen('1.13')).toBe(113);
    for (let cents = 0; cents < 10_000; cents += 1) {
      const text = `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
      expect(fen(text)).toBe(cents);
    }
  });

  it('accepts grouped thousands, full-width digits and a currency sign', () => {
    expect(fen('1,234.56')).toBe(123456);
    expect(fen('1,234,567')).toBe(123456700);
    expect(fen('１２．５')).toBe(1250);
    expect(fen('１２。５０')).toBe(1250);
    expect(fen('¥8.00')).toBe(800);
    expect(fen('￥8')).toBe(800);
  });

  it('refuses more than two decimals instead of rounding', () => {
    expect(refusal('1.005')).toBe('金额最多两位小数（精确到分）');
    expect(refusal('0.001')).toBe('金额最多两位小数（精确到分）');
  });

  it('refuses what is not a plain amount', () => {
    for (const input of ['', '   ', 'abc', '1e3', '1.2.3', '12.', '.5', '1,23', '12,34.5', '0x10', '1 000', 'Infinity', 'NaN', '+5', '1.-5']) {
      expect(refusal(input), input).not.toBeNull();
    }
    expect(refusal('')).toBe('请输入金额');
    expect(refusal('-5')).toBe('金额不能为负数');
  });

  it('refuses amounts beyond exact integers', () => {
    expect(fen('90071992547409.91')).toBe(MAX_FEN);
    expect(refusal('90071992547409.92')).toBe('金额过大');
    expect(refusal('100000000000000')).toBe('金额过大');
    expect(refusal('99999999999999999999')).toBe('金额过大');
  });

  it('round-trips with formatting', () => {
    for (const value of [0, 1, 99, 100, 12345, 123456789, MAX_FEN]) {
      expect(fen(fenToYuan(value))).toBe(value);
      expect(fen(fenToYuan(value, { grouping: true }))).toBe(value);
    }
  });
});

describe('positiveYuanError', () => {
  it('wants more than zero', () => {
    expect(positiveYuanError('0.01')).toBeNull();
    expect(positiveYuanError('0')).toBe('金额必须大于 0');
    expect(positiveYuanError('0.00')).toBe('金额必须大于 0');
    expect(positiveYuanError(undefined)).toBe('请输入金额');
    expect(positiveYuanError('1.234')).toBe('金额最多两位小数（精确到分）');
  });
});
