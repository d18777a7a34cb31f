import { describe, expect, it } from 'vitest';
import { addFen, allocateFen, fenToYuan, formatFen, yuanToFen } from './money';

describe('money in fen', () => {
  it('parses yuan text exactly, never through a float', () => {
    expect(yuanToFen('8')).toBe(800);
    expect(yuanToFen('0.1')).toBe(10);
    expect(yuanToFen('0.29')).toBe(29); // 0.29 * 100 = 28.999999999999996 as a float
    expect(yuanToFen('19.99')).toBe(1999);
    expect(yuanToFen('-5.5', { allowNegative: true })).toBe(-550);
  });

  it.each(['', 'abc', '1.234', '1e3', '-1', '1,000', '.5', '¥5'])('refuses %j', (text) => {
    expect(() => yuanToFen(text)).toThrow(expect.objectContaining({ code: 'MONEY_INVALID' }));
  });

  it('formats fen back to yuan', () => {
    expect(fenToYuan(800)).toBe('8.00');
    expect(fenToYuan(5)).toBe('0.05');
    expect(fenToYuan(-1999)).toBe('-19.99');
    expect(formatFen(123456)).toBe('¥1234.56');
    expect(formatFen(-1)).toBe('-¥0.01');
  });

  it('refuses non-integer amounts and overflow', () => {
    expect(() => addFen(1, 0.5)).toThrow(expect.objectContaining({ code: 'MONEY_INVALID' }));
    expect(() => addFen(Number.MAX_SAFE_INTEGER, 1)).toThrow(expect.objectContaining({ code: 'MONEY_INVALID' }));
  });

  it('allocates a total into parts that always add up to it', () => {
    expect(allocateFen(800, [1, 1, 1])).toEqual([267, 267, 266]);
    expect(allocateFen(100, [1, 0, 3])).toEqual([25, 0, 75]);
    for (const total of [1, 7, 799, 800, 100001]) {
      for (const w of [[1, 2], [3, 3, 3], [5, 1, 1, 1], [0, 1]]) {
        const parts = allocateFen(total, w);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        expect(parts.every((p) => Number.isInteger(p) && p >= 0)).toBe(true);
      }
    }
  });
});
