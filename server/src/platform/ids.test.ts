import { describe, expect, it } from 'vitest';
import { newId } from './ids';

describe('newId', () => {
  it('is a UUIDv7 carrying its millisecond, different every time, ordered by time', () => {
    const now = Date.UTC(2026, 10, 23, 8, 0, 0, 123);
    const ids = Array.from({ length: 10_000 }, (_v, i) => newId(now + Math.floor(i / 100)));
    for (const id of ids.slice(0, 300)) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(parseInt(ids[0]!.replace(/-/g, '').slice(0, 12), 16)).toBe(now);
    expect(parseInt(ids.at(-1)!.replace(/-/g, '').slice(0, 12), 16)).toBe(now + 99);
    expect(new Set(ids).size).toBe(ids.length);
    // Across milliseconds the order is the time's; within one it is random.
    const firstOfEach = ids.filter((_v, i) => i % 100 === 0);
    expect([...firstOfEach].sort()).toEqual(firstOfEach);
    // The random part is not constant: every hex digit of it appears.
    expect(new Set(ids.map((id) => id.at(-1))).size).toBe(16);
  });
});
