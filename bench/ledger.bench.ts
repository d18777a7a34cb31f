/**
 * Ledger throughput, latency and storage, against a raw baseline measured in the same run.
 *
 * - Raw baseline (bench/ledger/raw.ts): the same transfer as the simplest hand-written SQL
 *   transaction (read both balances, check funds, insert the row, update two balances, commit).
 * - By hand on the ledger tables: the rows the ledger writes (its own tables, indexes and
 *   foreign keys, the chain head) written by hand with constant hashes, in a separate migrated
 *   database — SQLite 1 or 64 per transaction, PostgreSQL 1 per transaction (one statement per
 *   round trip). On SQLite no store can beat it (a floor): ledger ÷ by-hand is what the code
 *   costs, by-hand ÷ raw what the schema costs.
 * - Ledger: `ledger.transfer` called by 1, 16 or 64 concurrent callers (async loops, each
 *   awaiting its own transfer; group commit turns them into batches), on 10,000 funded
 *   accounts, uniform and hot-account (Zipf s=1) mixes. Latency is per transfer, from the
 *   call to its resolved promise. PostgreSQL also runs 4 ledgerModule instances on separate
 *   pools, as 4 server processes would.
 * - Storage: the ledger is filled to BENCH_STORAGE_N transfers, then bytes per transfer.
 * - HTTP (bench/ledger/http.ts): POST /api/ledger/transfers with autocannon, SQLite.
 *
 * Comparisons against a baseline run interleaved: ROUNDS rounds, each running every variant
 * on its share of the same transfers, so a burst of load from elsewhere on the machine hits
 * all of them alike. Figures are over all rounds.
 *
 * Run: npm run bench:ledger   (PostgreSQL: BENCH_PG_URL or TEST_DATABASE_URL; a fresh schema per run)
 * Sizes: BENCH_N (per concurrent run, default 100000), BENCH_N_SEQ (one-caller runs, 5000),
 * BENCH_STORAGE_N (1000000), BENCH_HTTP_SECONDS (15). BENCH_ONLY=sqlite,postgres,http picks parts.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { systemClock } from '../server/src/platform/clock';
import { openPostgres, openSqlite, type Database } from '../server/src/platform/db/database';
import { migrateToLatest } from '../server/src/platform/db/migrate';
import { ledgerModule, type LedgerModule } from '../server/src/modules/ledger';
import { openAccounts } from './ledger/accounts';
import { httpBench } from './ledger/http';
import { rawPostgres, rawPostgresLedgerSchema, rawSqlite, rawSqliteLedgerSchema } from './ledger/raw';
import { ACCOUNTS, amountOf, closedLoop, makePairs, slice, sqliteOf, timing, type Mix, type Pairs, type Sample, type Timing } from './ledger/workload';

const N = Number(process.env.BENCH_N ?? 100_000);
const N_SEQ = Number(process.env.BENCH_N_SEQ ?? 5_000);
const STORAGE_N = Number(process.env.BENCH_STORAGE_N ?? 1_000_000);
const PG_URL = process.env.BENCH_PG_URL ?? process.env.TEST_DATABASE_URL;
const ROUNDS = 5;
const ONLY = new Set((process.env.BENCH_ONLY ?? 'sqlite,postgres,http').split(','));

interface Row extends Timing {
  database: 'sqlite' | 'postgres';
  variant: string;
  mix: Mix;
  clients: number;
  /** perSecond / the raw baseline named in `baseline`. */
  vsRaw: number | null;
  baseline: string | null;
  /** perSecond / the same rows written by hand on the ledger's own tables, named in `byHand`. */
  vsByHand: number | null;
  byHand: string | null;
}
interface Storage {
  database: 'sqlite' | 'postgres';
  transfers: number;
  bytes: number;
  bytesPerTransfer: number;
  detail: Record<string, number>;
}

const rows: Row[] = [];
const storage: Storage[] = [];
const notes: string[] = [];
let http: Awaited<ReturnType<typeof httpBench>> | null = null;
const started = performance.now();

function log(msg: string): void {
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${msg}\n`);
}

function record(database: Row['database'], variant: string, mix: Mix, clients: number, t: Timing, against: { raw?: string; byHand?: string } = {}): Row {
  const ratio = (name: string | undefined) => {
    const base = name ? rows.find((r) => r.database === database && r.variant === name && r.mix === mix) : undefined;
    return base ? { value: Math.round((t.perSecond / base.perSecond) * 100) / 100, name: name! } : null;
  };
  const raw = ratio(against.raw);
  const byHand = ratio(against.byHand);
  const row: Row = { database, variant, mix, clients, ...t, vsRaw: raw?.value ?? null, baseline: raw?.name ?? null, vsByHand: byHand?.value ?? null, byHand: byHand?.name ?? null };
  rows.push(row);
  log(
    `${database} ${variant} ${mix} ×${clients}: ${t.perSecond}/s p50 ${t.p50Ms} ms p99 ${t.p99Ms} ms` +
      (raw ? ` (${raw.value} of ${raw.name})` : '') +
      (byHand ? ` (${byHand.value} of ${byHand.name})` : ''),
  );
  return row;
}

let seed = 1;
const pairsCache = new Map<string, Pairs>();
function pairs(mix: Mix, count: number): Pairs {
  const k = `${mix}:${count}`;
  let p = pairsCache.get(k);
  if (!p) {
    p = makePairs(mix, count, seed++);
    pairsCache.set(k, p);
  }
  return p;
}

let runNo = 0;
/** `clients` callers of ledger.transfer; caller k uses instance k mod instances. */
function ledgerRun(ledgers: LedgerModule[], ids: string[], p: Pairs, clients: number): Promise<Sample> {
  const tag = `r${++runNo}`;
  return closedLoop(p.debit.length, clients, (i, client) =>
    ledgers[client % ledgers.length]!.transfer({
      kind: 'single',
      scope: 'bench',
      key: `${tag}-${i}`,
      debitAccountId: ids[p.debit[i]!]!,
      creditAccountId: ids[p.credit[i]!]!,
      amount: amountOf(i),
      code: 'TRANSFER',
    }),
  );
}

interface Variant {
  name: string;
  clients: number;
  count: number;
  run: (p: Pairs, tag: string) => Sample | Promise<Sample>;
  against?: { raw?: string; byHand?: string };
}

/** Runs the variants in ROUNDS interleaved rounds on one mix and records each over all its rounds. */
async function interleaved(database: Row['database'], mix: Mix, variants: Variant[]): Promise<void> {
  const samples = variants.map(() => [] as Sample[]);
  for (let r = 0; r < ROUNDS; r++) {
    for (const [v, variant] of variants.entries()) {
      const p = pairs(mix, variant.count);
      const per = Math.ceil(variant.count / ROUNDS);
      samples[v]!.push(await variant.run(slice(p, r * per, Math.min(variant.count, (r + 1) * per)), `i${++runNo}`));
    }
  }
  for (const [v, variant] of variants.entries()) {
    record(database, variant.name, mix, variant.clients, timing(...samples[v]!), variant.against);
  }
}

/** Runs transfers (64 callers, uniform) until the journal holds `target` transfers; returns their count. */
async function fillTo(database: Row['database'], db: Database, ledger: LedgerModule, ids: string[], target: number): Promise<number> {
  const have = async () => (await sql<{ n: number }>`select last_id as n from ledger_head where id = 1`.execute(db.db)).rows[0]!.n;
  const missing = target - (await have());
  if (missing > 0) {
    record(database, `ledger, fill to ${target.toLocaleString('en')}`, 'uniform', 64, timing(await ledgerRun([ledger], ids, makePairs('uniform', missing, seed++), 64)));
  }
  return have();
}

async function verify(database: Row['database'], ledger: LedgerModule): Promise<void> {
  const t0 = performance.now();
  const report = await ledger.verify();
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  if (report.faults.length > 0) {
    throw new Error(`${database}: the ledger does not verify after the run: ${JSON.stringify(report.faults.slice(0, 3))}`);
  }
  notes.push(`${database}: ledger.verify() after the run: no faults (${s} s)`);
  log(`${database}: verified in ${s} s`);
}

const RAW1 = 'raw, 1 transfer per transaction';
const RAW16 = 'raw, 16 connections';
const BY_HAND1 = 'by hand on the ledger tables, 1 per transaction';
const BY_HAND64 = 'by hand on the ledger tables, 64 per transaction';
const SINGLE = 'ledger, single-transfer path';
const GROUP = 'ledger, group commit';

async function sqlitePart(dir: string): Promise<void> {
  const file = path.join(dir, 'ledger.sqlite');
  const database = openSqlite(file);
  const rawDb = openSqlite(path.join(dir, 'raw.sqlite'));
  const floorDb = openSqlite(path.join(dir, 'floor.sqlite'));
  try {
    await migrateToLatest(database);
    await migrateToLatest(floorDb);
    const ledger = ledgerModule({ database, clock: systemClock });
    const c = sqliteOf(database);
    notes.push(
      `sqlite ${String(c.prepare('select sqlite_version()').pluck().get())}: journal_mode=${String(c.pragma('journal_mode', { simple: true }))}, ` +
        `synchronous=${String(c.pragma('synchronous', { simple: true }))} (2 = FULL), wal_autocheckpoint=${String(c.pragma('wal_autocheckpoint', { simple: true }))}, ` +
        `cache_size=${String(c.pragma('cache_size', { simple: true }))}`,
    );
    log('sqlite: accounts');
    const ids = await openAccounts(ledger);
    const raw = rawSqlite(sqliteOf(rawDb), ids);
    const floor = rawSqliteLedgerSchema(sqliteOf(floorDb), ids);

    log('sqlite: one transfer per transaction');
    for (const mix of ['uniform', 'zipf'] as const) {
      await interleaved('sqlite', mix, [
        { name: RAW1, clients: 1, count: N_SEQ, run: (p, tag) => raw.perTransaction(tag, p) },
        { name: BY_HAND1, clients: 1, count: N_SEQ, run: (p, tag) => floor.perTransaction(tag, p), against: { raw: RAW1 } },
        { name: SINGLE, clients: 1, count: N_SEQ, run: (p) => ledgerRun([ledger], ids, p, 1), against: { raw: RAW1, byHand: BY_HAND1 } },
      ]);
    }

    log('sqlite: group commit');
    record('sqlite', 'raw, 64 transfers per transaction', 'uniform', 1, timing(raw.batched('s64', pairs('uniform', N / 2), 64)));
    for (const mix of ['uniform', 'zipf'] as const) {
      await interleaved('sqlite', mix, [
        { name: BY_HAND64, clients: 1, count: N / 2, run: (p, tag) => floor.batched(tag, p, 64), against: { raw: RAW1 } },
        { name: GROUP, clients: 64, count: N, run: (p) => ledgerRun([ledger], ids, p, 64), against: { raw: RAW1, byHand: BY_HAND64 } },
      ]);
    }
    for (const mix of ['uniform', 'zipf'] as const) {
      record('sqlite', GROUP, mix, 16, timing(await ledgerRun([ledger], ids, pairs(mix, N), 16)), { raw: RAW1 });
    }
    // What a connection setting outside the ledger would give: checkpoint every 10,000 WAL
    // pages instead of SQLite's default 1,000 (openSqlite keeps the default). Durability is the same.
    c.pragma('wal_autocheckpoint = 10000');
    const checkpointed = timing(await ledgerRun([ledger], ids, makePairs('uniform', N, seed++), 64));
    record('sqlite', `${GROUP}, wal_autocheckpoint=10000`, 'uniform', 64, checkpointed, { raw: RAW1, byHand: BY_HAND64 });
    c.pragma('wal_autocheckpoint = 1000');

    log(`sqlite: filling to ${STORAGE_N} transfers`);
    const transfers = await fillTo('sqlite', database, ledger, ids, STORAGE_N);
    c.pragma('wal_checkpoint(TRUNCATE)');
    const size = (f: string) => {
      try {
        return statSync(f).size;
      } catch {
        return 0;
      }
    };
    const detail: Record<string, number> = { file: size(file), wal: size(`${file}-wal`) };
    try {
      for (const r of c.prepare("select name, sum(pgsize) as bytes from dbstat where name like '%ledger%' group by name").all() as { name: string; bytes: number }[]) {
        detail[r.name] = r.bytes;
      }
    } catch {
      // dbstat is optional in SQLite builds; the file size is what counts.
    }
    const bytes = detail.file! + detail.wal!;
    storage.push({ database: 'sqlite', transfers, bytes, bytesPerTransfer: Math.round(bytes / transfers), detail });
    log(`sqlite: ${transfers} transfers, ${(bytes / 2 ** 20).toFixed(1)} MiB, ${Math.round(bytes / transfers)} B/transfer`);
    await verify('sqlite', ledger);
  } finally {
    await rawDb.close();
    await floorDb.close();
    await database.close();
  }
}

async function postgresPart(url: string): Promise<void> {
  const schema = `bench_ledger_${process.pid}`;
  const rawSchema = `${schema}_raw`;
  const floorSchema = `${schema}_floor`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const opened: Database[] = [];
  const open = (inSchema = schema) => {
    const d = openPostgres(url, { schema: inSchema, poolSize: 10 });
    opened.push(d);
    return d;
  };
  const drop = async () => {
    await Promise.all(opened.map((d) => d.close().catch(() => undefined)));
    for (const s of [schema, rawSchema, floorSchema]) {
      await admin.query(`drop schema if exists ${s} cascade`);
    }
  };
  onSignal.push(drop);
  const rawPool = new pg.Pool({ connectionString: url, max: 16, options: `-c search_path=${rawSchema}` });
  try {
    for (const s of [schema, rawSchema, floorSchema]) {
      await admin.query(`create schema ${s}`);
    }
    const settings = await admin.query<{ name: string; setting: string }>(
      "select name, setting from pg_settings where name in ('synchronous_commit', 'fsync', 'shared_buffers', 'wal_sync_method', 'server_version')",
    );
    notes.push(`postgres: ${settings.rows.map((r) => `${r.name}=${r.setting}`).join(', ')}`);
    const database = open();
    await migrateToLatest(database);
    const floorDb = open(floorSchema);
    await migrateToLatest(floorDb);
    if (floorDb.raw.dialect !== 'postgres') {
      throw new Error('unreachable');
    }
    const ledger = ledgerModule({ database, clock: systemClock });
    log('postgres: accounts');
    const ids = await openAccounts(ledger);
    const raw = await rawPostgres(rawPool, ids);
    const floor = await rawPostgresLedgerSchema(floorDb.raw.pool, ids);

    log('postgres: one transfer per transaction');
    for (const mix of ['uniform', 'zipf'] as const) {
      await interleaved('postgres', mix, [
        { name: RAW1, clients: 1, count: N_SEQ, run: (p, tag) => raw.run(tag, p, 1) },
        { name: BY_HAND1, clients: 1, count: N_SEQ, run: (p, tag) => floor.run(tag, p, 1), against: { raw: RAW1 } },
        { name: SINGLE, clients: 1, count: N_SEQ, run: (p) => ledgerRun([ledger], ids, p, 1), against: { raw: RAW1, byHand: BY_HAND1 } },
      ]);
    }

    log('postgres: group commit');
    for (const mix of ['uniform', 'zipf'] as const) {
      await interleaved('postgres', mix, [
        { name: RAW16, clients: 16, count: N / 4, run: (p, tag) => raw.run(tag, p, 16) },
        { name: GROUP, clients: 16, count: N, run: (p) => ledgerRun([ledger], ids, p, 16), against: { raw: RAW16 } },
      ]);
    }
    const rawSize = await rawPool.query<{ bytes: string; n: string }>("select pg_total_relation_size('raw_transfers') as bytes, (select count(*) from raw_transfers) as n");
    notes.push(`postgres: raw_transfers (6 columns, 2 indexes) takes ${Math.round(Number(rawSize.rows[0]!.bytes) / Number(rawSize.rows[0]!.n))} B per row`);
    for (const mix of ['uniform', 'zipf'] as const) {
      record('postgres', GROUP, mix, 64, timing(await ledgerRun([ledger], ids, pairs(mix, N), 64)), { raw: RAW16 });
    }
    const instances = [ledger, ...Array.from({ length: 3 }, () => ledgerModule({ database: open(), clock: systemClock }))];
    for (const [clients, mix] of [[16, 'uniform'], [64, 'uniform'], [64, 'zipf']] as const) {
      record('postgres', 'ledger, 4 instances (own pools)', mix, clients, timing(await ledgerRun(instances, ids, makePairs(mix, N, seed++), clients)), { raw: RAW16 });
    }

    log(`postgres: filling to ${STORAGE_N} transfers`);
    const transfers = await fillTo('postgres', database, ledger, ids, STORAGE_N);
    const sizes = await admin.query<{ name: string; bytes: string }>(
      `select c.relname as name, pg_total_relation_size(c.oid) as bytes from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = $1 and c.relkind = 'r' and c.relname like 'ledger%'`,
      [schema],
    );
    const detail = Object.fromEntries(sizes.rows.map((r) => [r.name, Number(r.bytes)]));
    const bytes = Object.values(detail).reduce((a, b) => a + b, 0);
    storage.push({ database: 'postgres', transfers, bytes, bytesPerTransfer: Math.round(bytes / transfers), detail });
    log(`postgres: ${transfers} transfers, ${(bytes / 2 ** 20).toFixed(1)} MiB, ${Math.round(bytes / transfers)} B/transfer`);
    await verify('postgres', ledger);
  } finally {
    await rawPool.end();
    await drop();
    await admin.end();
  }
}

/** Cleanups to run if the run is interrupted (the temporary folder, the PostgreSQL schemas). */
const onSignal: (() => Promise<void>)[] = [];
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`${signal}: cleaning up\n`);
    void Promise.allSettled(onSignal.map((f) => f())).finally(() => process.exit(130));
  });
}

const dir = mkdtempSync(path.join(tmpdir(), 'yk-bench-ledger-'));
onSignal.push(async () => rmSync(dir, { recursive: true, force: true }));
try {
  if (ONLY.has('sqlite')) {
    await sqlitePart(dir);
  }
  if (ONLY.has('postgres')) {
    if (PG_URL) {
      await postgresPart(PG_URL);
    } else {
      notes.push('postgres: skipped (set BENCH_PG_URL or TEST_DATABASE_URL)');
    }
  }
  if (ONLY.has('http')) {
    log('http');
    http = await httpBench(log);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

if (rows.length > 0) {
  console.table(
    rows.map((r) => ({
      database: r.database,
      variant: r.variant,
      mix: r.mix,
      clients: r.clients,
      transfers: r.transfers,
      'per s': r.perSecond,
      'p50 ms': r.p50Ms,
      'p99 ms': r.p99Ms,
      'vs raw': r.vsRaw ?? '',
      'vs by hand': r.vsByHand ?? '',
    })),
  );
}
if (storage.length > 0) {
  console.table(storage.map((s) => ({ database: s.database, transfers: s.transfers, MiB: Math.round((s.bytes / 2 ** 20) * 10) / 10, 'bytes/transfer': s.bytesPerTransfer })));
}
if (http) {
  console.table(http.runs.map((r) => ({ variant: r.variant, 'per s': r.perSecond, 'p50 ms': r.p50Ms, 'p99 ms': r.p99Ms, errors: r.errors })));
}
for (const n of notes) {
  console.log(n);
}
const out = path.join(import.meta.dirname, 'results');
mkdirSync(out, { recursive: true });
writeFileSync(
  path.join(out, 'ledger.json'),
  JSON.stringify(
    {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
      sizes: { accounts: ACCOUNTS, n: N, nSeq: N_SEQ, storageN: STORAGE_N },
      hottestShare: Object.fromEntries([...pairsCache.values()].map((p) => [`${p.mix}:${p.debit.length}`, Math.round(p.hottestShare * 1000) / 1000])),
      results: rows,
      storage,
      http,
      notes,
      seconds: Math.round((performance.now() - started) / 1000),
    },
    null,
    2,
  ),
);
log('done');
