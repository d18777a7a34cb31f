/** One billing bench on one database: seed, raw baseline, the run, the ledger's verify. */
import { sql } from 'kysely';
import { createContext, prepareDatabase } from '../../server/src/app';
import { runBilling, startBillingRun } from '../../server/src/flows/billing.flow';
import { TestClock } from '../../server/src/platform/clock';
import { loadConfig } from '../../server/src/platform/config';
import type { Database } from '../../server/src/platform/db/database';
import { createLogger } from '../../server/src/platform/logger';
import { withFreshDatabase, type DatabaseKind } from '../school/common';

const bj = (s: string) => new Date(`${s.replace(' ', 'T')}:00+08:00`).getTime();
const T0 = bj('2026-06-15 10:00');
const CANCEL_5TH = bj('2026-11-05 10:00');
const SUB_10TH = bj('2026-11-10 10:00');
const CANCEL_11TH = bj('2026-11-11 10:00');
const SUB_25TH = bj('2026-11-25 10:00');

/**
 * Subscriptions and their events, written in bulk by SQL (the setup, not what is measured):
 * i % 100 = 0 cancelled on the 5th, 1 subscribed on the 10th, 2 subscribed on the 10th and
 * cancelled on the 11th, 3 subscribed on the 25th; the rest since June.
 */
async function seed(database: Database, n: number): Promise<void> {
  const db = database.db;
  const pg = database.dialect === 'postgres';
  const series = pg ? sql`select i from generate_series(1, ${sql.lit(n)}) as s(i)` : sql`with recursive s(i) as (select 1 union all select i + 1 from s where i < ${sql.lit(n)}) select i from s`;
  const id = pg ? sql`'sub' || lpad(i::text, 8, '0')` : sql`'sub' || printf('%08d', i)`;
  const msisdn = pg ? sql`(13000000000 + i)::text` : sql`cast(13000000000 + i as text)`;
  const since = sql`case when i % 100 in (1, 2) then ${sql.lit(SUB_10TH)} when i % 100 = 3 then ${sql.lit(SUB_25TH)} else ${sql.lit(T0)} end`;
  const status = sql`case when i % 100 in (0, 2) then 'cancelled' else 'active' end`;
  const school = pg ? sql`'school' || (i % 500)::text` : sql`'school' || (i % 500)`;
  const agency = pg ? sql`'agency' || (i % 20)::text` : sql`'agency' || (i % 20)`;
  await sql`insert into subscriptions (id, msisdn, service, status, channel, school_id, agency_id, since, created_at, updated_at)
    select ${id}, ${msisdn}, 'jx', ${status}, 'sms', ${school}, ${agency}, ${since}, ${since}, ${since} from (${series}) as x`.execute(db);
  const ev = (suffix: string, kind: string, at: unknown, where: unknown) =>
    sql`insert into subscription_events (id, subscription_id, msisdn, service, kind, at, channel, actor_id, note, consent_id)
      select ${id} || ${suffix}, ${id}, ${msisdn}, 'jx', ${kind}, ${at}, 'sms', null, null, null from (${series}) as x where ${where}`.execute(db);
  await ev('s', 'subscribe', since, sql`1 = 1`);
  await ev('c', 'cancel', sql`case when i % 100 = 0 then ${sql.lit(CANCEL_5TH)} else ${sql.lit(CANCEL_11TH)} end`, sql`i % 100 in (0, 2)`);
  if (pg) {
    await sql`analyze`.execute(db);
  }
}

/** The floor: page the subscriptions by hand and write one uniquely keyed row per charge, 5,000 per transaction. */
async function rawBaseline(database: Database): Promise<number> {
  const db = database.db;
  await sql`create table raw_charges (key text primary key, subscription_id text not null, amount bigint not null)`.execute(db);
  await sql`create table raw_balance (id integer primary key, total bigint not null)`.execute(db);
  await sql`insert into raw_balance values (1, 0)`.execute(db);
  const t0 = performance.now();
  let after = '';
  for (;;) {
    const page = (await sql<{ id: string }>`select id from subscriptions where service = 'jx' and id > ${after} and status = 'active' order by id limit 5000`.execute(db)).rows;
    if (page.length === 0) {
      break;
    }
    after = page.at(-1)!.id;
    await database.transaction(async (trx) => {
      const values = page.map((r) => sql`(${`billing:${r.id}:202611`}, ${r.id}, 800)`);
      await sql`insert into raw_charges (key, subscription_id, amount) values ${sql.join(values)} on conflict do nothing`.execute(trx);
      await sql`update raw_balance set total = total + ${page.length * 800} where id = 1`.execute(trx);
    });
  }
  return performance.now() - t0;
}

export async function runBillingBench(kind: DatabaseKind, n: number) {
  return withFreshDatabase('billing', kind, async (database) => {
    const clock = new TestClock(bj('2026-12-01 03:00'));
    const config = loadConfig({ DATA_DIR: '/nonexistent', LOG_LEVEL: 'silent', SMS_GATEWAY: 'sim://?delay=0' });
    const ctx = createContext({ config, clock, database, log: createLogger('silent') });
    await prepareDatabase(ctx);
    const s0 = performance.now();
    await seed(database, n);
    process.stderr.write(`  seeded ${n.toLocaleString('en-US')} subscriptions in ${((performance.now() - s0) / 1000).toFixed(1)} s\n`);
    const rawMs = await rawBaseline(database);
    process.stderr.write(`  raw baseline ${(rawMs / 1000).toFixed(1)} s\n`);

    const t0 = performance.now();
    const run = await startBillingRun(ctx, { month: '2026-11', dryRun: false, by: 'bench' });
    let lastPct = -10;
    const done = await runBilling(ctx, run.id, (p: { processed: number; total: number }) => {
      const pct = Math.floor((p.processed / Math.max(p.total, 1)) * 100);
      if (pct >= lastPct + 10) {
        lastPct = pct;
        process.stderr.write(`  ${pct}% ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
      }
    });
    const runMs = performance.now() - t0;
    process.stderr.write(`  run ${(runMs / 1000).toFixed(1)} s: ${JSON.stringify(done)}\n`);
    const v0 = performance.now();
    const verify = await ctx.ledger.verify();
    const verifyMs = performance.now() - v0;
    const charged = Number((await sql<{ n: number }>`select count(*) as n from billing_charges`.execute(database.db)).rows[0]?.n);
    // Every due subscription charged once: 96 % since June + 1 % cancelled on the 5th + 1 % rule 1.
    const expected = n - 2 * Math.floor(n / 100) - (n % 100 >= 2 ? 1 : 0) - (n % 100 >= 3 ? 1 : 0);
    if (charged !== expected) {
      throw new Error(`billing bench: ${charged} charges, expected ${expected}`);
    }
    await ctx.messaging.stop?.();
    return { runMs, rawMs, verifyMs, verifyOk: verify.ok, charged };
  });
}
