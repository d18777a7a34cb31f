/**
 * A real `yikatong serve` process on a free port, for crash tests: started with its own
 * environment, killed with SIGKILL, restarted on the same database. Plus a client that drives
 * ledger transfers through the HTTP API as an operator.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

export async function startServerProcess(env: Record<string, string>, port: number): Promise<ChildProcess> {
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

export async function killServerProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

/** Logs in as `login` and returns a function that posts one deposit transfer with a key. */
export async function transferClient(base: string, login: string, password: string, accounts: { debit: string; credit: string }) {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password }) });
  if (!res.ok) {
    throw new Error(`login failed: ${res.status}`);
  }
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return (key: string, amount: number) =>
    fetch(`${base}/api/ledger/transfers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ kind: 'single', key, debitAccountId: accounts.debit, creditAccountId: accounts.credit, amount, code: 'DEPOSIT' }),
    });
}

/**
 * Sends transfers `${prefix}-0`, `${prefix}-1`, … from 16 concurrent loops until `stop()` is
 * called; records every key sent and the transfer id of every acknowledged one.
 */
export function driveTransfers(send: (key: string, amount: number) => Promise<Response>, prefix: string, amountOf: (i: number) => number, max = 5000) {
  const acked = new Map<string, number>();
  const sent = new Set<string>();
  let next = 0;
  let stopped = false;
  const loop = async () => {
    while (!stopped && next < max) {
      const i = next++;
      const key = `${prefix}-${i}`;
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
  const loops = Array.from({ length: 16 }, loop);
  return {
    acked,
    sent,
    async waitForAcks(n: number) {
      while (acked.size < n && next < max) {
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    async stop() {
      stopped = true;
      await Promise.all(loops);
    },
  };
}
