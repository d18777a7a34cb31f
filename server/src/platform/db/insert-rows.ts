/**
 * Many rows into one table, without the query builder: for the hot paths' batches (audit
 * entries, messages and their parts). Building and compiling a multi-row INSERT with Kysely
 * makes a node per value, about twenty per row; here the SQL text is made once per table,
 * columns, row count and dialect, kept, and the values are bound. Column and table names are
 * the caller's constants, never input.
 */
import { CompiledQuery, type QueryResult } from 'kysely';
import { dialectOf, type Db } from './database';

/** Under SQLite's 32,766 bound parameters and PostgreSQL's 65,535. */
const MAX_PARAMS = 30_000;
const texts = new Map<string, string>();

function textOf(dialect: 'sqlite' | 'postgres', table: string, columns: readonly string[], rows: number, tail: string): string {
  const key = `${dialect}\u0000${table}\u0000${columns.join(',')}\u0000${rows}\u0000${tail}`;
  let text = texts.get(key);
  if (text === undefined) {
    let n = 0;
    const tuple = () => `(${columns.map(() => (dialect === 'sqlite' ? '?' : `$${++n}`)).join(', ')})`;
    const values = Array.from({ length: rows }, tuple).join(', ');
    text = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${values}${tail ? ` ${tail}` : ''}`;
    if (texts.size >= 500) {
      texts.clear();
    }
    texts.set(key, text);
  }
  return text;
}

/**
 * Inserts `rows` (each with every one of `columns`) in as few statements as the drivers'
 * parameter limits allow; `tail` follows the VALUES (an ON CONFLICT, a RETURNING). Returns
 * the rows each statement returned, together.
 */
export async function insertRows<T extends object>(db: Db, table: string, columns: readonly (keyof T & string)[], rows: readonly T[], tail = ''): Promise<unknown[]> {
  const dialect = dialectOf(db);
  const per = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  const out: unknown[] = [];
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    const params: unknown[] = [];
    for (const row of chunk) {
      for (const c of columns) {
        const v = row[c];
        params.push(v === undefined ? null : v);
      }
    }
    const r: QueryResult<unknown> = await db.executeQuery(CompiledQuery.raw(textOf(dialect, table, columns, chunk.length, tail), params));
    out.push(...r.rows);
  }
  return out;
}
