/**
 * kill -9 loses nothing (money.md T4): transfers go through the HTTP API of a real server
 * process while every acknowledgement is logged; the server is killed mid-run, restarted,
 * and every request is sent again with its key. Every acknowledged transfer exists exactly
 * once with its first id, none is partial, and the books verify.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { expect, it } from 'vitest';
import { createTestContext } from '../helpers/context';
import { describeEachDatabase, PG_URL } from '../helpers/db';

const root = path.resolve(import.meta.dirname, '../..');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

async function startServer(env: Record<string, string>, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/src/cli/index.ts'), 'serve'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error', DEMO_DATA: 'false', WORKER: 'false', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 300; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.ok) {
        return child;
      }
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error('server did not start');
}

describeEachDatabase('kill -9 mid-run', (t) => {
  it('loses no acknowledged transfer and applies none twice', { timeout: 120_000 }, async () => {
    const ctx = await createTestContext(t().database);
    await ctx.identity.createUser({ login: 'ops', name: '值班员', password: 'Crash-test-pass-1', roles: [{ role: 'operator', tenantType: 'platform', tenantId: 'platform' }] });
    const bank = await ctx.ledger.openAccount({ code: 'BANK_SETTLEMENT', ownerType: 'platform', ownerId: 'bank', name: '银行', noNegative: false });
    const outlet = await ctx.ledger.openAccount({ code: 'OUTLET_PREPAID', ownerType: 'outlet', ownerId: 'o1', name: '网点' });

    // The server process opens the test's own database (the SQLite file, or the PostgreSQL schema).
    const env: Record<string, string> = {
      DATABASE_URL:
        t().dialect === 'sqlite'
          ? `sqlite:${t().location}`
          : `${PG_URL}${PG_URL!.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${t().location}`)}`,
    };
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    let server = await startServer(env, port);

    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'ops', password: 'Crash-test-pass-1' }) });
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const send = (key: string, amount: number) =>
      fetch(`${base}/api/ledger/transfers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
        body: JSON.stringify({ kind: 'single', key, debitAccountId: bank.id, creditAccountId: outlet.id, amount, code: 'DEPOSIT' }),
      });

    const amountOf = (i: number) => 1 + ((i * 7919) % 1000);
    const acked = new Map<string, number>(); // key → transfer id, as the client saw it
    const sent = new Set<string>();
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (!killed && next < 5000) {
        const i = next++;
        const key = `crash-${i}`;
        sent.add(key);
        try {
          const r = await send(key, amountOf(i));
          if (r.ok) {
            acked.set(key, ((await r.json()) as { transfer: { id: number } }).transfer.id);
          }
        } catch {
          // the server died under this request: its outcome is unknown
        }
      }
    };
    const loops = Array.from({ length: 16 }, worker);
    while (acked.size < 400 && next < 5000) {
      await new Promise((r) => setTimeout(r, 5));
    }
    killed = true;
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGKILL');
    await Promise.all(loops);
    await exited;
    const ackedAtKill = new Map(acked);
    expect(ackedAtKill.size).toBeGreaterThanOrEqual(400);

    server = await startServer(env, port);
    try {
      // Replay everything that was sent, acknowledged or not, with the same keys and amounts.
      for (const key of sent) {
        const i = Number(key.slice('crash-'.length));
        const r = await send(key, amountOf(i));
        expect(r.status, key).toBe(200);
        const body = (await r.json()) as { transfer: { id: number }; replay: boolean };
        if (ackedAtKill.has(key)) {
          expect(body).toMatchObject({ replay: true, transfer: { id: ackedAtKill.get(key) } });
        }
      }
    } finally {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGKILL');
      await exited;
    }

    const check = await createTestContext(t().openAnother());
    const report = await check.ledger.verify();
    expect(report.faults).toEqual([]);
    expect(report.transfers).toBe(sent.size);
    const expected = [...sent].reduce((s, key) => s + amountOf(Number(key.slice('crash-'.length))), 0);
    expect(await check.ledger.getBalance(outlet.id)).toMatchObject({ posted: expected });
  });
});
