/**
 * SMS sending throughput and CPU per part, against Kannel as the peer in the same run.
 *
 * - Kannel 1.4.5 (bench/sms/kannel.ts): HTTP sendsms → smsbox → bearerbox with its file
 *   store → one SMPP transceiver bind, configured as /work/shared/reference/kannel-peer.md.
 * - Ours over SMPP: `yikatong serve` (fresh DATA_DIR, SQLite) → POST /api/sms/messages as an
 *   operator → durable outbox (the message and its parts committed before the 200) →
 *   delivery → SMPP gateway (window 16, one connection) → the same SMS centre.
 * - Ours over CMPP 2.0: the same server with a cmpp:// gateway (window 16, one connection,
 *   rate limit off) to our ISMG simulator.
 *
 * Each run gets a fresh SMS centre in this process (server/src/adapters/sms: SMPP centre or
 * ISMG simulator, receipts 100 ms after the submit) and a fresh sender; the same N messages
 * (half ASCII, half Chinese, one part each, distinct numbers: bench/sms/workload.ts) go
 * through the same loader (bench/sms/loader.ts: node:http, 50 requests in flight, in a worker
 * thread). A warm-up of BENCH_SMS_WARMUP other messages goes first and is not counted.
 * Measured from the first request to the arrival of the last part at the centre: parts/s at
 * the centre, and the sender's CPU (utime + stime from /proc/<pid>/stat: our server's one
 * process; Kannel's bearerbox + smsbox) over the same interval per part. Rounds run
 * interleaved, Kannel / ours SMPP / ours CMPP, BENCH_SMS_ROUNDS times; medians over rounds.
 *
 * - Raw baseline (bench/sms/floor-server.mjs): node:http → SQLite, acknowledged after a group
 *   fsync off the event loop → the `smpp` package, with receipts stored before they are
 *   acknowledged, and nothing else: the floor a Node process reaches under the same rules.
 *
 * Durability: after each of our runs (and the baseline's) the process is killed with SIGKILL
 * and its database must hold every message it answered 200 for.
 *
 * Intake (BENCH_ONLY=intake, diagnostic): our send path alone, with the centre holding its
 * responses so that nothing is dispatched after the first window: CPU per acknowledged request.
 *
 * Bulk: one POST /api/sms/bulks with BENCH_SMS_BULK recipients (10,000) to a server whose SMPP
 * link is limited to rate=100 parts/s: time to the 200 (enqueued), then the drain rate at the
 * centre over BENCH_SMS_DRAIN_SECONDS (30 s ≈ 3,000 parts) from the first part; the rest of
 * the bulk is not waited for.
 *
 * Profile (BENCH_SMS_PROFILE=1, or a folder to keep the files in; BENCH_SMS_PROFILE_KIND=cmpp
 * for the CMPP path): one more SMPP run of ours
 * under `node --cpu-prof` (self time by area, by owning server file, by file, by function, over
 * the measured window: bench/sms/profile.ts), then one with bench/sms/sql-trace.mjs preloaded
 * (every SQLite statement timed, by SQL text). Neither counts as a round.
 *
 * Run: npm run bench:sms. Knobs: BENCH_SMS_N (20000), BENCH_SMS_ROUNDS (2), BENCH_SMS_WARMUP
 * (1000), BENCH_SMS_BULK (10000), BENCH_SMS_DRAIN_SECONDS (30), BENCH_SMS_PROFILE,
 * BENCH_ONLY=kannel,smpp,cmpp,floor,bulk,intake,profile (default: kannel,smpp,cmpp,floor,bulk, and
 * profile when BENCH_SMS_PROFILE is set).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { cmppCentre, ISMG_SP, SMSC_PASSWORD, SMSC_SYSTEM_ID, smppCentre, type Centre } from './sms/centre';
import { kannelRequest, startKannel } from './sms/kannel';
import { prepareLoad, type LoadRequest, type LoadResult } from './sms/loader';
import { freezeBundle, oursRequest, startOurs, storedIn, type Bundle, type Stored } from './sms/ours';
import { cpuMsOf, freePort, machineCpuMs, sleep, spawnProc, stopAll, stopProc, until } from './sms/procs';
import { summariseProfile, type ProfileSummary } from './sms/profile';
import { assertOnePart, messages, msisdn } from './sms/workload';

const N = Number(process.env.BENCH_SMS_N ?? 20_000);
const ROUNDS = Number(process.env.BENCH_SMS_ROUNDS ?? 2);
const WARMUP = Number(process.env.BENCH_SMS_WARMUP ?? 1_000);
const BULK = Number(process.env.BENCH_SMS_BULK ?? 10_000);
const DRAIN_SECONDS = Number(process.env.BENCH_SMS_DRAIN_SECONDS ?? 30);
const BULK_RATE = 100;
const CONNECTIONS = 50;
const PROFILE = process.env.BENCH_SMS_PROFILE;
/** Which of our paths the profile runs: smpp (default) or cmpp. */
const PROFILE_KIND = process.env.BENCH_SMS_PROFILE_KIND === 'cmpp' ? 'cmpp' : 'smpp';
const ONLY = new Set((process.env.BENCH_ONLY ?? `kannel,smpp,cmpp,floor,bulk${PROFILE ? ',profile' : ''}`).split(','));
/** No part for this long: the run has stalled. */
const STALL_MS = 60_000;

const KANNEL = 'Kannel 1.4.5 (sendsms → smsbox → bearerbox, file store) → SMPP';
const OURS_SMPP = 'ours: POST /api/sms/messages → outbox → SMPP gateway';
const OURS_CMPP = 'ours: POST /api/sms/messages → outbox → CMPP 2.0 gateway → ISMG';
const FLOOR = 'raw baseline: node:http → SQLite, group fsync off the event loop → smpp package';

interface Run {
  variant: string;
  round: number;
  messages: number;
  /** 2xx answers to the loader. */
  acknowledged: number;
  /** Parts that arrived at the centre in the measured interval. */
  parts: number;
  seconds: number;
  partsPerSecond: number;
  /** Acknowledged requests per second, from the first request to the last answer. */
  httpPerSecond: number;
  httpP50Ms: number;
  httpP99Ms: number;
  cpuMs: number;
  cpuMsPerPart: number;
  cpuMsByProcess: Record<string, number>;
  /** This process (loader thread + centre), per part: the same work for every sender. */
  benchCpuMsPerPart: number;
  /** Cores busy on the whole machine during the run, and of those, cores used by other work than the sender and this process. */
  machineBusyCores: number;
  otherCores: number;
  byCoding: Record<string, number>;
  refusedByCentre: number;
  statuses: Record<string, number>;
  errors: number;
  samples: string[];
  /** Ours only: what the database held after SIGKILL. */
  stored?: Stored;
  durable?: boolean;
}

const runs: Run[] = [];
const notes: string[] = [];
const started = performance.now();
let bulk: Record<string, unknown> | null = null;
let intake: Record<string, number> | null = null;
let profile = null as (ProfileSummary & { run: Run }) | null;
let sqlTrace = null as {
  partsPerSecond: number;
  cpuMsPerPart: number;
  parts: number;
  windowMs: number;
  sqliteMs: number;
  statementsPerPart: number;
  rows: { sql: string; calls: number; perPart: number; ms: number; usPerCall: number; percentOfSqlite: number }[];
} | null;

function log(msg: string): void {
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${msg}\n`);
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const round3 = (x: number) => Math.round(x * 1000) / 1000;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Waits until `count()` reaches `target`, failing when no part arrives for STALL_MS. */
async function arrivals(centre: Centre, target: () => number | null, what: string): Promise<void> {
  let last = centre.count();
  let lastChange = Date.now();
  for (;;) {
    const t = target();
    const n = centre.count();
    if (t !== null && n >= t) {
      return;
    }
    if (n !== last) {
      last = n;
      lastChange = Date.now();
    } else if (Date.now() - lastChange > STALL_MS) {
      throw new Error(`${what}: stalled at ${n} parts${t === null ? '' : ` of ${t}`} (nothing for ${STALL_MS / 1000} s)`);
    }
    await sleep(2);
  }
}

/**
 * Warm-up, then the measured load: from the first request until the centre has one part per
 * acknowledged request. CPU of `pids` over the same interval.
 */
async function measure(
  variant: string,
  round: number,
  centre: Centre,
  url: string,
  headers: Record<string, string>,
  pids: Record<string, number>,
  warm: LoadRequest[],
  main: LoadRequest[],
  hooks: { start?(): void; end?(): void } = {},
): Promise<Run> {
  if (warm.length > 0) {
    const w = await prepareLoad(url, warm, { connections: CONNECTIONS, headers });
    let wr: LoadResult | null = null;
    const wDone = w.go().then((r) => (wr = r));
    await arrivals(centre, () => (wr ? wr.ok : null), `${variant} warm-up`);
    await wDone;
    await w.close();
    if (wr!.ok !== warm.length) {
      throw new Error(`${variant} warm-up: ${wr!.ok} of ${warm.length} acknowledged: ${wr!.samples.join(' | ')}`);
    }
    // Let trailing receipts and jobs settle before the measured part.
    await sleep(1_000);
  }
  const loader = await prepareLoad(url, main, { connections: CONNECTIONS, headers });
  const base = centre.count();
  const cpu0 = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuMsOf(pid)]));
  const bench0 = process.cpuUsage();
  const machine0 = machineCpuMs();
  hooks.start?.();
  const t0 = Date.now();
  let result: LoadResult | null = null;
  const done = loader.go().then((r) => (result = r));
  await arrivals(centre, () => (result ? base + result.ok : null), variant);
  const cpu1 = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuMsOf(pid)]));
  const bench1 = process.cpuUsage(bench0);
  const machine1 = machineCpuMs();
  const wallMs = Date.now() - t0;
  hooks.end?.();
  const r = await done;
  await loader.close();
  const parts = r.ok;
  const end = centre.arrivedAt(base + parts - 1);
  const seconds = (end - t0) / 1000;
  const cpuMsByProcess = Object.fromEntries(Object.keys(pids).map((k) => [k, Math.round(cpu1[k]! - cpu0[k]!)]));
  const cpuMs = Object.values(cpuMsByProcess).reduce((a, b) => a + b, 0);
  const s = centre.summary();
  const run: Run = {
    variant,
    round,
    messages: main.length,
    acknowledged: r.ok,
    parts,
    seconds: round2(seconds),
    partsPerSecond: Math.round(parts / seconds),
    httpPerSecond: Math.round((r.ok / (r.finishedAt - r.startedAt)) * 1000),
    httpP50Ms: r.p50Ms,
    httpP99Ms: r.p99Ms,
    cpuMs,
    cpuMsPerPart: round3(cpuMs / parts),
    cpuMsByProcess,
    benchCpuMsPerPart: round3((bench1.user + bench1.system) / 1000 / parts),
    machineBusyCores: round2((machine1.busy - machine0.busy) / wallMs),
    otherCores: round2(Math.max(0, machine1.busy - machine0.busy - cpuMs - (bench1.user + bench1.system) / 1000) / wallMs),
    byCoding: s.byCoding,
    refusedByCentre: s.refused,
    statuses: r.statuses,
    errors: r.errors,
    samples: r.samples,
  };
  if (r.ok !== main.length) {
    notes.push(`${variant}, round ${round}: only ${r.ok} of ${main.length} requests acknowledged (${JSON.stringify(r.statuses)}, ${r.errors} errors): ${r.samples.join(' | ')}`);
  }
  log(
    `${variant} r${round}: ${run.parts} parts in ${run.seconds} s = ${run.partsPerSecond}/s at the centre, ${run.cpuMsPerPart} CPU ms/part ` +
      `(${JSON.stringify(cpuMsByProcess)}), http ${run.httpPerSecond}/s p99 ${run.httpP99Ms} ms; other work on the machine ${run.otherCores} cores`,
  );
  return run;
}

const list = messages('138', N);
const warmList = messages('139', WARMUP);
assertOnePart([...list, ...warmList]);

async function kannelRun(dir: string, round: number): Promise<Run> {
  const centre = await smppCentre(N + WARMUP + 100);
  const runDir = path.join(dir, `kannel-r${round}`);
  mkdirSync(runDir);
  try {
    const k = await startKannel(runDir, centre.port, SMSC_SYSTEM_ID, SMSC_PASSWORD, () => centre.bound());
    try {
      return await measure(KANNEL, round, centre, k.url, {}, { bearerbox: k.bearerbox.pid, smsbox: k.smsbox.pid }, warmList.map(kannelRequest), list.map(kannelRequest));
    } finally {
      await k.stop();
    }
  } finally {
    await centre.close();
  }
}

interface OursOptions {
  /** Extra node arguments for the server (--cpu-prof, a preload), and environment. */
  nodeArgs?: string[];
  env?: Record<string, string>;
  /** A diagnostic run: stopped cleanly (profiles are written on exit), not counted as a round. */
  tag?: string;
  /** Called with the server's pid when the measured load starts and when all parts arrived. */
  hooks?: (pid: number) => { start?(): void; end?(): void };
}

async function oursRun(bundle: Bundle, dir: string, round: number, kind: 'smpp' | 'cmpp', opts: OursOptions = {}): Promise<Run> {
  const centre = kind === 'smpp' ? await smppCentre(N + WARMUP + 100) : await cmppCentre();
  const gateway =
    kind === 'smpp'
      ? `${(centre as Awaited<ReturnType<typeof smppCentre>>).sim.url}?window=16&connections=1`
      : (centre as Awaited<ReturnType<typeof cmppCentre>>).sim.clientUrl(ISMG_SP, { window: 16, connections: 1, rate: 100_000 });
  const dataDir = path.join(dir, `ours-${kind}-r${round}${opts.tag ? `-${opts.tag}` : ''}`);
  try {
    const ours = await startOurs(bundle, dataDir, gateway, { nodeArgs: opts.nodeArgs, env: opts.env });
    let run: Run;
    try {
      const end = Date.now() + 15_000;
      while (centre.bound() < 1) {
        if (Date.now() > end) {
          throw new Error(`our ${kind} gateway did not bind within 15 s:\n${ours.proc.tail.join('\n')}`);
        }
        await sleep(20);
      }
      run = await measure(
        kind === 'smpp' ? OURS_SMPP : OURS_CMPP,
        round,
        centre,
        ours.url,
        ours.headers,
        { server: ours.proc.pid },
        warmList.map((m, i) => oursRequest(m, `w-${i}`)),
        list.map((m, i) => oursRequest(m, `m-${i}`)),
        opts.hooks?.(ours.proc.pid),
      );
    } finally {
      // A profile is written on a clean exit only; otherwise a crash, to check durability.
      await (opts.tag ? ours.stop() : ours.crash());
    }
    run.stored = storedIn(dataDir, 'm-');
    run.durable = run.stored.withPrefix >= run.acknowledged;
    if (!run.durable) {
      notes.push(`${run.variant}, round ${round}: ${run.acknowledged} acknowledged but only ${run.stored.withPrefix} in the database after SIGKILL`);
    }
    return run;
  } finally {
    await centre.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The raw baseline (bench/sms/floor-server.mjs): the same requests, centre and durability rule. */
async function floorRun(dir: string, round: number): Promise<Run> {
  const centre = await smppCentre(N + WARMUP + 100);
  const runDir = path.join(dir, `floor-r${round}`);
  mkdirSync(runDir);
  try {
    const port = await freePort();
    const db = path.join(runDir, 'floor.sqlite');
    const proc = spawnProc('floor server', process.execPath, [path.join(import.meta.dirname, 'sms', 'floor-server.mjs')], {
      cwd: path.resolve(import.meta.dirname, '..'),
      env: { PATH: process.env.PATH ?? '', DB: db, PORT: String(port), SMSC: `127.0.0.1:${centre.port}`, SMSC_USER: SMSC_SYSTEM_ID, SMSC_PASSWORD },
    });
    let run: Run;
    try {
      await proc.waitForLine(/^ready$/, 15_000);
      run = await measure(FLOOR, round, centre, `http://127.0.0.1:${port}`, {}, { floor: proc.pid }, warmList.map((m, i) => oursRequest(m, `w-${i}`)), list.map((m, i) => oursRequest(m, `m-${i}`)));
    } catch (e) {
      throw new Error(`${e instanceof Error ? e.message : String(e)}\nfloor server:\n${proc.tail.join('\n')}`, { cause: e });
    } finally {
      await stopProc(proc, 'SIGKILL');
    }
    const stored = floorStored(db);
    run.stored = { messages: stored, withPrefix: stored - WARMUP, partsByStatus: {} };
    run.durable = run.stored.withPrefix >= run.acknowledged;
    return run;
  } finally {
    await centre.close();
  }
}

function floorStored(file: string): number {
  const db = new Database(file);
  try {
    return (db.prepare('select count(*) as n from msg').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/**
 * Intake only (diagnostic): our server with its SMPP centre holding every submit_sm_resp, so the
 * dispatcher stops after one window and what is measured is the send path up to the durable
 * 200: HTTP, session, audit, compliance, the outbox insert. CPU per acknowledged request.
 */
async function intakeRun(bundle: Bundle, dir: string): Promise<Record<string, number>> {
  const centre = await smppCentre(N + WARMUP + 100);
  const dataDir = path.join(dir, 'ours-intake');
  try {
    const ours = await startOurs(bundle, dataDir, `${centre.sim.url}?window=16&connections=1`);
    try {
      await until(() => centre.bound() > 0, 15_000, 'our SMPP gateway to bind');
      centre.sim.pauseResponses();
      const out: Record<string, number> = {};
      for (const [name, batch] of [
        ['warm', warmList.map((m, i) => oursRequest(m, `w-${i}`))],
        ['run', list.map((m, i) => oursRequest(m, `m-${i}`))],
      ] as const) {
        const loader = await prepareLoad(ours.url, [...batch], { connections: CONNECTIONS, headers: ours.headers });
        const cpu0 = cpuMsOf(ours.proc.pid);
        const r = await loader.go();
        const cpu = cpuMsOf(ours.proc.pid) - cpu0;
        await loader.close();
        if (name === 'run') {
          out.requests = r.ok;
          out.perSecond = Math.round((r.ok / (r.finishedAt - r.startedAt)) * 1000);
          out.cpuMsPerRequest = round3(cpu / r.ok);
          out.p99Ms = r.p99Ms;
        }
      }
      log(`intake only: ${out.requests} requests at ${out.perSecond}/s, ${out.cpuMsPerRequest} CPU ms each (p99 ${out.p99Ms} ms)`);
      return out;
    } finally {
      centre.sim.resumeResponses();
      await ours.crash();
    }
  } finally {
    await centre.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function bulkRun(bundle: Bundle, dir: string): Promise<Record<string, unknown>> {
  const centre = await smppCentre(BULK + 100);
  const dataDir = path.join(dir, 'ours-bulk');
  const gateway = `${centre.sim.url}?window=16&connections=1&rate=${BULK_RATE}`;
  try {
    const ours = await startOurs(bundle, dataDir, gateway);
    try {
      while (centre.bound() < 1) {
        await sleep(20);
      }
      const recipients = Array.from({ length: BULK }, (_v, i) => msisdn('137', i));
      const body = JSON.stringify({ text: '家长您好：明天（周五）学校组织秋游，请为孩子准备午餐和饮用水。', recipients, key: 'bulk-1', class: 'notice' });
      const cpu0 = cpuMsOf(ours.proc.pid);
      const t0 = Date.now();
      const res = await fetch(`${ours.url}/api/sms/bulks`, { method: 'POST', headers: { 'content-type': 'application/json', ...ours.headers }, body });
      const t1 = Date.now();
      const answer = await res.text();
      if (!res.ok) {
        throw new Error(`POST /api/sms/bulks: ${res.status} ${answer.slice(0, 300)}`);
      }
      const enqueueCpu = cpuMsOf(ours.proc.pid) - cpu0;
      log(`bulk: ${BULK} recipients enqueued in ${t1 - t0} ms (${Math.round(enqueueCpu)} CPU ms)`);
      await arrivals(centre, () => 1, 'bulk first part');
      const first = centre.arrivedAt(0);
      const cpuDrain0 = cpuMsOf(ours.proc.pid);
      const windowEnd = first + DRAIN_SECONDS * 1000;
      await sleep(Math.max(0, windowEnd - Date.now()) + 200);
      const cpuDrain = cpuMsOf(ours.proc.pid) - cpuDrain0;
      const n = centre.count();
      const times = Array.from({ length: n }, (_v, i) => centre.arrivedAt(i));
      const inWindow = times.filter((t) => t <= windowEnd).length;
      // Steady state: seconds 2..DRAIN_SECONDS after the first part (the token bucket's start left out).
      const steadyFrom = first + 2_000;
      const steady = times.filter((t) => t > steadyFrom && t <= windowEnd).length;
      const perSecond = centre.sim.partsPerSecond().map((p) => p.parts);
      const result = {
        recipients: BULK,
        enqueueMs: t1 - t0,
        enqueueCpuMs: Math.round(enqueueCpu),
        firstPartAfterMs: first - t1,
        configuredRate: BULK_RATE,
        drainSeconds: DRAIN_SECONDS,
        partsInWindow: inWindow,
        drainPerSecond: round2((inWindow - 1) / DRAIN_SECONDS),
        steadyPerSecond: round2(steady / ((windowEnd - steadyFrom) / 1000)),
        vsConfigured: round3((inWindow - 1) / DRAIN_SECONDS / BULK_RATE),
        drainCpuMsPerPart: round3(cpuDrain / Math.max(1, n)),
        perSecond,
      };
      log(`bulk drain: ${inWindow} parts in the first ${DRAIN_SECONDS} s = ${result.drainPerSecond}/s (steady ${result.steadyPerSecond}/s) at rate=${BULK_RATE}`);
      await ours.crash();
      const stored = storedIn(dataDir, 'bulk-1');
      return { ...result, storedAfterKill: stored.messages, durable: stored.messages === BULK };
    } finally {
      await ours.crash();
    }
  } finally {
    await centre.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function profileRun(bundle: Bundle, dir: string): Promise<void> {
  const profDir = PROFILE && PROFILE !== '1' ? path.resolve(PROFILE) : path.join(dir, 'prof');
  mkdirSync(profDir, { recursive: true });
  const before = new Set(readdirSync(profDir));
  const hr = { from: 0n, to: 0n };
  const run = await oursRun(bundle, dir, 0, PROFILE_KIND, {
    tag: 'profile',
    nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profDir}`],
    hooks: () => ({
      start: () => {
        hr.from = process.hrtime.bigint();
      },
      end: () => {
        hr.to = process.hrtime.bigint();
      },
    }),
  });
  const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile') && !before.has(f));
  if (!file) {
    notes.push(`profile: no .cpuprofile written in ${profDir}`);
    return;
  }
  // The bundle's source map beside the profile, so `node --import tsx bench/sms/profile.ts <file>` can read it later.
  copyFileSync(`${bundle.file}.map`, path.join(profDir, 'yikatong.js.map'));
  const summary = summariseProfile(path.join(profDir, file), Number(hr.from / 1000n), Number(hr.to / 1000n));
  profile = { ...summary, run };
  log(`profile: ${path.join(profDir, file)} (${summary.sampledMs} ms busy of a ${summary.windowMs} ms window)`);

  // Then which statements: the same run again with bench/sms/sql-trace.mjs preloaded, counting
  // from the first request to the last part (SIGUSR2 starts and stops it).
  const traceFile = path.join(profDir, 'sql-trace.json');
  rmSync(traceFile, { force: true });
  const traced = await oursRun(bundle, dir, 0, PROFILE_KIND, {
    tag: 'sqltrace',
    nodeArgs: ['--import', pathToFileURL(path.join(import.meta.dirname, 'sms', 'sql-trace.mjs')).href],
    env: { SQL_TRACE_FILE: traceFile },
    hooks: (pid) => ({ start: () => process.kill(pid, 'SIGUSR2'), end: () => process.kill(pid, 'SIGUSR2') }),
  });
  if (!existsSync(traceFile)) {
    notes.push('sql trace: no file written');
    return;
  }
  const trace = JSON.parse(readFileSync(traceFile, 'utf8')) as { windowMs: number; rows: { sql: string; calls: number; ms: number }[] };
  const totalMs = trace.rows.reduce((n, r) => n + r.ms, 0);
  sqlTrace = {
    partsPerSecond: traced.partsPerSecond,
    cpuMsPerPart: traced.cpuMsPerPart,
    parts: traced.parts,
    windowMs: Math.round(trace.windowMs),
    sqliteMs: Math.round(totalMs),
    statementsPerPart: round2(trace.rows.filter((r) => !r.sql.startsWith('prepare')).reduce((n, r) => n + r.calls, 0) / traced.parts),
    rows: trace.rows.map((r) => ({ sql: r.sql, calls: r.calls, perPart: round2(r.calls / traced.parts), ms: Math.round(r.ms), usPerCall: Math.round((r.ms / r.calls) * 1000), percentOfSqlite: Math.round((r.ms / totalMs) * 1000) / 10 })),
  };
  log(`sql trace: ${sqlTrace.statementsPerPart} statements per part, ${sqlTrace.sqliteMs} ms in SQLite of a ${sqlTrace.windowMs} ms window`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`${signal}: stopping the child processes\n`);
    void stopAll().finally(() => {
      rmSync(dir, { recursive: true, force: true });
      process.exit(130);
    });
  });
}

const dir = mkdtempSync(path.join(tmpdir(), 'yk-bench-sms-'));
let bundle: Bundle | null = null;
let failure: unknown = null;
try {
  bundle = await freezeBundle(dir);
  log(`server bundle ${bundle.sha256}; ${N} messages × ${ROUNDS} rounds, warm-up ${WARMUP}`);
  for (let round = 1; round <= ROUNDS; round++) {
    if (ONLY.has('kannel')) {
      runs.push(await kannelRun(dir, round));
    }
    if (ONLY.has('smpp')) {
      runs.push(await oursRun(bundle, dir, round, 'smpp'));
    }
    if (ONLY.has('cmpp')) {
      runs.push(await oursRun(bundle, dir, round, 'cmpp'));
    }
    if (ONLY.has('floor')) {
      runs.push(await floorRun(dir, round));
    }
  }
  if (ONLY.has('intake')) {
    intake = await intakeRun(bundle, dir);
  }
  if (ONLY.has('bulk')) {
    bulk = await bulkRun(bundle, dir);
  }
  if (ONLY.has('profile')) {
    await profileRun(bundle, dir);
  }
} catch (e) {
  failure = e;
  notes.push(`FAILED: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
} finally {
  await stopAll();
  rmSync(dir, { recursive: true, force: true });
}

// Medians over rounds, per variant; "vs Kannel" compares with Kannel's median.
const variants = [...new Set(runs.map((r) => r.variant))];
const summary = variants.map((variant) => {
  const rs = runs.filter((r) => r.variant === variant);
  return {
    variant,
    rounds: rs.length,
    messages: rs[0]!.messages,
    parts: rs[0]!.parts,
    seconds: round2(median(rs.map((r) => r.seconds))),
    partsPerSecond: Math.round(median(rs.map((r) => r.partsPerSecond))),
    cpuMsPerPart: round3(median(rs.map((r) => r.cpuMsPerPart))),
    httpPerSecond: Math.round(median(rs.map((r) => r.httpPerSecond))),
    httpP99Ms: round2(median(rs.map((r) => r.httpP99Ms))),
  };
});
const kannel = summary.find((s) => s.variant === KANNEL);
const vs = (s: (typeof summary)[number]) =>
  kannel && s.variant !== KANNEL ? { rate: round2(s.partsPerSecond / kannel.partsPerSecond), cpu: round2(s.cpuMsPerPart / kannel.cpuMsPerPart) } : null;

if (runs.length > 0) {
  console.log('\nEach run (same messages, same loader, same kind of centre; fresh sender each run):');
  console.table(
    runs.map((r) => ({
      round: r.round,
      variant: r.variant,
      parts: r.parts,
      seconds: r.seconds,
      'parts/s': r.partsPerSecond,
      'CPU ms/part': r.cpuMsPerPart,
      'http/s': r.httpPerSecond,
      'http p99 ms': r.httpP99Ms,
      'other work (cores)': r.otherCores,
      durable: r.durable ?? '',
    })),
  );
  console.log(`Medians over ${ROUNDS} round(s):`);
  console.table(
    summary.map((s) => {
      const v = vs(s);
      return {
        variant: s.variant,
        messages: s.messages,
        parts: s.parts,
        seconds: s.seconds,
        'parts/s': s.partsPerSecond,
        'CPU ms/part': s.cpuMsPerPart,
        'vs Kannel (rate)': v ? v.rate : '',
        'vs Kannel (CPU)': v ? v.cpu : '',
      };
    }),
  );
}
if (intake) {
  console.log('Intake only (the centre holds its responses; the send path up to the durable 200):');
  console.table([intake]);
}
if (bulk) {
  console.log('Bulk:');
  const { perSecond: _ps, ...rest } = bulk;
  console.table([rest]);
}
if (profile) {
  console.log(`Our server's CPU profile (${PROFILE_KIND.toUpperCase()} run, ${profile.run.partsPerSecond} parts/s, ${profile.run.cpuMsPerPart} CPU ms/part; main thread ${profile.sampledMs} ms busy of ${profile.windowMs} ms, idle ${profile.idlePercent} %):`);
  console.table(profile.byArea.slice(0, 15).map((l) => ({ area: l.name, ms: l.ms, '%': l.percent })));
  console.table(profile.byOwner.slice(0, 15).map((l) => ({ 'whose work (nearest server file on the stack)': l.name, ms: l.ms, '%': l.percent })));
  console.table(profile.byFile.slice(0, 15).map((l) => ({ file: l.name, ms: l.ms, '%': l.percent })));
  console.table(profile.byFunction.slice(0, 25).map((l) => ({ function: l.name, ms: l.ms, '%': l.percent })));
}
if (sqlTrace) {
  console.log(
    `SQLite statements in our server (${PROFILE_KIND.toUpperCase()} run with bench/sms/sql-trace.mjs, ${sqlTrace.partsPerSecond} parts/s): ${sqlTrace.statementsPerPart} per part, ` +
      `${sqlTrace.sqliteMs} ms inside SQLite of a ${sqlTrace.windowMs} ms window:`,
  );
  console.table(sqlTrace.rows.slice(0, 25).map((r) => ({ sql: r.sql.length > 110 ? `${r.sql.slice(0, 107)}...` : r.sql, 'per part': r.perPart, 'µs/call': r.usPerCall, ms: r.ms, '% of SQLite': r.percentOfSqlite })));
}
for (const n of notes) {
  console.log(n);
}

const gitHead = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: import.meta.dirname }).toString().trim();
  } catch {
    return null;
  }
})();
const out = path.join(import.meta.dirname, 'results');
mkdirSync(out, { recursive: true });
writeFileSync(
  path.join(out, 'sms.json'),
  JSON.stringify(
    {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memGiB: Math.round(totalmem() / 2 ** 30), node: process.version, loadavgAtEnd: loadavg().map(round2) },
      code: { gitHead, serverBundle: bundle?.sha256 ?? null },
      sizes: { n: N, rounds: ROUNDS, warmup: WARMUP, connections: CONNECTIONS, bulk: BULK, drainSeconds: DRAIN_SECONDS, bulkRate: BULK_RATE },
      summary: summary.map((s) => ({ ...s, vsKannel: vs(s) })),
      runs,
      bulk,
      intake,
      sqlTrace,
      profile: profile ? { ...profile, run: { partsPerSecond: profile.run.partsPerSecond, cpuMsPerPart: profile.run.cpuMsPerPart, seconds: profile.run.seconds } } : null,
      notes,
      seconds: Math.round((performance.now() - started) / 1000),
    },
    null,
    2,
  ),
);
log('done');
if (failure) {
  process.exitCode = 1;
}
