/**
 * Versioned migrations, applied in order on start and by `yikatong migrate`: one transaction
 * for all pending migrations, under a lock, so several processes starting together apply
 * each migration once (PostgreSQL: an advisory lock per schema; SQLite: the one writer).
 * The applied names are kept in `schema_migrations`. No catalogue introspection: it would
 * scan every schema of the database, which other tenants or tests may be dropping.
 */
import { sql } from 'kysely';
import { migrations } from '../../migrations';
import type { Database, Db } from './database';

export interface MigrateResult {
  applied: string[];
  current: string | null;
}

async function ensureTable(db: Db): Promise<void> {
  await sql`create table if not exists schema_migrations (name varchar(255) not null primary key, timestamp varchar(255) not null)`.execute(db);
}

async function appliedNames(db: Db): Promise<Set<string>> {
  const r = await sql<{ name: string }>`select name from schema_migrations`.execute(db);
  return new Set(r.rows.map((x) => x.name));
}

export async function migrateToLatest(database: Database): Promise<MigrateResult> {
  const names = Object.keys(migrations);
  let running = '';
  try {
    const applied = await database.transaction(async (trx) => {
      if (database.dialect === 'postgres') {
        await sql`select pg_advisory_xact_lock(hashtext(current_schema() || ':yikatong:migrate'))`.execute(trx);
      }
      // Created under the lock: two concurrent CREATE TABLE IF NOT EXISTS can collide on PostgreSQL.
      await ensureTable(trx);
      const done = await appliedNames(trx);
      const now: string[] = [];
      for (const name of names) {
        if (done.has(name)) {
          continue;
        }
        running = name;
        await migrations[name]!.up(trx, database.dialect);
        await sql`insert into schema_migrations (name, timestamp) values (${name}, ${new Date().toISOString()})`.execute(trx);
        now.push(name);
      }
      return now;
    });
    return { applied, current: names[names.length - 1] ?? null };
  } catch (e) {
    const err = new Error(`数据库迁移失败${running ? `（${running}）` : ''}: ${e instanceof Error ? e.message : String(e)}`);
    (err as Error & { cause?: unknown }).cause = e;
    throw err;
  }
}

async function tableExists(database: Database): Promise<boolean> {
  const r =
    database.dialect === 'postgres'
      ? await sql<{ ok: boolean }>`select to_regclass('schema_migrations') is not null as ok`.execute(database.db)
      : await sql<{ ok: number }>`select count(*) as ok from sqlite_master where type = 'table' and name = 'schema_migrations'`.execute(database.db);
  return Boolean(r.rows[0]?.ok);
}

/** Migrations not applied yet (reads only). */
export async function pendingMigrations(database: Database): Promise<string[]> {
  if (!(await tableExists(database))) {
    return Object.keys(migrations);
  }
  const done = await appliedNames(database.db);
  return Object.keys(migrations).filter((n) => !done.has(n));
}
