import { describe, expect, it } from 'vitest';
import { addPart, emptyReassembly, expire, type MoPart, type ReassemblyState } from './reassemble';

const T0 = Date.parse('2026-09-01T08:00:00Z');
const part = (seq: number, text: string, over: Partial<MoPart> = {}): MoPart => ({ sender: '13800138000', ref: 7, total: 3, seq, text, receivedAt: T0, ...over });

function feed(parts: MoPart[], state: ReassemblyState = emptyReassembly()) {
  const completed = [];
  for (const p of parts) {
    const r = addPart(state, p);
    state = r.state;
    if (r.complete) {
      completed.push(r.complete);
    }
  }
  return { state, completed };
}

describe('reassembly', () => {
  it('joins parts that arrive out of order, once the last one is in', () => {
    const { state, completed } = feed([part(3, '谢谢'), part(1, 'BZR 老师'), part(2, '您好，')]);
    expect(completed).toEqual([
      { sender: '13800138000', dest: null, ref: 7, total: 3, text: 'BZR 老师您好，谢谢', parts: 3, missing: [], firstReceivedAt: T0 },
    ]);
    expect(state.size).toBe(0);
  });

  it('does not change the state it was given', () => {
    const s0 = emptyReassembly();
    const r1 = addPart(s0, part(1, 'a'));
    expect(s0.size).toBe(0);
    expect(r1.state.size).toBe(1);
    addPart(r1.state, part(2, 'b'));
    expect([...r1.state.values()][0]!.texts.size).toBe(1);
  });

  it('keeps the first copy of a duplicate part', () => {
    const { completed } = feed([part(1, 'A'), part(1, 'X'), part(2, 'B'), part(2, 'Y'), part(3, 'C')]);
    expect(completed.map((c) => c.text)).toEqual(['ABC']);
  });

  it('keeps groups of different senders, destinations, refs and totals apart', () => {
    const { state, completed } = feed([
      part(1, 'a'),
      part(1, 'b', { sender: '13900139000' }),
      part(1, 'c', { ref: 8 }),
      part(1, 'd', { total: 2 }),
      part(1, 'e', { dest: '1065709901' }),
      part(2, 'D', { total: 2 }),
    ]);
    expect(completed.map((c) => c.text)).toEqual(['dD']);
    expect(state.size).toBe(4);
  });

  it('delivers a one-part message, or a part with impossible numbers, at once', () => {
    expect(addPart(emptyReassembly(), part(1, 'JX', { total: 1 })).complete?.text).toBe('JX');
    const odd = addPart(emptyReassembly(), part(4, '乱', { total: 3 }));
    expect(odd.complete).toMatchObject({ text: '乱', total: 1, parts: 1, missing: [] });
    expect(odd.state.size).toBe(0);
  });

  it('rejoins an emoji that the sending phone split across two parts', () => {
    const { completed } = feed([part(1, '好\ud83d', { total: 2 }), part(2, '\ude00', { total: 2 })]);
    expect(completed[0]?.text).toBe('好😀');
  });

  it('expires incomplete groups older than the limit with what arrived, oldest first', () => {
    const { state } = feed([
      part(3, 'C', { receivedAt: T0 + 5_000 }),
      part(1, 'A', { receivedAt: T0 + 1_000 }),
      part(1, 'x', { sender: '13900139000', total: 2, receivedAt: T0 }),
      part(1, 'new', { sender: '13700137000', receivedAt: T0 + 9 * 60_000 }),
    ]);
    const ttl = 10 * 60_000;

    const early = expire(state, T0 + ttl, ttl);
    expect(early.expired).toEqual([]);
    expect(early.state).toBe(state);

    const later = expire(state, T0 + 1_000 + ttl + 1, ttl);
    expect(later.expired).toEqual([
      { sender: '13900139000', dest: null, ref: 7, total: 2, text: 'x', parts: 1, missing: [2], firstReceivedAt: T0 },
      { sender: '13800138000', dest: null, ref: 7, total: 3, text: 'AC', parts: 2, missing: [2], firstReceivedAt: T0 + 1_000 },
    ]);
    expect(later.state.size).toBe(1);
    expect(state.size).toBe(3);
  });
});
