import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../../test/helpers/db';
import { insertRows } from './insert-rows';

interface Row {
  id: string;
  n: number;
  note: string | null;
  c0: string;
  c1: string;
  c2: string;
  c3: string;
  c4: string;
  c5: string;
  c6: string;
  c7: string;
  c8: string;
  c9: string;
}
const COLUMNS = ['id', 'n', 'note', 'c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9'] as const;

describeEachDatabase('insertRows', (t) => {
  it('writes every row as given, over several statements, and returns what the tail asks for', async () => {
    const db = t().database.db;
    await sql`create table ir_test (id text primary key, n bigint not null, note text, c0 text, c1 text, c2 text, c3 text, c4 text, c5 text, c6 text, c7 text, c8 text, c9 text)`.execute(db);
    // 13 columns: 2,307 rows fit one statement; 5,000 take three.
    const rows: Row[] = Array.from({ length: 5_000 }, (_v, i) => ({
      id: `r${String(i).padStart(5, '0')}`,
      n: 2 ** 40 + i,
      note: i % 3 === 0 ? null : `它's "第${i}条"; drop table x; --`,
      ...Object.fromEntries(Array.from({ length: 10 }, (_w, k) => [`c${k}`, `${k}`])),
    })) as Row[];
    expect(await insertRows(db, 'ir_test', COLUMNS, rows)).toEqual([]);
    const back = (await sql<{ id: string; n: number; note: string | null }>`select id, n, note from ir_test order by id`.execute(db)).rows;
    expect(back).toHaveLength(5_000);
    expect(back.map((r) => ({ id: r.id, n: Number(r.n), note: r.note }))).toEqual(rows.map((r) => ({ id: r.id, n: r.n, note: r.note })));

    // A tail: skip the ones that exist, return the new ones' ids.
    const more = [rows[0]!, { ...rows[1]!, id: 'new-1' }, { ...rows[2]!, id: 'new-2' }];
    expect(await insertRows(db, 'ir_test', COLUMNS, more, 'on conflict (id) do nothing returning id')).toEqual([{ id: 'new-1' }, { id: 'new-2' }]);
    // Nothing to insert: no statement, no rows.
    expect(await insertRows(db, 'ir_test', COLUMNS, [])).toEqual([]);
    // A row that breaks a constraint fails the statement and writes none of it.
    await expect(insertRows(db, 'ir_test', COLUMNS, [{ ...rows[3]!, id: 'new-3' }, { ...rows[4]!, id: 'new-4', n: null as unknown as number }])).rejects.toThrow();
    const count = (await sql<{ n: number }>`select count(*) as n from ir_test`.execute(db)).rows[0];
    expect(Number(count?.n)).toBe(5_002);
  });
});
