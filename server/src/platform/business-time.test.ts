import { describe, expect, it } from 'vitest';
import { businessDate, formatBusinessTime, startOfBusinessDay } from './business-time';

describe('business time', () => {
  it('starts a Shanghai business day at 16:00 UTC the day before', () => {
    expect(new Date(startOfBusinessDay('2026-09-01', 'Asia/Shanghai')).toISOString()).toBe('2026-08-31T16:00:00.000Z');
    expect(new Date(startOfBusinessDay('2026-03-01', 'Asia/Shanghai')).toISOString()).toBe('2026-02-28T16:00:00.000Z');
  });

  it('handles a zone that changes its offset', () => {
    // New York springs forward on 2026-03-08: that day still starts at local midnight (05:00 UTC).
    expect(new Date(startOfBusinessDay('2026-03-08', 'America/New_York')).toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(new Date(startOfBusinessDay('2026-03-09', 'America/New_York')).toISOString()).toBe('2026-03-09T04:00:00.000Z');
  });

  it('refuses what is not a date', () => {
    expect(() => startOfBusinessDay('2026-02-30', 'Asia/Shanghai')).toThrow();
    expect(() => startOfBusinessDay('20260901', 'Asia/Shanghai')).toThrow();
  });

  it('tells the business date and time of an instant', () => {
    const t = Date.parse('2026-08-31T16:00:00Z');
    expect(businessDate(t - 1, 'Asia/Shanghai')).toBe('2026-08-31');
    expect(businessDate(t, 'Asia/Shanghai')).toBe('2026-09-01');
    expect(formatBusinessTime(t, 'Asia/Shanghai')).toBe('2026-09-01 00:00:00');
  });
});
