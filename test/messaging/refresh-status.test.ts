/**
 * A message's state is recomputed from its parts inside the database (one UPDATE per batch).
 * Its CASE must say what the rule of docs/messaging.md ("States") says, modelled here in
 * plain code, for every mix of up to three part states, on both databases; a blocked message
 * keeps its state, and a message whose state is already right is not written.
 */
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { refreshMessageStates } from '../../server/src/modules/messaging/messaging.repo';
import type { PartStatus } from '../../server/src/modules/messaging/messaging.repo';
import { describeEachDatabase } from '../helpers/db';

const STATES: PartStatus[] = ['queued', 'submitted', 'accepted', 'delivered', 'failed', 'expired', 'unknown'];
const FINAL = new Set(['delivered', 'failed', 'expired']);
const NOW = 9_000;

/** The rule, as docs/messaging.md states it. */
function aggregateStatus(parts: { status: PartStatus }[]): PartStatus {
  const has = (s: PartStatus) => parts.some((p) => p.status === s);
  const all = (s: PartStatus) => parts.every((p) => p.status === s);
  if (all('queued')) {
    return 'queued';
  }
  if (has('failed')) {
    return 'failed';
  }
  if (all('delivered')) {
    return 'delivered';
  }
  if (has('unknown')) {
    return 'unknown';
  }
  if (has('queued') || has('submitted')) {
    return 'submitted';
  }
  if (has('expired')) {
    return has('accepted') ? 'accepted' : 'expired';
  }
  return 'accepted';
}

/** Every multiset of 1 to 3 part states. */
function mixes(): PartStatus[][] {
  const out: PartStatus[][] = [];
  const grow = (from: number, acc: PartStatus[]) => {
    if (acc.length > 0) {
      out.push([...acc]);
    }
    if (acc.length === 3) {
      return;
    }
    for (let i = from; i < STATES.length; i++) {
      grow(i, [...acc, STATES[i]!]);
    }
  };
  grow(0, []);
  return out;
}

describeEachDatabase('message state from its parts', (t) => {
  it('agrees with aggregateStatus for every mix of up to three parts, with the last part’s end time', async () => {
    const db = t().database.db;
    const all = mixes();
    expect(all).toHaveLength(119);
    const ids: string[] = [];
    for (const [n, parts] of all.entries()) {
      const id = `m${String(n).padStart(4, '0')}`;
      ids.push(id);
      await sql`insert into sms_messages (id, service, key, fingerprint, class, to_msisdn, src_id, text, encoding, parts, status, not_before, created_at, updated_at)
        values (${id}, 'safety', ${id}, 'f', 'notice', '13800138000', '10657099', '你好', 'ucs2', ${parts.length}, 'submitted', 0, 0, 0)`.execute(db);
      for (const [i, status] of parts.entries()) {
        // Odd mixes leave their end times empty: the message then ends "now".
        const doneAt = FINAL.has(status) && n % 2 === 0 ? 1_000 + i : null;
        await sql`insert into sms_parts (message_id, seq, status, attempts, next_attempt_at, queued_at, done_at)
          values (${id}, ${i + 1}, ${status}, 1, 0, 0, ${doneAt})`.execute(db);
      }
    }
    await sql`insert into sms_messages (id, service, key, fingerprint, class, to_msisdn, src_id, text, encoding, parts, status, not_before, created_at, updated_at)
      values ('blocked', 'safety', 'blocked', 'f', 'notice', '13800138000', '10657099', '你好', 'ucs2', 1, 'blocked', 0, 0, 0)`.execute(db);
    await sql`insert into sms_parts (message_id, seq, status, attempts, next_attempt_at, queued_at) values ('blocked', 1, 'failed', 0, 0, 0)`.execute(db);

    await refreshMessageStates(db, [...ids, 'blocked'], NOW);
    const rows = (await sql<{ id: string; status: string; done_at: number | null; updated_at: number }>`select id, status, done_at, updated_at from sms_messages order by id`.execute(db)).rows;
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const [n, parts] of all.entries()) {
      const want = aggregateStatus(parts.map((status) => ({ status })));
      const ends = parts.map((s, i) => (FINAL.has(s) && n % 2 === 0 ? 1_000 + i : 0));
      const doneAt = FINAL.has(want) ? Math.max(...ends) || NOW : null;
      const got = byId.get(`m${String(n).padStart(4, '0')}`)!;
      expect({ parts, status: got.status, doneAt: got.done_at === null ? null : Number(got.done_at) }).toEqual({ parts, status: want, doneAt });
      // Written only where the state changed.
      expect(Number(got.updated_at), parts.join(',')).toBe(want === 'submitted' ? 0 : NOW);
    }
    expect(byId.get('blocked')).toMatchObject({ status: 'blocked', done_at: null });
    expect(Number(byId.get('blocked')!.updated_at)).toBe(0);

    // Again, later: only the ended messages whose parts had no end time are written (they end "now"); nothing else.
    await refreshMessageStates(db, ids, NOW + 1);
    const again = (await sql<{ id: string }>`select id from sms_messages where updated_at = ${NOW + 1} order by id`.execute(db)).rows.map((r) => r.id);
    const endedNow = [...all.entries()].filter(([n, parts]) => n % 2 === 1 && FINAL.has(aggregateStatus(parts.map((status) => ({ status }))))).map(([n]) => `m${String(n).padStart(4, '0')}`);
    expect(endedNow.length).toBeGreaterThan(0);
    expect(again).toEqual(endedNow);
    // No ids: no statement.
    await refreshMessageStates(db, [], NOW);
  });
});
