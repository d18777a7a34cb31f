/**
 * A fresh database for each test, on each backend: SQLite always (a new file in a temp
 * folder), PostgreSQL when TEST_DATABASE_URL is set (a new schema, dropped after the test).
 * Without TEST_DATABASE_URL the PostgreSQL suites are skipped with a visible line, unless
 * REQUIRE_POSTGRES=1 (CI), where that is a failure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql, type RawBuilder } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach, describe, it } from 'vitest';
import { openPostgres, openSqlite, type Database, type Db, type Dialect } from '../../server/src/platform/db/database';
import { migrateToLatest } from '../../server/src/platform/db/migrate';
import { randomToken } from '../../server/src/platform/ids';

export const PG_URL = process.env.TEST_DATABASE_URL;
const REQUIRE_PG = process.env.REQUIRE_POSTGRES === '1';

export interface TestDatabase {
  database: Database;
  dialect: Dialect;
  /** Opens another connection (pool) to the same database, as a restarted process would. */
  openAnother(): Database;
  /**
   * What a second worker sees. PostgreSQL: its own pool, as another server process would
   * have. SQLite serves one process, whose workers share its one connection (two
   * connections in one thread would wait on each other's locks), so: the same database.
   */
  peer(): Database;
  /** For SQLite: the file; for PostgreSQL: the schema. */
  location: string;
}

export async function createTestDatabase(dialect: Dialect, opts: { migrate?: boolean } = {}): Promise<TestDatabase & { drop(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'yk-test-'));
    const file = path.join(dir, 'test.sqlite');
    const database = openSqlite(file);
    const opened: Database[] = [database];
    if (opts.migrate !== false) {
      await migrateToLatest(database);
    }
    return {
      database,
      dialect,
      location: file,
      openAnother: () => {
        const d = openSqlite(file);
        opened.push(d);
        return d;
      },
      peer: () => database,
      drop: async () => {
        await Promise.all(opened.map((d) => d.close().catch(() => undefined)));
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (!PG_URL) {
    throw new Error('TEST_DATABASE_URL not set');
  }
  const schema = `t_${randomToken(9).toLowerCase().replace(/[^a-z0-9]/g, '')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const url = PG_URL;
  const database = openPostgres(url, { schema, poolSize: 5 });
  const opened: Database[] = [database];
  if (opts.migrate !== false) {
    await migrateToLatest(database);
  }
  const openAnother = () => {
    const d = openPostgres(url, { schema, poolSize: 5 });
    opened.push(d);
    return d;
  };
  return {
    database,
    dialect,
    location: schema,
    openAnother,
    peer: openAnother,
    drop: async () => {
      await Promise.all(opened.map((d) => d.close().catch(() => undefined)));
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}

/** The backends this run covers. */
/** How many rows a table holds (tests check that refused input wrote nothing), optionally where a condition holds. */
export async function countRows(db: Db, table: string, where: RawBuilder<unknown> = sql`1 = 1`): Promise<number> {
  const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)} where ${where}`.execute(db);
  return Number(r.rows[0]?.n);
}

export function backends(): Dialect[] {
  return PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

/**
 * `describe` once per backend, with a fresh migrated database per test:
 *   describeEachDatabase('jobs', (t) => { it('…', async () => { t().database … }) })
 */
export function describeEachDatabase(
  name: string,
  body: (current: () => TestDatabase) => void,
  opts: { migrate?: boolean } = {},
): void {
  for (const dialect of ['sqlite', 'postgres'] as const) {
    if (dialect === 'postgres' && !PG_URL) {
      describe(`${name} [postgres]`, () => {
        if (REQUIRE_PG) {
          it('needs PostgreSQL', () => {
            throw new Error('REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set');
          });
        } else {
          it.skip('skipped: TEST_DATABASE_URL not set', () => undefined);
        }
      });
      continue;
    }
    describe(`${name} [${dialect}]`, () => {
      let current: (TestDatabase & { drop(): Promise<void> }) | null = null;
      beforeEach(async () => {
        current = await createTestDatabase(dialect, opts);
      });
      afterEach(async () => {
        await current?.drop();
        current = null;
      });
      body(() => {
        if (!current) {
          throw new Error('no test database: use it inside a test');
        }
        return current;
      });
    });
  }
}

if (!PG_URL && !REQUIRE_PG) {
  // Once per test file that uses the helper, so the skip is visible in any reporter.
  process.stdout.write('skipped: TEST_DATABASE_URL not set (PostgreSQL suites)\n');
}
