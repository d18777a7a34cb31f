import { describe, expect, it } from 'vitest';
import { currentMonth, monthText, normalizeMsisdn, parseSharePercent, previousMonth, shareText, timeLeft } from './billing';

describe('billing page helpers', () => {
  it('shows shares in basis points as percentages, and reads typed percentages back without floats', () => {
    expect(shareText(2000)).toBe('20%');
    expect(shareText(1250)).toBe('12.5%');
    expect(shareText(1205)).toBe('12.05%');
    expect(shareText(0)).toBe('0%');
    expect(shareText(10_000)).toBe('100%');
    expect(parseSharePercent('20')).toBe(2000);
    expect(parseSharePercent(' 12.5 % ')).toBe(1250);
    expect(parseSharePercent('12.05')).toBe(1205);
    expect(parseSharePercent('0.01')).toBe(1);
    for (const bad of ['', '-5', '100.01', '101', '12.345', 'abc', '1e2']) {
      expect(parseSharePercent(bad), bad).toBeNull();
    }
  });

  it('names months in Chinese and finds this month and the last in Beijing time', () => {
    expect(monthText('2026-03')).toBe('2026年3月');
    expect(monthText('2026-12')).toBe('2026年12月');
    // 2026-10-31 17:00 UTC is already 1 November in Beijing.
    const t = Date.parse('2026-10-31T17:00:00Z');
    expect(currentMonth(t)).toBe('2026-11');
    expect(previousMonth(t)).toBe('2026-10');
    expect(previousMonth(Date.parse('2026-01-15T04:00:00Z'))).toBe('2025-12');
  });

  it('counts down to a request’s 24-hour limit', () => {
    const now = Date.parse('2026-10-05T01:00:00Z');
    expect(timeLeft('2026-10-06T01:00:00Z', now)).toBe('还剩 24 小时 0 分');
    expect(timeLeft('2026-10-05T01:30:00Z', now)).toBe('还剩 30 分钟');
    expect(timeLeft('2026-10-05T01:00:00Z', now)).toBeNull();
    expect(timeLeft('not a time', now)).toBeNull();
  });

  it('accepts a mobile number as people type it', () => {
    expect(normalizeMsisdn('139 0000 3333')).toBe('13900003333');
    expect(normalizeMsisdn('+86 139-0000-3333')).toBe('13900003333');
    expect(normalizeMsisdn('12900003333')).toBeNull();
    expect(normalizeMsisdn('1390000333')).toBeNull();
  });
});
