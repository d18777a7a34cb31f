/** Workloads and measurement helpers shared by the ledger benchmark's parts. */
import type SqliteDatabase from 'better-sqlite3';
import type { Database } from '../../server/src/platform/db/database';

export const ACCOUNTS = 10_000;
/** Every bench account starts with this much (fen); no transfer of the run can exhaust it. */
export const FUNDS = 1_000_000_000;

export type Mix = 'uniform' | 'zipf';

/** Pairs of account indexes (debit, credit), never equal, drawn once so every variant replays the same work. */
export interface Pairs {
  mix: Mix;
  debit: Uint16Array;
  credit: Uint16Array;
  /** The share of all legs that touch the busiest account. */
  hottestShare: number;
}

/** A small deterministic generator (mulberry32), so runs are comparable. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Zipf(s) over `n` ranks: rank r is drawn with probability ∝ 1/(r+1)^s; ranks are then shuffled onto accounts. */
function zipfSampler(n: number, s: number, rand: () => number): () => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let r = 0; r < n; r++) {
    sum += 1 / Math.pow(r + 1, s);
    cdf[r] = sum;
  }
  const perm = Uint16Array.from({ length: n }, (_v, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [perm[i], perm[j]] = [perm[j]!, perm[i]!];
  }
  return () => {
    const u = rand() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid]! < u) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return perm[lo]!;
  };
}

export function makePairs(mix: Mix, count: number, seed: number): Pairs {
  const rand = rng(seed);
  const draw = mix === 'uniform' ? () => Math.floor(rand() * ACCOUNTS) : zipfSampler(ACCOUNTS, 1, rand);
  const debit = new Uint16Array(count);
  const credit = new Uint16Array(count);
  const legs = new Uint32Array(ACCOUNTS);
  for (let i = 0; i < count; i++) {
    const d = draw();
    let c = draw();
    while (c === d) {
      c = draw();
    }
    debit[i] = d;
    credit[i] = c;
    legs[d]!++;
    legs[c]!++;
  }
  return { mix, debit, credit, hottestShare: Math.max(...legs) / (2 * count) };
}

/** 1 to 100 fen. */
export const amountOf = (i: number) => 1 + (i % 100);

export interface Timing {
  transfers: number;
  ms: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** What a run measured: each call's latency (ms), the run's wall time, and how many transfers it made. */
export interface Sample {
  latencies: Float64Array;
  ms: number;
  transfers: number;
}

/** Throughput and latency over one or more samples (the rounds of one variant). */
export function timing(...samples: Sample[]): Timing {
  const sorted = new Float64Array(samples.reduce((n, s) => n + s.latencies.length, 0));
  let at0 = 0;
  for (const s of samples) {
    sorted.set(s.latencies, at0);
    at0 += s.latencies.length;
  }
  sorted.sort();
  const ms = samples.reduce((n, s) => n + s.ms, 0);
  const transfers = samples.reduce((n, s) => n + s.transfers, 0);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const r2 = (x: number) => Math.round(x * 100) / 100;
  return {
    transfers,
    ms: Math.round(ms),
    perSecond: Math.round((transfers / ms) * 1000),
    p50Ms: r2(at(0.5)),
    p99Ms: r2(at(0.99)),
    maxMs: r2(sorted[sorted.length - 1] ?? 0),
  };
}

/**
 * `clients` async loops, each awaiting its own call before taking the next index, until
 * `count` calls are done. Latency is per call: from the call to its settled promise.
 */
export async function closedLoop(count: number, clients: number, call: (i: number, client: number) => Promise<unknown>): Promise<Sample> {
  const latencies = new Float64Array(count);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_v, client) => {
      for (;;) {
        const i = next++;
        if (i >= count) {
          return;
        }
        const s = performance.now();
        await call(i, client);
        latencies[i] = performance.now() - s;
      }
    }),
  );
  return { latencies, ms: performance.now() - t0, transfers: count };
}

/** The same, one call at a time, for a synchronous call (SQLite's baselines). */
export function sequentialSync(count: number, call: (i: number) => void): Sample {
  const latencies = new Float64Array(count);
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const s = performance.now();
    call(i);
    latencies[i] = performance.now() - s;
  }
  return { latencies, ms: performance.now() - t0, transfers: count };
}

/** Transfers [from, to) of a workload. */
export function slice(p: Pairs, from: number, to: number): Pairs {
  return { ...p, debit: p.debit.subarray(from, to), credit: p.credit.subarray(from, to) };
}

/** The better-sqlite3 connection under a Database opened with openSqlite. */
export function sqliteOf(database: Database): SqliteDatabase.Database {
  if (database.raw.dialect !== 'sqlite') {
    throw new Error('not a SQLite database');
  }
  return database.raw.sqlite;
}
