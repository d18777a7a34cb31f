/**
 * Child processes of the SMS benchmark (Kannel's two boxes, our server, the CLI): started with
 * their output kept in a short ring buffer, CPU read from /proc/<pid>/stat, and all of them
 * killed when the benchmark ends, fails or is interrupted.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';

const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

export interface Proc {
  name: string;
  pid: number;
  child: ChildProcess;
  /** The last lines of stdout and stderr together. */
  tail: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the first stdout/stderr line that matches. */
  waitForLine(re: RegExp, timeoutMs: number): Promise<string>;
}

const live = new Set<Proc>();

export function spawnProc(name: string, command: string, args: string[], opts: { cwd: string; env: Record<string, string> }): Proc {
  const child = spawn(command, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) {
    throw new Error(`${name}: could not start ${command}`);
  }
  const tail: string[] = [];
  const watchers = new Set<(line: string) => void>();
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') {
        continue;
      }
      tail.push(line);
      if (tail.length > 60) {
        tail.shift();
      }
      for (const w of watchers) {
        w(line);
      }
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      live.delete(proc);
      resolve({ code, signal });
    });
  });
  const proc: Proc = {
    name,
    pid: child.pid,
    child,
    tail,
    exited,
    waitForLine(re, timeoutMs) {
      const seen = tail.find((l) => re.test(l));
      if (seen !== undefined) {
        return Promise.resolve(seen);
      }
      return new Promise((resolve, reject) => {
        const done = () => {
          clearTimeout(timer);
          watchers.delete(watch);
        };
        const watch = (line: string) => {
          if (re.test(line)) {
            done();
            resolve(line);
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`${name}: no line matching ${String(re)} within ${timeoutMs} ms; last output:\n${tail.slice(-15).join('\n')}`));
        }, timeoutMs);
        watchers.add(watch);
        void exited.then(({ code, signal }) => {
          if (watchers.has(watch)) {
            done();
            reject(new Error(`${name} exited (${code ?? signal}) before printing ${String(re)}; last output:\n${tail.slice(-15).join('\n')}`));
          }
        });
      });
    },
  };
  live.add(proc);
  return proc;
}

/** Runs a command to completion; rejects on a non-zero exit. Resolves with its stdout. */
export async function runProc(name: string, command: string, args: string[], opts: { cwd: string; env: Record<string, string> }): Promise<string> {
  const p = spawnProc(name, command, args, opts);
  let out = '';
  p.child.stdout!.on('data', (c: Buffer) => {
    out += c.toString('utf8');
  });
  const { code, signal } = await p.exited;
  if (code !== 0) {
    throw new Error(`${name} failed (${code ?? signal}):\n${p.tail.join('\n')}`);
  }
  return out;
}

/** SIGTERM (or `signal`), then SIGKILL after graceMs. Resolves when the process is gone. */
export async function stopProc(p: Proc, signal: NodeJS.Signals = 'SIGTERM', graceMs = 5_000): Promise<void> {
  if (!live.has(p)) {
    return;
  }
  p.child.kill(signal);
  const timer = setTimeout(() => p.child.kill('SIGKILL'), graceMs);
  await p.exited;
  clearTimeout(timer);
}

export async function stopAll(): Promise<void> {
  await Promise.all([...live].map((p) => stopProc(p, 'SIGKILL')));
}

// Last resort: whatever is still running when this process exits goes with it.
process.on('exit', () => {
  for (const p of live) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/** utime + stime of a process (all its threads), in ms. */
export function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; fields after it are space-separated.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): utime is field 14, stime field 15.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}

/** CPU time of the whole machine, all cores, in ms: busy (everything but idle and iowait) and total. */
export function machineCpuMs(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const v = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = v.reduce((a, b) => a + b, 0);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  return { busy: ((total - idle) * 1000) / CLK_TCK, total: (total * 1000) / CLK_TCK };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

/** Resolves once something accepts TCP connections on 127.0.0.1:port. */
export async function waitForPort(port: number, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = new Socket();
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
      s.connect(port, '127.0.0.1');
    });
    if (ok) {
      return;
    }
    if (Date.now() > until) {
      throw new Error(`${what}: nothing listens on port ${port} after ${timeoutMs} ms`);
    }
    await sleep(50);
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `predicate` every `everyMs` until it holds; rejects after `timeoutMs`. */
export async function until(predicate: () => boolean, timeoutMs: number, what: string, everyMs = 20): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await sleep(everyMs);
  }
}
