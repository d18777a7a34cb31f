/**
 * The monthly billing run (issue 7) against a raw baseline in the same run:
 * - 1,000,000 家校互动 subscriptions on PostgreSQL in ≤ 60 s, 100,000 on SQLite in ≤ 10 s, each
 *   fee through the ledger (one transfer per subscription and month, key billing:<id>/YYYYMM),
 *   the charges, the agents' commissions; then the ledger verifies (its time reported apart).
 * The month: 2026-11, billed on 2026-12-01 (test clock). 96 % of the subscriptions date from
 * June (包月); 1 % each were cancelled on the 5th (still due), subscribed on the 10th (rule 1,
 * due), subscribed on the 10th and cancelled the next day (free), subscribed on the 25th (rule 2,
 * free): 4 % need their whole history read and the fee rules run.
 * Baseline ("raw"): the same subscriptions paged by hand and one row per charge inserted with a
 * unique key, 5,000 per transaction, plus one balance update per transaction: no rules, no
 * history, no hash chain, no double entry — the floor of "write a charge per subscription".
 * Run: npm run bench:billing  (BENCH_DB=sqlite,postgres; BILLING_N_PG, BILLING_N_SQLITE)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runBillingBench } from './billing/run';

const databases = (process.env.BENCH_DB ?? 'sqlite,postgres').split(',').map((s) => s.trim()) as ('sqlite' | 'postgres')[];
const sizes = { sqlite: Number(process.env.BILLING_N_SQLITE ?? 100_000), postgres: Number(process.env.BILLING_N_PG ?? 1_000_000) };
const targets = { sqlite: 10, postgres: 60 };

const rows = [];
for (const database of databases) {
  process.stderr.write(`billing bench: ${sizes[database].toLocaleString('en-US')} subscriptions on ${database}…\n`);
  rows.push({ database, n: sizes[database], target: targets[database], ...(await runBillingBench(database, sizes[database])) });
}

const s = (ms: number) => (ms / 1000).toFixed(1);
console.log('| database | subscriptions | charged | billing run | per s | raw baseline | run / raw | ledger verify | target | met |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---|---|');
for (const r of rows) {
  console.log(
    `| ${r.database} | ${r.n.toLocaleString('en-US')} | ${r.charged.toLocaleString('en-US')} | ${s(r.runMs)} s | ${Math.round((r.n / r.runMs) * 1000).toLocaleString('en-US')} | ${s(r.rawMs)} s | ${(r.runMs / r.rawMs).toFixed(1)}× | ${s(r.verifyMs)} s (${r.verifyOk ? 'no faults' : '**faults**'}) | ≤ ${r.target} s | ${r.runMs <= r.target * 1000 && r.verifyOk ? 'met' : '**missed**'} |`,
  );
}
const out = path.join(import.meta.dirname, 'results');
mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, 'billing.json'), JSON.stringify({ at: new Date().toISOString(), rows }, null, 2));
process.exit(0);
