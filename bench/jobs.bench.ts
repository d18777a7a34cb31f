/**
 * Job queue throughput: N jobs enqueued in one transaction, then run to completion by one
 * worker (concurrency 8), against a raw baseline doing the same table work by hand with the
 * driver (insert N rows; claim in batches with UPDATE … RETURNING; mark each done).
 * Run: npm run bench:jobs  (BENCH_PG_URL=postgres://… adds PostgreSQL)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import Type from 'typebox';
import { systemClock } from '../server/src/platform/clock';
import { openPostgres, openSqlite, type Database as Db } from '../server/src/platform/db/database';
import { migrateToLatest } from '../server/src/platform/db/migrate';
import { defineJob, JobQueue, JobWorker } from '../server/src/platform/jobs';
import { createLogger } from '../server/src/platform/logger';

const N = Number(process.env.BENCH_N ?? 5000);
const PG_URL = process.env.BENCH_PG_URL ?? process.env.TEST_DATABASE_URL;

const noop = defineJob({ name: 'bench.noop', title: '基准测试', schema: Type.Object({ i: Type.Integer() }), async handle() {} });

async function platformRun(database: Db): Promise<number> {
  await migrateToLatest(database);
  const queue = new JobQueue(systemClock, 'Asia/Shanghai').register(noop);
  const worker = new JobWorker({ database, queue, clock: systemClock, log: createLogger('silent'), ctx: {}, concurrency: 8 });
  const t0 = performance.now();
  await database.transaction(async (trx) => {
    for (let i = 0; i < N; i++) {
      await queue.enqueue(trx, 'bench.noop', { i });
    }
  });
  await worker.drain(N * 2);
  return performance.now() - t0;
}

const RAW_DDL = `create table raw_jobs (id integer primary key, payload text not null, status text not null, run_at bigint not null, owner text)`;

function rawSqlite(file: string): number {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(RAW_DDL);
  const t0 = performance.now();
  const ins = db.prepare(`insert into raw_jobs (payload, status, run_at) values (?, 'queued', ?)`);
  db.transaction(() => {
    for (let i = 0; i < N; i++) {
      ins.run(JSON.stringify({ i }), Date.now());
    }
  })();
  const claim = db.prepare(
    `update raw_jobs set status = 'running', owner = 'w' where id in (select id from raw_jobs where status = 'queued' and run_at <= ? order by run_at limit 8) returning id, payload`,
  );
  const done = db.prepare(`update raw_jobs set status = 'done', owner = null where id = ? and owner = 'w'`);
  for (;;) {
    const rows = claim.all(Date.now()) as { id: number; payload: string }[];
    if (rows.length === 0) {
      break;
    }
    for (const r of rows) {
      JSON.parse(r.payload);
      done.run(r.id);
    }
  }
  const ms = performance.now() - t0;
  db.close();
  return ms;
}

async function rawPostgres(url: string, schema: string): Promise<number> {
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await client.connect();
  await client.query(RAW_DDL.replace('integer primary key', 'bigserial primary key'));
  const t0 = performance.now();
  await client.query('begin');
  for (let i = 0; i < N; i++) {
    await client.query(`insert into raw_jobs (payload, status, run_at) values ($1, 'queued', $2)`, [JSON.stringify({ i }), Date.now()]);
  }
  await client.query('commit');
  for (;;) {
    const { rows } = await client.query<{ id: string; payload: string }>(
      `update raw_jobs set status = 'running', owner = 'w' where id in (select id from raw_jobs where status = 'queued' and run_at <= $1 order by run_at limit 8 for update skip locked) returning id, payload`,
      [Date.now()],
    );
    if (rows.length === 0) {
      break;
    }
    for (const r of rows) {
      JSON.parse(r.payload);
      await client.query(`update raw_jobs set status = 'done', owner = null where id = $1 and owner = 'w'`, [r.id]);
    }
  }
  const ms = performance.now() - t0;
  await client.end();
  return ms;
}

const results: { database: string; variant: string; jobs: number; ms: number; perSecond: number }[] = [];
const record = (database: string, variant: string, ms: number) =>
  results.push({ database, variant, jobs: N, ms: Math.round(ms), perSecond: Math.round((N / ms) * 1000) });

const dir = mkdtempSync(path.join(tmpdir(), 'yk-bench-'));
try {
  record('sqlite', 'raw baseline', rawSqlite(path.join(dir, 'raw.sqlite')));
  const sq = openSqlite(path.join(dir, 'platform.sqlite'));
  record('sqlite', 'platform queue + worker', await platformRun(sq));
  await sq.close();

  if (PG_URL) {
    const schema = `bench_${process.pid}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    try {
      record('postgres', 'raw baseline', await rawPostgres(PG_URL, schema));
      await admin.query(`drop table ${schema}.raw_jobs`);
      const p = openPostgres(PG_URL, { schema });
      record('postgres', 'platform queue + worker', await platformRun(p));
      await p.close();
    } finally {
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.table(results);
for (const db of new Set(results.map((r) => r.database))) {
  const raw = results.find((r) => r.database === db && r.variant === 'raw baseline')!;
  const plat = results.find((r) => r.database === db && r.variant !== 'raw baseline')!;
  console.log(`${db}: platform / raw = ${(plat.perSecond / raw.perSecond).toFixed(2)}`);
}
mkdirSync(path.join(import.meta.dirname, 'out'), { recursive: true });
writeFileSync(path.join(import.meta.dirname, 'out', 'jobs.json'), JSON.stringify({ date: new Date().toISOString(), n: N, results }, null, 2));
