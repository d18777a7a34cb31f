/**
 * The one source of "now". Production uses the system clock; tests use a TestClock and move
 * it forward instead of sleeping. Instants are epoch milliseconds (UTC) everywhere.
 */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export class TestClock implements Clock {
  private t: number;
  constructor(start: number | string | Date = '2026-09-01T00:00:00.000Z') {
    this.t = typeof start === 'number' ? start : new Date(start).getTime();
  }
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    if (!Number.isInteger(ms) || ms < 0) {
      throw new Error('TestClock.advance takes a non-negative integer of milliseconds');
    }
    this.t += ms;
  }
  set(instant: number | string | Date): void {
    this.t = typeof instant === 'number' ? instant : new Date(instant).getTime();
  }
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export function toIso(ms: number): string;
export function toIso(ms: number | null): string | null;
export function toIso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
