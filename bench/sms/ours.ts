/**
 * Our server as its own process, as an operator runs it: `yikatong user add` then
 * `yikatong serve` on a fresh DATA_DIR (SQLite), SMS_GATEWAY pointing at the benchmark's
 * centre, then an operator session (cookie + CSRF header) for POST /api/sms/messages.
 *
 * The code under test is frozen at the start of the run: `server/bin/yikatong.js` rebuilds
 * server/dist when the sources are newer, then the bundle is copied into the run's folder
 * (with links to the repository's node_modules and console), so every round runs the same
 * build even while others edit server/src.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { LoadRequest } from './loader';
import { freePort, runProc, sleep, spawnProc, stopProc, type Proc } from './procs';
import type { Sms } from './workload';

const root = path.resolve(import.meta.dirname, '../..');

export interface Bundle {
  /** The frozen server/dist/yikatong.js. */
  file: string;
  sha256: string;
}

/** Rebuilds server/dist if stale (through the bin), then freezes a copy under `dir`. */
export async function freezeBundle(dir: string): Promise<Bundle> {
  await runProc('yikatong --version', process.execPath, [path.join(root, 'server/bin/yikatong.js'), '--version'], { cwd: root, env: { PATH: process.env.PATH ?? '' } });
  const app = path.join(dir, 'app');
  mkdirSync(path.join(app, 'server', 'dist'), { recursive: true });
  const file = path.join(app, 'server', 'dist', 'yikatong.js');
  copyFileSync(path.join(root, 'server/dist/yikatong.js'), file);
  copyFileSync(path.join(root, 'server/dist/yikatong.js.map'), `${file}.map`);
  copyFileSync(path.join(root, 'package.json'), path.join(app, 'package.json'));
  symlinkSync(path.join(root, 'node_modules'), path.join(app, 'node_modules'));
  symlinkSync(path.join(root, 'console'), path.join(app, 'console'));
  return { file, sha256: createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16) };
}

export interface Ours {
  proc: Proc;
  url: string;
  dataDir: string;
  headers: Record<string, string>;
  /** SIGKILL: what was acknowledged must be in the database anyway. */
  crash(): Promise<void>;
  /** SIGTERM and wait (a CPU profile is written on a clean exit). */
  stop(): Promise<void>;
}

export const SMS_CAPS = 'verification=1000000/1d;notice=1000000/1d;service=1000000/1d;marketing=1000000/1d';

/** opts.nodeArgs go before the script (--cpu-prof, --import a preload); opts.env adds to the environment. */
export async function startOurs(bundle: Bundle, dataDir: string, gateway: string, opts: { nodeArgs?: string[]; env?: Record<string, string> } = {}): Promise<Ours> {
  mkdirSync(dataDir, { recursive: true });
  const port = await freePort();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'false',
    SMS_GATEWAY: gateway,
    SMS_CAPS,
    ...opts.env,
  };
  const added = await runProc('yikatong user add', process.execPath, [bundle.file, 'user', 'add', '--login', 'bench', '--name', '压测', '--role', 'operator'], { cwd: dataDir, env });
  const password = /初始密码：(\S+)/.exec(added)?.[1];
  if (!password) {
    throw new Error(`yikatong user add printed no password:\n${added}`);
  }
  const proc = spawnProc('yikatong serve', process.execPath, [...(opts.nodeArgs ?? []), bundle.file, 'serve'], { cwd: dataDir, env });
  const url = `http://127.0.0.1:${port}`;
  try {
    const end = Date.now() + 30_000;
    for (;;) {
      const up = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
      if (up) {
        break;
      }
      if (Date.now() > end || proc.child.exitCode !== null) {
        throw new Error(`our server did not come up:\n${proc.tail.join('\n')}`);
      }
      await sleep(50);
    }
    const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'bench', password }) });
    if (!login.ok) {
      throw new Error(`login: ${login.status} ${await login.text()}`);
    }
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    return {
      proc,
      url,
      dataDir,
      headers: { cookie, 'x-csrf-token': csrfToken },
      crash: () => stopProc(proc, 'SIGKILL'),
      stop: () => stopProc(proc, 'SIGTERM', 15_000),
    };
  } catch (e) {
    await stopProc(proc, 'SIGKILL');
    throw e;
  }
}

export function oursRequest(m: Sms, key: string): LoadRequest {
  return { method: 'POST', path: '/api/sms/messages', body: JSON.stringify({ to: m.to, text: m.text, key, class: 'notice' }) };
}

export interface Stored {
  messages: number;
  /** Messages whose key starts with the prefix given. */
  withPrefix: number;
  partsByStatus: Record<string, number>;
}

/** Reads what a stopped server left in its database (after a SIGKILL: the WAL is recovered). */
export function storedIn(dataDir: string, keyPrefix: string): Stored {
  const db = new Database(path.join(dataDir, 'yikatong.sqlite'));
  try {
    const messages = (db.prepare('select count(*) as n from sms_messages').get() as { n: number }).n;
    const withPrefix = (db.prepare("select count(*) as n from sms_messages where key like ? escape '\\'").get(`%:${keyPrefix.replace(/[%_\\]/g, '\\$&')}%`) as { n: number }).n;
    const partsByStatus = Object.fromEntries(
      (db.prepare('select status, count(*) as n from sms_parts group by status').all() as { status: string; n: number }[]).map((r) => [r.status, r.n]),
    );
    return { messages, withPrefix, partsByStatus };
  } finally {
    db.close();
  }
}
