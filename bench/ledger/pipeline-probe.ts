/**
 * The ledger's pipelined batches on PostgreSQL, on and off:
 *   node --import tsx bench/ledger/pipeline-probe.ts [transfers] [inFlight] [rounds]
 * (PostgreSQL from BENCH_PG_URL or TEST_DATABASE_URL). The monthly billing run's shape:
 * single transfers, all from one account to one other, each with its own scope, submitted as
 * `ledger.apply([req])` with about 4,000 calls in flight. Each round runs on a fresh schema
 * through the application context, with LEDGER_PIPELINE=off, then on, alternately (so a
 * noisy neighbour hurts both alike), and checks the books with `ledger.verify()` after.
 * `busy` is how busy the whole machine's CPUs were during the run (this process, PostgreSQL
 * and anything else): a run that shared the machine reads lower.
 */
import { cpus } from 'node:os';
import { benchContext, withFreshDatabase } from '../school/common';
import { closedLoop, timing, type Timing } from './workload';

const [nArg = '200000', inFlightArg = '4000', roundsArg = '2'] = process.argv.slice(2);
const n = Number(nArg);
const inFlight = Number(inFlightArg);
const rounds = Number(roundsArg);

/** Busy and total CPU time of the machine so far (ms, all cores). */
function machineCpu(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const c of cpus()) {
    const t = c.times.user + c.times.nice + c.times.sys + c.times.irq + c.times.idle;
    total += t;
    busy += t - c.times.idle;
  }
  return { busy, total };
}

type Row = Timing & { pipeline: string; round: number; busyPct: number };

async function once(pipeline: boolean, round: number): Promise<Row> {
  process.env.LEDGER_PIPELINE = pipeline ? 'on' : 'off';
  return withFreshDatabase(`pipe${pipeline ? 'on' : 'off'}`, 'postgres', async (database) => {
    const ctx = await benchContext(database);
    const open = (code: string, ownerId: string) => ctx.ledger.openAccount({ code, ownerType: 'platform', ownerId, name: code, noNegative: false });
    const debit = (await open('CARRIER_RECEIVABLE', 'carrier')).id;
    const credit = (await open('FEE_INCOME', 'platform')).id;
    const month = '202609';
    const cpu0 = machineCpu();
    const sample = await closedLoop(n, inFlight, async (i) => {
      const [r] = await ctx.ledger.apply([
        { kind: 'single', scope: `billing:s${i}`, key: month, debitAccountId: debit, creditAccountId: credit, amount: 800, code: 'SUB_FEE', metadata: { service: 'jx', month } },
      ]);
      if (!r?.ok || r.replay) {
        throw new Error(`transfer ${i}: ${JSON.stringify(r)}`);
      }
    });
    const cpu1 = machineCpu();
    const busyPct = Math.round((100 * (cpu1.busy - cpu0.busy)) / (cpu1.total - cpu0.total));
    const report = await ctx.ledger.verify();
    if (report.faults.length > 0 || report.transfers !== n) {
      throw new Error(`verify: ${report.transfers} transfers, faults ${JSON.stringify(report.faults.slice(0, 3))}`);
    }
    const balance = await ctx.ledger.getBalance(credit);
    if (balance.posted !== 800 * n) {
      throw new Error(`FEE_INCOME holds ${balance.posted}, expected ${800 * n}`);
    }
    return { pipeline: pipeline ? 'on' : 'off', round, busyPct, ...timing(sample) };
  });
}

const rows: Row[] = [];
for (let round = 1; round <= rounds; round++) {
  for (const pipeline of [false, true]) {
    const r = await once(pipeline, round);
    rows.push(r);
    process.stdout.write(`round ${round}, pipeline ${r.pipeline}: ${r.perSecond.toLocaleString('en')} transfers/s (${(r.ms / 1000).toFixed(1)} s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, machine ${r.busyPct} % busy)\n`);
  }
}
const best = (p: string) => Math.max(...rows.filter((r) => r.pipeline === p).map((r) => r.perSecond));
console.log(`\n| pipeline | round | transfers | s | transfers/s | p50 ms | p99 ms | machine busy |\n|---|---|---|---|---|---|---|---|`);
for (const r of rows) {
  console.log(`| ${r.pipeline} | ${r.round} | ${r.transfers.toLocaleString('en')} | ${(r.ms / 1000).toFixed(1)} | ${r.perSecond.toLocaleString('en')} | ${r.p50Ms} | ${r.p99Ms} | ${r.busyPct} % |`);
}
console.log(`\nbest: off ${best('off').toLocaleString('en')}/s, on ${best('on').toLocaleString('en')}/s (×${(best('on') / best('off')).toFixed(2)}); 1,000,000 at the best "on" rate: ${(1_000_000 / best('on')).toFixed(1)} s`);
console.log(JSON.stringify({ n, inFlight, rows }));
