/**
 * Transfers through HTTP: the real server started in this process (as test/helpers/server.ts
 * does) on a fresh SQLite database, 10,000 funded accounts opened through its ledger module,
 * an administrator logged in, then autocannon (in a worker thread, so it does not share the
 * server's event loop) POSTs /api/ledger/transfers over 50 loopback connections, each
 * request with a unique key. Raw baseline in the same run: a bare Fastify route doing the
 * raw SQLite transfer (bench/ledger/raw.ts) per request, no session, no ledger.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { sql } from 'kysely';
import { startServer } from '../../server/src/main';
import { loadConfig } from '../../server/src/platform/config';
import { openSqlite } from '../../server/src/platform/db/database';
import { openAccounts } from './accounts';
import { rawSqlite } from './raw';
import { ACCOUNTS, makePairs, sqliteOf } from './workload';

const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 15);
const CONNECTIONS = 50;
const TEMPLATES = 2_000;

export interface HttpRun {
  variant: string;
  connections: number;
  seconds: number;
  ok: number;
  errors: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Request templates over distinct account pairs; autocannon puts a fresh id in each `[<id>]`. */
function templates(ids: string[], pathName: string, headers: Record<string, string>, body: (d: string, c: string, amount: number) => object) {
  const p = makePairs('uniform', TEMPLATES, 4242);
  return Array.from({ length: TEMPLATES }, (_v, i) => ({
    method: 'POST' as const,
    path: pathName,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body(ids[p.debit[i]!]!, ids[p.credit[i]!]!, 1 + (i % 100))),
  }));
}

async function cannon(variant: string, url: string, requests: ReturnType<typeof templates>, seconds: number): Promise<HttpRun> {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: seconds, workers: 1, idReplacement: true, requests });
  const ok = r['2xx'];
  return {
    variant,
    connections: CONNECTIONS,
    seconds,
    ok,
    errors: r.non2xx + r.errors + r.timeouts,
    perSecond: Math.round(ok / seconds),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    maxMs: r.latency.max,
  };
}

/** The bare route: parse JSON, one raw SQLite transaction, reply 201. */
async function rawRun(dir: string, log: (m: string) => void): Promise<HttpRun> {
  const database = openSqlite(path.join(dir, 'raw-http.sqlite'));
  const ids = Array.from({ length: ACCOUNTS }, (_v, i) => `acct-${String(i).padStart(6, '0')}`);
  const raw = rawSqlite(sqliteOf(database), ids);
  const app = Fastify();
  app.post('/transfer', async (request, reply) => {
    const b = request.body as { key: string; debitAccountId: string; creditAccountId: string; amount: number };
    raw.one(b.key, b.debitAccountId, b.creditAccountId, b.amount);
    return reply.code(201).send({ ok: true });
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const reqs = templates(ids, '/transfer', {}, (d, c, amount) => ({ key: 'raw-[<id>]', debitAccountId: d, creditAccountId: c, amount }));
    await cannon('warm-up', url, reqs, 3);
    const r = await cannon('raw: bare Fastify route + raw SQLite transaction', url, reqs, SECONDS);
    log(`http raw: ${r.perSecond}/s p50 ${r.p50Ms} ms p99 ${r.p99Ms} ms, ${r.errors} errors`);
    return r;
  } finally {
    await app.close();
    await database.close();
  }
}

export async function httpBench(log: (m: string) => void): Promise<{ runs: HttpRun[]; summary: Record<string, unknown>; skipped?: string } | null> {
  const dir = mkdtempSync(path.join(tmpdir(), 'yk-bench-http-'));
  try {
    const runs: HttpRun[] = [await rawRun(dir, log)];
    const config = loadConfig({ DATA_DIR: dir, PORT: '1', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DEMO_DATA: 'false' });
    const s = await startServer({ ...config, port: 0 }, { consoleDir: null });
    try {
      const url = s.url.replace('localhost', '127.0.0.1');
      if (!s.firstAdmin) {
        throw new Error('a fresh database should have created the first administrator');
      }
      const login = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: s.firstAdmin.login, password: s.firstAdmin.password }),
      });
      const sessionCookie = /yk_session=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1];
      const { csrfToken } = (await login.json()) as { csrfToken: string };
      if (!login.ok || !sessionCookie) {
        throw new Error(`login failed: ${login.status}`);
      }
      const headers = { cookie: `yk_session=${sessionCookie}`, 'x-csrf-token': csrfToken };
      const ids = await openAccounts(s.ctx.ledger);
      const body = (d: string, c: string, amount: number, key: string) => ({ kind: 'single', key, debitAccountId: d, creditAccountId: c, amount, code: 'TRANSFER' });

      const probe = await fetch(`${url}/api/ledger/transfers`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body(ids[0]!, ids[1]!, 1, 'probe')) });
      if (!probe.ok) {
        const skipped = `POST /api/ledger/transfers answered ${probe.status} ${await probe.text()}`;
        log(`http: skipped: ${skipped}`);
        return { runs, summary: { skipped }, skipped };
      }
      const reqs = templates(ids, '/api/ledger/transfers', headers, (d, c, amount) => body(d, c, amount, 'h-[<id>]'));
      const head = async () => (await sql<{ n: number }>`select last_id as n from ledger_head where id = 1`.execute(s.ctx.database.db)).rows[0]!.n;
      /** The head once requests cut off when autocannon stopped have been applied (they are not counted). */
      const settled = async () => {
        for (let last = -1; ; ) {
          const n = await head();
          if (n === last) {
            return n;
          }
          last = n;
          await new Promise((r) => setTimeout(r, 200));
        }
      };
      await cannon('warm-up', url, reqs, 3);
      const before = await settled();
      // PROFILE_HTTP=file.cpuprofile: a CPU profile of the server's thread during the measured run.
      const profiler = process.env.PROFILE_HTTP ? new Session() : null;
      if (profiler) {
        profiler.connect();
        await profiler.post('Profiler.enable');
        await profiler.post('Profiler.start');
      }
      const r = await cannon('ledger: POST /api/ledger/transfers', url, reqs, SECONDS);
      if (profiler) {
        writeFileSync(process.env.PROFILE_HTTP!, JSON.stringify((await profiler.post('Profiler.stop')).profile));
        profiler.disconnect();
      }
      const written = (await settled()) - before;
      // Requests in flight when autocannon stops are applied but not counted: at most one per connection.
      if (written < r.ok || written > r.ok + CONNECTIONS) {
        throw new Error(`${r.ok} requests answered 2xx but the journal grew by ${written}`);
      }
      log(`http ledger: ${r.perSecond}/s p50 ${r.p50Ms} ms p99 ${r.p99Ms} ms, ${r.errors} errors`);
      runs.push(r);
      const report = await s.ctx.ledger.verify();
      if (report.faults.length > 0) {
        throw new Error(`the ledger does not verify after the HTTP run: ${JSON.stringify(report.faults.slice(0, 3))}`);
      }
      return {
        runs,
        summary: { 'ledger per s': r.perSecond, 'p50 ms': r.p50Ms, 'p99 ms': r.p99Ms, errors: r.errors, 'raw per s': runs[0]!.perSecond, 'vs raw': Math.round((r.perSecond / runs[0]!.perSecond) * 100) / 100 },
      };
    } finally {
      await s.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
