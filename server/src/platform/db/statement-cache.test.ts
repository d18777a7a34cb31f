import SqliteDatabase from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { withStatementCache } from './database';

describe('SQLite statement cache', () => {
  it('hands out the same statement for the same SQL, and a fresh one while it is busy', () => {
    const conn = new SqliteDatabase(':memory:');
    conn.exec('create table t (n integer); insert into t values (1), (2), (3)');
    const cached = withStatementCache(conn);
    const a = cached.prepare('select n from t order by n');
    expect(cached.prepare('select n from t order by n')).toBe(a);

    // An open iterator keeps `a` busy: the same query inside the loop must still run.
    const seen: number[][] = [];
    for (const row of a.iterate() as IterableIterator<{ n: number }>) {
      const inner = cached.prepare('select n from t order by n');
      expect(inner).not.toBe(a);
      seen.push([row.n, (inner.all() as { n: number }[]).length]);
    }
    expect(seen).toEqual([[1, 3], [2, 3], [3, 3]]);
    conn.close();
  });

  it('keeps at most 256 statements, dropping the least recently used', () => {
    const conn = new SqliteDatabase(':memory:');
    const cached = withStatementCache(conn);
    const first = cached.prepare('select 0');
    for (let i = 1; i <= 256; i += 1) {
      cached.prepare(`select ${i}`);
    }
    expect(cached.prepare('select 0')).not.toBe(first);
    expect(cached.prepare('select 256')).toBe(cached.prepare('select 256'));
    conn.close();
  });
});
