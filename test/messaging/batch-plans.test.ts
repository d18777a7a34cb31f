/**
 * The hot path's batched UPDATEs (a VALUES list joined to sms_parts or sms_messages) on SQLite:
 * the planner must keep the list outermost and find each row by its primary key. Left to
 * itself, from about 300 rows on it indexes the list and scans the whole table instead (0.5 s
 * for 300 outcomes against 30,000 parts). Each statement also does its work: the rows change.
 */
import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchUpdates } from '../../server/src/modules/messaging/messaging.repo';
import { createTestDatabase } from '../helpers/db';

type Tdb = Awaited<ReturnType<typeof createTestDatabase>>;

describe('batched outcome, report and status updates on SQLite', () => {
  let t: Tdb;
  const N = 300;
  const ids = Array.from({ length: N }, (_, i) => `m${String(i).padStart(5, '0')}`);

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    const db = t.database.db;
    for (const id of ids) {
      await sql`insert into sms_messages (id, service, key, fingerprint, class, to_msisdn, src_id, text, encoding, parts, status, not_before, created_at, updated_at)
        values (${id}, 'safety', ${id}, 'f', 'notice', '13800138000', '10657099', '你好', 'ucs2', 1, 'submitted', 0, 0, 0)`.execute(db);
      await sql`insert into sms_parts (message_id, seq, status, attempts, next_attempt_at, queued_at) values (${id}, 1, 'submitted', 1, 0, 0)`.execute(db);
    }
  });
  afterAll(async () => {
    await t.drop();
  });

  /** SQLite's plan for the statement, with its values bound. */
  const planOf = async (q: { compile: (db: Tdb['database']['db']) => { sql: string; parameters: readonly unknown[] } }) => {
    const c = q.compile(t.database.db);
    const r = await t.database.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${c.sql}`, [...c.parameters]));
    return r.rows.map((x) => x.detail).join(' | ');
  };

  it(`finds each of ${String(N)} accepted parts by primary key, and accepts them`, async () => {
    const q = batchUpdates.accepted(t.database.db, ids.map((id, i) => ({ messageId: id, seq: 1, gatewayMsgId: `g${String(i)}` })), 1000);
    const plan = await planOf(q);
    expect(plan).toMatch(/SEARCH sms_parts USING (COVERING INDEX|INDEX|PRIMARY KEY)/);
    expect(plan).not.toMatch(/SCAN sms_parts/);
    await q.execute(t.database.db);
    const r = await sql<{ n: number }>`select count(*) as n from sms_parts where status = 'accepted' and gateway_msg_id is not null and accepted_at = 1000`.execute(t.database.db);
    expect(Number(r.rows[0]?.n)).toBe(N);
  });

  it(`finds each of ${String(N)} reported parts by primary key, and returns the ones it changed`, async () => {
    const q = batchUpdates.reports(t.database.db, ids.map((id) => ({ messageId: id, seq: 1, status: 'delivered' as const, stat: 'DELIVRD', doneAt: 2000 })));
    const plan = await planOf(q);
    expect(plan).toMatch(/SEARCH sms_parts USING (COVERING INDEX|INDEX|PRIMARY KEY)/);
    expect(plan).not.toMatch(/SCAN sms_parts/);
    expect((await q.execute(t.database.db)).rows).toHaveLength(N);
    // The same reports again change nothing (the parts already have theirs).
    expect((await q.execute(t.database.db)).rows).toHaveLength(0);
  });

  it(`recomputes ${String(N)} messages' states from their parts, each found by primary key`, async () => {
    await sql`update sms_parts set status = 'failed', done_at = 4000`.execute(t.database.db);
    const q = batchUpdates.refresh(t.database.db, ids, 5000);
    const plan = await planOf(q);
    expect(plan).toMatch(/SEARCH sms_messages USING (COVERING INDEX|INDEX|PRIMARY KEY)/);
    expect(plan).not.toMatch(/SCAN sms_messages/);
    expect(plan).not.toMatch(/SCAN sms_parts\b(?! USING)/);
    await q.execute(t.database.db);
    const r = await sql<{ n: number }>`select count(*) as n from sms_messages where status = 'failed' and done_at = 4000 and updated_at = 5000`.execute(t.database.db);
    expect(Number(r.rows[0]?.n)).toBe(N);
  });

  it('finds a bulk’s messages through the bulk index, which holds only messages of a bulk', async () => {
    const plan = (
      await t.database.db.executeQuery<{ detail: string }>(CompiledQuery.raw("explain query plan select status, count(*) from sms_messages where bulk_id = ? and status in ('failed', 'expired') group by status", ['b1']))
    ).rows
      .map((x) => x.detail)
      .join(' | ');
    expect(plan).toMatch(/SEARCH sms_messages USING (COVERING )?INDEX sms_messages_bulk_idx/);
    // Partial: a message outside any bulk has no entry in it.
    const index = await sql<{ sql: string }>`select sql from sqlite_master where name = 'sms_messages_bulk_idx'`.execute(t.database.db);
    expect(index.rows[0]?.sql).toMatch(/where bulk_id is not null$/i);
  });
});
