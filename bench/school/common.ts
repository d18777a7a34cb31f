/** What the school benchmarks share: the row they report, a fresh database of either kind, a context on it. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createContext, prepareDatabase } from '../../server/src/app';
import type { AppContext } from '../../server/src/context';
import { systemClock } from '../../server/src/platform/clock';
import { loadConfig } from '../../server/src/platform/config';
import { openPostgres, openSqlite, type Database } from '../../server/src/platform/db/database';
import { createLogger } from '../../server/src/platform/logger';

export interface BenchRow {
  figure: string;
  database: string;
  value: number;
  unit: string;
  target: string;
  met: boolean;
  baseline?: { what: string; value: number; unit: string };
}

export type DatabaseKind = 'sqlite' | 'postgres';

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Runs `fn` on a fresh database (a SQLite file in a temp folder, or a PostgreSQL schema), dropped after. */
export async function withFreshDatabase<T>(name: string, kind: DatabaseKind, fn: (database: Database) => Promise<T>): Promise<T> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), `yk-bench-${name}-`));
    const database = openSqlite(path.join(dir, 'bench.sqlite'));
    try {
      return await fn(database);
    } finally {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const url = process.env.BENCH_PG_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `bench_${name}_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop schema if exists ${schema} cascade`);
  await admin.query(`create schema ${schema}`);
  const database = openPostgres(url, { schema, poolSize: 10 });
  try {
    return await fn(database);
  } finally {
    await database.close();
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
  }
}

/** The application context on a migrated database, SMS to the in-process simulator. */
export async function benchContext(database: Database): Promise<AppContext> {
  const config = loadConfig({ DATA_DIR: '/nonexistent', LOG_LEVEL: 'silent', SMS_GATEWAY: 'sim://?delay=0' });
  const ctx = createContext({ config, clock: systemClock, database, log: createLogger('silent') });
  await prepareDatabase(ctx);
  return ctx;
}
