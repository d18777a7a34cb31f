/**
 * Versioned migrations, applied in order on start and by `yikatong migrate`. Kysely's
 * migrator holds a lock while it runs, so several processes starting together apply each
 * migration once.
 */
import { Migrator, sql, type Migration } from 'kysely';
import { migrations } from '../../migrations';
import type { Database } from './database';

export interface MigrateResult {
  applied: string[];
  current: string | null;
}

/**
 * On PostgreSQL the migration tables live in the connection's current schema (named
 * explicitly: Kysely would otherwise find a same-named table in another schema and skip
 * creating its own).
 */
async function migrator(database: Database): Promise<Migrator> {
  let migrationTableSchema: string | undefined;
  if (database.dialect === 'postgres') {
    const r = await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db);
    migrationTableSchema = r.rows[0]?.schema;
  }
  const list: Record<string, Migration> = {};
  for (const [name, m] of Object.entries(migrations)) {
    list[name] = { up: (db) => m.up(db, database.dialect) };
  }
  return new Migrator({
    db: database.db,
    provider: { getMigrations: () => Promise.resolve(list) },
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
    migrationTableSchema,
  });
}

export async function migrateToLatest(database: Database): Promise<MigrateResult> {
  const { error, results } = await (await migrator(database)).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    const e = new Error(`数据库迁移失败${failed ? `（${failed.migrationName}）` : ''}: ${String((error as Error).message ?? error)}`);
    (e as Error & { cause?: unknown }).cause = error;
    throw e;
  }
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  const names = Object.keys(migrations);
  return { applied, current: names[names.length - 1] ?? null };
}

export async function pendingMigrations(database: Database): Promise<string[]> {
  const all = await (await migrator(database)).getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
