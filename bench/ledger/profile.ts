/**
 * One ledger scenario on its own, for profiling:
 *   node --import tsx bench/ledger/profile.ts sqlite|postgres clients transfers [instances] [uniform|zipf]
 * (postgres needs BENCH_PG_URL or TEST_DATABASE_URL). Prints throughput and p50/p99. With
 * PROFILE=file.cpuprofile it writes a V8 CPU profile of the measured part only (not the setup).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ledgerModule, type LedgerModule } from '../../server/src/modules/ledger';
import { systemClock } from '../../server/src/platform/clock';
import { openPostgres, openSqlite, type Database } from '../../server/src/platform/db/database';
import { migrateToLatest } from '../../server/src/platform/db/migrate';
import { openAccounts } from './accounts';
import { amountOf, closedLoop, makePairs, timing } from './workload';

const [dialect = 'sqlite', clientsArg = '64', nArg = '100000', instancesArg = '1', mixArg = 'uniform'] = process.argv.slice(2);
const clients = Number(clientsArg);
const n = Number(nArg);
const url = process.env.BENCH_PG_URL ?? process.env.TEST_DATABASE_URL;
if (dialect === 'postgres' && !url) {
  throw new Error('set BENCH_PG_URL or TEST_DATABASE_URL');
}
const dir = mkdtempSync(path.join(tmpdir(), 'yk-prof-'));
const schema = `prof_${process.pid}`;
const opened: Database[] = [];
const open = (): Database => {
  const d = dialect === 'sqlite' ? openSqlite(path.join(dir, 'l.sqlite')) : openPostgres(url!, { schema });
  opened.push(d);
  return d;
};
let admin: pg.Client | null = null;
try {
  if (dialect === 'postgres') {
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
  }
  const database = open();
  await migrateToLatest(database);
  const first = ledgerModule({ database, clock: systemClock });
  const ids = await openAccounts(first);
  const ledgers: LedgerModule[] = [first, ...Array.from({ length: Number(instancesArg) - 1 }, () => ledgerModule({ database: open(), clock: systemClock }))];
  const p = makePairs(mixArg === 'zipf' ? 'zipf' : 'uniform', n, 7);
  const session = process.env.PROFILE ? new Session() : null;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  const sample = await closedLoop(n, clients, (i, c) =>
    ledgers[c % ledgers.length]!.transfer({ kind: 'single', scope: 'bench', key: `p-${i}`, debitAccountId: ids[p.debit[i]!]!, creditAccountId: ids[p.credit[i]!]!, amount: amountOf(i), code: 'TRANSFER' }),
  );
  if (session) {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(process.env.PROFILE!, JSON.stringify(profile));
    session.disconnect();
  }
  console.log(JSON.stringify({ dialect, clients, instances: ledgers.length, ...timing(sample) }));
} finally {
  await Promise.all(opened.map((d) => d.close()));
  if (admin) {
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
  rmSync(dir, { recursive: true, force: true });
}
