/**
 * Durable jobs. A job is declared as data (name, Chinese title, payload schema, retry
 * policy, optional cron schedule) and enqueued inside the same transaction as the state
 * change that needs it: roll the transaction back and the job is gone too. The worker
 * (worker.ts) runs it after commit.
 */
import { CronExpressionParser } from 'cron-parser';
import type { TSchema, Static } from 'typebox';
import Value from 'typebox/value';
import type { Clock } from '../clock';
import type { Db } from '../db/database';
import { defineErrors } from '../errors';
import { newId } from '../ids';
import type { Logger } from '../logger';
import * as repo from './jobs.repo';

export const JobErrors = defineErrors({
  JOBS_UNKNOWN: ['invalid', '未知的任务类型'],
  JOBS_INVALID_PAYLOAD: ['invalid', '任务参数不正确'],
  JOBS_NOT_FOUND: ['not_found', '任务不存在'],
  JOBS_NOT_RETRYABLE: ['conflict', '只有失败的任务可以重试'],
  JOBS_INVALID_CRON: ['invalid', '定时表达式不正确'],
});

export interface JobRun {
  id: string;
  attempt: number;
  maxAttempts: number;
  /** The instant the worker claimed the job (from the injected clock). */
  now: number;
  log: Logger;
  /** Aborted when the worker is asked to stop. */
  signal: AbortSignal;
}

export interface RetryPolicy {
  maxAttempts: number;
  /** Delay before the 2nd attempt; it doubles after each failure up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface JobDefinition<S extends TSchema = TSchema, C = unknown> {
  name: string;
  /** What an operator sees in the console, in Chinese. */
  title: string;
  schema: S;
  retry?: Partial<RetryPolicy>;
  /** How long a claimed job belongs to its worker before another may take it over. */
  leaseMs?: number;
  schedule?: { cron: string; timezone?: string; payload: Static<S> };
  /** Must be idempotent: a worker that dies mid-job leaves the job to be run again. */
  handle(payload: Static<S>, run: JobRun, ctx: C): Promise<void>;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 30_000, maxDelayMs: 3_600_000 };
export const DEFAULT_LEASE_MS = 5 * 60_000;

/** Typed helper for declaring a job in server/src/jobs/. */
export function defineJob<S extends TSchema, C>(def: JobDefinition<S, C>): JobDefinition<S, C> {
  return def;
}

export function retryPolicy(def: Pick<JobDefinition, 'retry'>): RetryPolicy {
  return { ...DEFAULT_RETRY, ...def.retry };
}

/** Exponential back-off: base, 2×base, 4×base, … capped. `attempt` is the one that just failed. */
export function backoffDelay(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.baseDelayMs * 2 ** Math.max(0, attempt - 1), policy.maxDelayMs);
}

/** The next occurrence of a cron expression strictly after `after`, in the given time zone. */
export function nextCronTime(cron: string, timezone: string, after: number): number {
  try {
    return CronExpressionParser.parse(cron, { currentDate: new Date(after), tz: timezone }).next().getTime();
  } catch (e) {
    throw JobErrors.JOBS_INVALID_CRON({ cron, reason: (e as Error).message });
  }
}

export interface EnqueueOptions {
  /** Run no earlier than this instant (default: now). */
  runAt?: number;
  /** Only one job ever exists per key: a second enqueue returns the first job's id. */
  dedupeKey?: string;
}

export interface JobInfo {
  id: string;
  name: string;
  title: string;
  status: repo.JobStatus;
  payload: unknown;
  attempts: number;
  maxAttempts: number;
  runAt: number;
  lastError: string | null;
  createdAt: number;
  finishedAt: number | null;
}

export interface ScheduleInfo {
  name: string;
  title: string;
  cron: string;
  timezone: string;
  nextRunAt: number;
  lastEnqueuedAt: number | null;
}

/**
 * The registry of declared jobs and the one way to enqueue them. Modules get it from the
 * application context and call `enqueue(trx, name, payload)` inside their transaction.
 */
export class JobQueue<C = unknown> {
  private readonly defs = new Map<string, JobDefinition<TSchema, C>>();

  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly clock: Clock,
    readonly businessTimezone: string,
  ) {}

  /** Called after each new job is written (a worker wakes up; it may still need the commit). */
  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private onEnqueued(): void {
    for (const fn of this.listeners) {
      fn();
    }
  }

  register(...defs: JobDefinition<TSchema, C>[]): this {
    for (const d of defs) {
      if (this.defs.has(d.name)) {
        throw new Error(`job ${d.name} is declared twice`);
      }
      if (d.schedule) {
        nextCronTime(d.schedule.cron, d.schedule.timezone ?? this.businessTimezone, this.clock.now());
      }
      this.defs.set(d.name, d);
    }
    return this;
  }

  definition(name: string): JobDefinition<TSchema, C> {
    const d = this.defs.get(name);
    if (!d) {
      throw JobErrors.JOBS_UNKNOWN({ name });
    }
    return d;
  }

  names(): string[] {
    return [...this.defs.keys()];
  }

  titleOf(name: string): string {
    return this.defs.get(name)?.title ?? name;
  }

  /** Validates the payload and inserts the job using `db` (pass the caller's transaction). */
  async enqueue(db: Db, name: string, payload: unknown, opts: EnqueueOptions = {}): Promise<string> {
    return (await this.insert(db, name, payload, opts)).id;
  }

  private async insert(
    db: Db,
    name: string,
    payload: unknown,
    opts: EnqueueOptions,
  ): Promise<{ id: string; inserted: boolean }> {
    const def = this.definition(name);
    if (!Value.Check(def.schema, payload)) {
      const errors = [...Value.Errors(def.schema, payload)].slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message}`);
      throw JobErrors.JOBS_INVALID_PAYLOAD({ name, errors });
    }
    const now = this.clock.now();
    const res = await repo.insertJob(db, {
      id: newId(now),
      name,
      payload: JSON.stringify(payload),
      status: 'queued',
      run_at: opts.runAt ?? now,
      attempts: 0,
      max_attempts: retryPolicy(def).maxAttempts,
      lease_owner: null,
      lease_until: null,
      last_error: null,
      dedupe_key: opts.dedupeKey ?? null,
      created_at: now,
      updated_at: now,
      finished_at: null,
    });
    if (res.inserted) {
      this.onEnqueued();
    }
    return res;
  }

  /** Writes the declared schedules to the database (new ones start from now; changed cron moves on). */
  async syncSchedules(db: Db): Promise<void> {
    const now = this.clock.now();
    const existing = new Map((await repo.listSchedules(db)).map((s) => [s.name, s]));
    for (const d of this.defs.values()) {
      if (!d.schedule) {
        continue;
      }
      const tz = d.schedule.timezone ?? this.businessTimezone;
      const cur = existing.get(d.name);
      if (cur && cur.cron === d.schedule.cron && cur.timezone === tz) {
        continue;
      }
      await repo.upsertSchedule(db, {
        name: d.name,
        cron: d.schedule.cron,
        timezone: tz,
        next_run_at: nextCronTime(d.schedule.cron, tz, now),
        last_enqueued_at: null,
        updated_at: now,
      });
    }
  }

  /**
   * Enqueues each schedule's due occurrence exactly once, however many processes call this
   * at the same moment: the occurrence is the job's dedupe key, and the schedule only moves
   * on from the value it was read at. Occurrences missed while nothing ran collapse into one.
   */
  async enqueueDueSchedules(db: Db): Promise<{ enqueued: number; nextDueAt: number | null }> {
    const now = this.clock.now();
    let enqueued = 0;
    for (const s of await repo.dueSchedules(db, now)) {
      const def = this.defs.get(s.name);
      if (!def?.schedule) {
        continue;
      }
      const { inserted } = await this.insert(db, s.name, def.schedule.payload, {
        runAt: s.next_run_at,
        dedupeKey: `schedule:${s.name}:${s.next_run_at}`,
      });
      if (inserted) {
        enqueued++;
      }
      await repo.advanceSchedule(db, s.name, s.next_run_at, nextCronTime(s.cron, s.timezone, now), now);
    }
    return { enqueued, nextDueAt: await repo.earliestScheduleTime(db) };
  }

  async list(
    db: Db,
    opts: { status?: repo.JobStatus; name?: string; limit?: number; offset?: number } = {},
  ): Promise<{ items: JobInfo[]; total: number; counts: Record<repo.JobStatus, number> }> {
    const { rows, total } = await repo.listJobs(db, {
      status: opts.status,
      name: opts.name,
      limit: Math.min(Math.max(opts.limit ?? 50, 1), 500),
      offset: Math.max(opts.offset ?? 0, 0),
    });
    const counts = await repo.countJobsByStatus(db);
    return { items: rows.map((r) => this.toInfo(r)), total, counts };
  }

  async counts(db: Db): Promise<Record<repo.JobStatus, number>> {
    return repo.countJobsByStatus(db);
  }

  async get(db: Db, id: string): Promise<JobInfo> {
    const row = await repo.findJob(db, id);
    if (!row) {
      throw JobErrors.JOBS_NOT_FOUND({ id });
    }
    return this.toInfo(row);
  }

  async attempts(db: Db, id: string): Promise<repo.JobAttemptRow[]> {
    return repo.listAttempts(db, id);
  }

  /** Puts a failed job back in the queue (operator action). */
  async retry(db: Db, id: string): Promise<JobInfo> {
    const row = await repo.findJob(db, id);
    if (!row) {
      throw JobErrors.JOBS_NOT_FOUND({ id });
    }
    const more = retryPolicy(this.definition(row.name)).maxAttempts;
    if (!(await repo.requeueFailedJob(db, id, this.clock.now(), more))) {
      throw JobErrors.JOBS_NOT_RETRYABLE({ id, status: row.status });
    }
    this.onEnqueued();
    return this.get(db, id);
  }

  async schedules(db: Db): Promise<ScheduleInfo[]> {
    return (await repo.listSchedules(db)).map((s) => ({
      name: s.name,
      title: this.titleOf(s.name),
      cron: s.cron,
      timezone: s.timezone,
      nextRunAt: s.next_run_at,
      lastEnqueuedAt: s.last_enqueued_at,
    }));
  }

  async purgeFinished(db: Db, olderThanMs: number): Promise<number> {
    return repo.deleteFinishedJobs(db, this.clock.now() - olderThanMs);
  }

  private toInfo(r: repo.JobRow): JobInfo {
    return {
      id: r.id,
      name: r.name,
      title: this.titleOf(r.name),
      status: r.status,
      payload: JSON.parse(r.payload) as unknown,
      attempts: r.attempts,
      maxAttempts: r.max_attempts,
      runAt: r.run_at,
      lastError: r.last_error,
      createdAt: r.created_at,
      finishedAt: r.finished_at,
    };
  }
}

