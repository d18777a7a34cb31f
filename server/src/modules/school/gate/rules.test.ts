import { describe, expect, it } from 'vitest';
import { atBusinessTime, businessTimeOfDay } from '../../../platform/business-time';
import { minutesOf, monthOf, safetyText, swipeOutcome, type SwipeFacts } from './rules';

const TZ = 'Asia/Shanghai';
const S = { gateOpen: '06:30', lateUploadMinutes: 30 };
const base: SwipeFacts = { known: true, direction: 'in', deviceTime: 0, receivedAt: 0, localTime: '07:42', repeat: false, afterCutoff: false, subscribers: 1 };

describe('gate rules', () => {
  it('minutes: every started minute counts', () => {
    expect([0, 1, 59, 60, 61, 120, 121].map(minutesOf)).toEqual([0, 1, 1, 1, 2, 2, 3]);
  });

  it('the month turns at midnight on the 1st in Beijing, not in UTC', () => {
    expect(monthOf(Date.parse('2026-09-30T15:59:59Z'), TZ)).toBe('2026-09');
    expect(monthOf(Date.parse('2026-09-30T16:00:00Z'), TZ)).toBe('2026-10');
  });

  it('local times', () => {
    expect(businessTimeOfDay(Date.parse('2026-08-31T23:42:00Z'), TZ)).toBe('07:42');
    expect(atBusinessTime('2026-09-01', '08:30', TZ)).toBe(Date.parse('2026-09-01T08:30:00+08:00'));
  });

  it('what a swipe does, in order', () => {
    expect(swipeOutcome({ ...base, known: false }, S)).toBe('unknown_card');
    expect(swipeOutcome({ ...base, receivedAt: 30 * 60_000 }, S)).toBe('texted');
    expect(swipeOutcome({ ...base, receivedAt: 30 * 60_000 + 1 }, S)).toBe('late_upload');
    expect(swipeOutcome({ ...base, localTime: '06:29' }, S)).toBe('before_gate_open');
    expect(swipeOutcome({ ...base, localTime: '06:30' }, S)).toBe('texted');
    expect(swipeOutcome({ ...base, repeat: true }, S)).toBe('repeat');
    expect(swipeOutcome({ ...base, subscribers: 0 }, S)).toBe('no_subscriber');
    expect(swipeOutcome({ ...base, afterCutoff: true }, S)).toBe('late_arrival');
    expect(swipeOutcome({ ...base, direction: 'out', afterCutoff: true }, S)).toBe('texted');
  });

  it('the words', () => {
    expect(safetyText({ studentName: '王小兵', time: '07:42', direction: 'in', late: false })).toBe('您的孩子王小兵已于07:42到校。');
    expect(safetyText({ studentName: '王小兵', time: '16:35', direction: 'out', late: false })).toBe('您的孩子王小兵已于16:35离校。');
    expect(safetyText({ studentName: '王小兵', time: '08:47', direction: 'in', late: true })).toBe('您的孩子王小兵已于08:47到校（迟到）。');
  });
});
