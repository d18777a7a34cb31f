/**
 * Runs due jobs after commit. Several workers (in one process or many, on PostgreSQL) share
 * one table: a job is claimed by one worker at a time under a lease; a finished job is never
 * claimed again; a job whose worker died is claimed again when its lease runs out. Failures
 * are retried with exponential back-off and recorded; after the last attempt the job is
 * `failed` and waits for an operator (`yikatong jobs list --failed`, the console).
 */
import { hostname } from 'node:os';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { randomToken } from '../ids';
import type { Logger } from '../logger';
import * as repo from './jobs.repo';
import { backoffDelay, DEFAULT_LEASE_MS, retryPolicy, type JobQueue } from './queue';

const SCHEDULE_RECHECK_MS = 60_000;

export interface WorkerOptions<C> {
  database: Database;
  queue: JobQueue<C>;
  clock: Clock;
  log: Logger;
  ctx: C;
  /** Jobs run at once by this worker. */
  concurrency?: number;
  /** How often an idle worker looks for due jobs (ms, real time). */
  pollMs?: number;
  id?: string;
  onSettled?: (name: string, outcome: 'done' | 'retry' | 'failed' | 'lost') => void;
}

export class JobWorker<C> {
  readonly id: string;
  private readonly concurrency: number;
  private readonly pollMs: number;
  private timer: NodeJS.Timeout | null = null;
  private running = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private ticking: Promise<number> | null = null;
  private stopped = false;
  private unsubscribe: (() => void) | null = null;
  /** When schedules next need looking at: their earliest occurrence, or in a minute at the latest. */
  private scheduleCheckAt = 0;

  constructor(private readonly o: WorkerOptions<C>) {
    this.id = o.id ?? `${hostname()}:${process.pid}:${randomToken(4)}`;
    this.concurrency = o.concurrency ?? 4;
    this.pollMs = o.pollMs ?? 500;
  }

  /** Starts polling in the background, and wakes on every enqueue. */
  start(): void {
    if (this.timer || this.stopped) {
      return;
    }
    this.unsubscribe = this.o.queue.subscribe(() => setImmediate(() => this.wake()));
    this.timer = setInterval(() => this.wake(), this.pollMs);
    this.timer.unref();
    this.wake();
  }

  /** Looks for work now (called after a commit that enqueued a job). */
  wake(): void {
    if (this.stopped || this.ticking) {
      return;
    }
    this.ticking = this.tick()
      .catch((e: unknown) => {
        this.o.log.error({ err: e }, '任务轮询失败');
        return 0;
      })
      .finally(() => {
        this.ticking = null;
      });
  }

  /**
   * One round: enqueue due schedules, claim free slots' worth of due jobs, start them.
   * Returns how many jobs it started.
   */
  async tick(): Promise<number> {
    const { database, queue, clock } = this.o;
    if (clock.now() >= this.scheduleCheckAt) {
      const checkedAt = clock.now();
      const { nextDueAt } = await database.transaction((trx) => queue.enqueueDueSchedules(trx));
      this.scheduleCheckAt = Math.min(nextDueAt ?? Infinity, checkedAt + SCHEDULE_RECHECK_MS);
    }
    const free = this.concurrency - this.running.size;
    if (free <= 0 || this.stopped) {
      return 0;
    }
    const now = clock.now();
    // Claiming a job and recording its attempt commit together.
    const claimed = await database.transaction(async (trx) => {
      const rows = await repo.claimDueJobs(trx, {
        owner: this.id,
        now,
        leaseUntil: now + DEFAULT_LEASE_MS,
        limit: free,
        names: queue.names(),
      });
      for (const job of rows) {
        if (job.attempts > 1) {
          await repo.markLostAttempts(trx, job.id, job.attempts, now);
        }
        await repo.insertAttempt(trx, {
          job_id: job.id,
          attempt: job.attempts,
          worker: this.id,
          started_at: now,
          finished_at: null,
          outcome: 'running',
          error: null,
        });
      }
      return rows;
    });
    for (const job of claimed) {
      const p = this.execute(job).finally(() => this.running.delete(p));
      this.running.add(p);
    }
    return claimed.length;
  }

  /**
   * Runs every job that is due by the clock's current time, including retries that fall due
   * meanwhile, and returns when none is left. Tests move a TestClock and call this.
   */
  async drain(maxRounds = 1000): Promise<void> {
    for (let i = 0; i < maxRounds; i++) {
      const started = await this.tick();
      if (this.running.size > 0) {
        await Promise.race(this.running);
        continue;
      }
      if (started === 0) {
        return;
      }
    }
    throw new Error('job worker drain did not settle');
  }

  /** Stops claiming, signals running handlers, and waits for them to end. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
    this.abort.abort();
    await this.ticking;
    await Promise.allSettled([...this.running]);
  }

  private async execute(job: repo.JobRow): Promise<void> {
    const { database, queue, clock, log } = this.o;
    const def = queue.definition(job.name);
    const policy = { ...retryPolicy(def), maxAttempts: job.max_attempts };
    const key = { id: job.id, owner: this.id, attempt: job.attempts };
    const started = clock.now();
    const jobLog = log.child({ job: job.name, jobId: job.id, attempt: job.attempts });

    if (job.attempts > policy.maxAttempts) {
      // Its workers kept dying: give up instead of running it again.
      await database.transaction(async (trx) => {
        await repo.finishAttempt(trx, { jobId: job.id, attempt: job.attempts }, 'error', started, '执行进程多次中断，不再重试');
        await repo.settleJob(trx, key, {
          status: 'failed',
          last_error: job.last_error ?? '执行进程多次中断',
          finished_at: started,
          updated_at: started,
        });
      });
      this.o.onSettled?.(job.name, 'lost');
      return;
    }

    let error: string | null = null;
    try {
      const payload = JSON.parse(job.payload) as unknown;
      await def.handle(
        payload,
        { id: job.id, attempt: job.attempts, maxAttempts: policy.maxAttempts, now: started, log: jobLog, signal: this.abort.signal },
        this.o.ctx,
      );
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }

    const now = clock.now();
    const attemptKey = { jobId: job.id, attempt: job.attempts };
    let outcome: 'done' | 'retry' | 'failed';
    let runAt = 0;
    if (error === null) {
      outcome = 'done';
    } else if (job.attempts < policy.maxAttempts) {
      outcome = 'retry';
      runAt = now + backoffDelay(policy, job.attempts);
    } else {
      outcome = 'failed';
    }
    // The attempt's record and the job's new state commit together.
    const mine = await database.transaction(async (trx) => {
      await repo.finishAttempt(trx, attemptKey, error === null ? 'done' : 'error', now, error);
      switch (outcome) {
        case 'done':
          return repo.settleJob(trx, key, { status: 'done', finished_at: now, last_error: null, updated_at: now });
        case 'retry':
          return repo.settleJob(trx, key, { status: 'queued', run_at: runAt, last_error: error, updated_at: now });
        case 'failed':
          return repo.settleJob(trx, key, { status: 'failed', last_error: error, finished_at: now, updated_at: now });
      }
    });
    if (outcome === 'retry') {
      jobLog.warn({ error, retryAt: new Date(runAt).toISOString() }, '任务失败，稍后重试');
    } else if (outcome === 'failed') {
      jobLog.error({ error }, '任务已达最大重试次数，标记为失败');
    }
    if (!mine) {
      jobLog.warn('任务租约已被其他执行进程接管，本次结果不再写入');
      return;
    }
    this.o.onSettled?.(job.name, outcome);
  }
}
