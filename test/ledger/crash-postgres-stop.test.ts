/**
 * The database dies, not the server (money.md T4, issue 3 test 7): a private PostgreSQL
 * cluster is stopped with `pg_ctl stop -m immediate` (no shutdown checkpoint, WAL replay on
 * the next start, as after a power cut) while a real server process is committing transfers
 * through the HTTP API. The cluster is started again, the same server carries on, and every
 * request is sent again with its key: every acknowledged transfer exists exactly once with its
 * first id, none is partial, and the books verify.
 *
 * It needs PostgreSQL's server binaries (`initdb`, `pg_ctl`) and, when run as root, the
 * `postgres` system user to own the cluster. Where they are missing it is skipped and says
 * why; with REQUIRE_POSTGRES=1 (CI) a skip is a failure.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../server/src/platform/db/database';
import { createTestContext } from '../helpers/context';
import { driveTransfers, freePort, killServerProcess, startServerProcess, transferClient } from '../helpers/server-process';

function which(cmd: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

const isRoot = process.getuid?.() === 0;
const pgUid = isRoot ? spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }) : null;
const missing = [
  which('initdb') ? null : 'initdb',
  which('pg_ctl') ? null : 'pg_ctl',
  isRoot && (pgUid?.status !== 0 || !which('runuser')) ? 'the postgres system user (running as root)' : null,
].filter((m): m is string => m !== null);

if (missing.length > 0) {
  const why = `PostgreSQL immediate-stop crash test skipped: missing ${missing.join(', ')}`;
  if (process.env.REQUIRE_POSTGRES === '1') {
    throw new Error(`${why} (REQUIRE_POSTGRES=1)`);
  }
  console.warn(why);
}

/** Runs a PostgreSQL server binary as the cluster's owner. */
function asOwner(cmd: string, args: string[]): void {
  const [file, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  execFileSync(file, argv, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 });
}

describe.skipIf(missing.length > 0)('PostgreSQL stopped with pg_ctl stop -m immediate mid-run', () => {
  let dir = '';
  let port = 0;
  const pgctl = (...args: string[]) => asOwner('pg_ctl', ['-D', path.join(dir, 'data'), '-w', '-t', '60', ...args]);
  const start = () => pgctl('-l', path.join(dir, 'log'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on`, 'start');

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'yk-pgcrash-'));
    chmodSync(dir, 0o755);
    if (isRoot && pgUid) {
      const uid = Number(pgUid.stdout.trim());
      chownSync(dir, uid, uid);
    }
    port = await freePort();
    asOwner('initdb', ['-D', path.join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-instructions', '--no-sync']);
    start();
  }, 120_000);

  afterAll(() => {
    if (dir) {
      try {
        pgctl('-m', 'immediate', 'stop');
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loses no acknowledged transfer and applies none twice', { timeout: 180_000 }, async () => {
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    const setup = openPostgres(url);
    const ctx = await createTestContext(setup);
    await ctx.identity.createUser({ login: 'ops', name: '值班员', password: 'Crash-test-pass-1', roles: [{ role: 'operator', tenantType: 'platform', tenantId: 'platform' }] });
    const bank = await ctx.ledger.openAccount({ code: 'BANK_SETTLEMENT', ownerType: 'platform', ownerId: 'bank', name: '银行', noNegative: false });
    const outlet = await ctx.ledger.openAccount({ code: 'OUTLET_PREPAID', ownerType: 'outlet', ownerId: 'o1', name: '网点' });
    await setup.close();

    const httpPort = await freePort();
    const server = await startServerProcess({ DATABASE_URL: url }, httpPort);
    try {
      const send = await transferClient(`http://127.0.0.1:${httpPort}`, 'ops', 'Crash-test-pass-1', { debit: bank.id, credit: outlet.id });
      const amountOf = (i: number) => 1 + ((i * 7919) % 1000);
      const drive = driveTransfers(send, 'pgstop', amountOf);
      await drive.waitForAcks(400);

      // The database vanishes mid-commit; the server stays up and answers errors meanwhile.
      pgctl('-m', 'immediate', 'stop');
      const ackedAtStop = new Map(drive.acked);
      await new Promise((r) => setTimeout(r, 300));
      await drive.stop();
      const { sent } = drive;
      expect(ackedAtStop.size).toBeGreaterThanOrEqual(400);
      // Acknowledged while the database was going down: they must exist too.
      const acked = new Map(drive.acked);
      expect(sent.size).toBeGreaterThan(acked.size);

      start();
      // The same server process reconnects: replay everything sent, with the same keys.
      let replayed = 0;
      for (const key of sent) {
        const i = Number(key.slice('pgstop-'.length));
        let r = await send(key, amountOf(i));
        // The first requests after the restart may still meet a pooled connection that died.
        for (let attempt = 0; r.status >= 500 && attempt < 20; attempt++) {
          await new Promise((res) => setTimeout(res, 100));
          r = await send(key, amountOf(i));
        }
        expect(r.status, key).toBe(200);
        const body = (await r.json()) as { transfer: { id: number }; replay: boolean };
        if (acked.has(key)) {
          expect(body, key).toMatchObject({ replay: true, transfer: { id: acked.get(key) } });
        }
        replayed += body.replay ? 1 : 0;
      }
      expect(replayed).toBeGreaterThanOrEqual(acked.size);

      const check = openPostgres(url);
      try {
        const after = await createTestContext(check);
        const report = await after.ledger.verify();
        expect(report.faults).toEqual([]);
        expect(report.transfers).toBe(sent.size);
        const expected = [...sent].reduce((s, key) => s + amountOf(Number(key.slice('pgstop-'.length))), 0);
        expect(await after.ledger.getBalance(outlet.id)).toMatchObject({ posted: expected });
      } finally {
        await check.close();
      }
    } finally {
      await killServerProcess(server);
    }
  });
});
