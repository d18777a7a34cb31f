import Type from 'typebox';
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../../test/helpers/db';
import { DAY, HOUR, MINUTE, TestClock } from '../clock';
import { createLogger } from '../logger';
import * as repo from './jobs.repo';
import { backoffDelay, defineJob, DEFAULT_LEASE_MS, JobQueue, nextCronTime } from './queue';
import { JobWorker } from './worker';
import type { Database } from '../db/database';

/** A test context: what handlers did, in order. */
interface Seen {
  runs: { id: string; key: string; attempt: number; now: number }[];
  failUntil: Map<string, number>;
}

const echo = defineJob({
  name: 'test.echo',
  title: '测试任务',
  schema: Type.Object({ key: Type.String({ minLength: 1 }) }),
  retry: { maxAttempts: 3, baseDelayMs: 10 * MINUTE, maxDelayMs: HOUR },
  async handle(p, run, seen: Seen) {
    seen.runs.push({ id: run.id, key: p.key, attempt: run.attempt, now: run.now });
    const until = seen.failUntil.get(p.key) ?? 0;
    if (run.attempt <= until) {
      throw new Error(`网关超时 (${p.key} 第 ${run.attempt} 次)`);
    }
  },
});

const nightly = defineJob({
  name: 'test.nightly',
  title: '每晚 2 点的任务',
  schema: Type.Object({ key: Type.String() }),
  schedule: { cron: '0 2 * * *', payload: { key: 'nightly' } },
  async handle(p, run, seen: Seen) {
    seen.runs.push({ id: run.id, key: p.key, attempt: run.attempt, now: run.now });
  },
});

const silent = createLogger('silent');

function setup(database: Database, clock: TestClock, seen: Seen, id = 'w1') {
  const queue = new JobQueue<Seen>(clock, 'Asia/Shanghai').register(echo, nightly);
  const worker = new JobWorker<Seen>({ database, queue, clock, log: silent, ctx: seen, id, concurrency: 4 });
  return { queue, worker };
}

const newSeen = (): Seen => ({ runs: [], failUntil: new Map() });

describe('backoff and cron (pure)', () => {
  it('doubles the delay after each failure up to the cap', () => {
    const p = { maxAttempts: 8, baseDelayMs: 30_000, maxDelayMs: 3_600_000 };
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((a) => backoffDelay(p, a))).toEqual([
      30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000,
    ]);
  });

  it('reads cron in the business time zone', () => {
    // 2 a.m. in Shanghai is 18:00 UTC the day before.
    const next = nextCronTime('0 2 * * *', 'Asia/Shanghai', Date.parse('2026-09-01T00:00:00Z'));
    expect(new Date(next).toISOString()).toBe('2026-09-01T18:00:00.000Z');
  });

  it('refuses a bad cron expression with a clear error', () => {
    expect(() => nextCronTime('61 * * * *', 'Asia/Shanghai', 0)).toThrow(expect.objectContaining({ code: 'JOBS_INVALID_CRON' }));
  });
});

describeEachDatabase('durable jobs', (t) => {
  it('a job enqueued in a transaction that rolls back is gone with it', async () => {
    const clock = new TestClock();
    const seen = newSeen();
    const { queue, worker } = setup(t().database, clock, seen);
    await expect(
      t().database.transaction(async (trx) => {
        await queue.enqueue(trx, 'test.echo', { key: 'rolled-back' });
        throw new Error('业务失败');
      }),
    ).rejects.toThrow('业务失败');
    await t().database.transaction((trx) => queue.enqueue(trx, 'test.echo', { key: 'committed' }));
    await worker.drain();
    expect(seen.runs.map((r) => r.key)).toEqual(['committed']);
    expect((await queue.list(t().database.db)).total).toBe(1);
  });

  it('rejects an unknown job or a bad payload and writes nothing', async () => {
    const clock = new TestClock();
    const { queue } = setup(t().database, clock, newSeen());
    await expect(queue.enqueue(t().database.db, 'test.nope', {})).rejects.toMatchObject({ code: 'JOBS_UNKNOWN' });
    await expect(queue.enqueue(t().database.db, 'test.echo', { key: '' })).rejects.toMatchObject({ code: 'JOBS_INVALID_PAYLOAD' });
    await expect(queue.enqueue(t().database.db, 'test.echo', { key: 1 })).rejects.toMatchObject({ code: 'JOBS_INVALID_PAYLOAD' });
    expect((await queue.list(t().database.db)).total).toBe(0);
  });

  it('retries a failing job with exponential back-off, then succeeds', async () => {
    const clock = new TestClock();
    const seen = newSeen();
    seen.failUntil.set('flaky', 2);
    const { queue, worker } = setup(t().database, clock, seen);
    const id = await queue.enqueue(t().database.db, 'test.echo', { key: 'flaky' });
    const t0 = clock.now();

    await worker.drain();
    expect(seen.runs).toHaveLength(1);
    let job = await queue.get(t().database.db, id);
    expect(job).toMatchObject({ status: 'queued', attempts: 1, runAt: t0 + 10 * MINUTE });
    expect(job.lastError).toContain('网关超时');

    clock.advance(10 * MINUTE - 1);
    await worker.drain();
    expect(seen.runs).toHaveLength(1); // not due yet

    clock.advance(1);
    await worker.drain();
    expect(seen.runs).toHaveLength(2);
    job = await queue.get(t().database.db, id);
    expect(job).toMatchObject({ status: 'queued', attempts: 2, runAt: t0 + 10 * MINUTE + 20 * MINUTE });

    clock.advance(20 * MINUTE);
    await worker.drain();
    job = await queue.get(t().database.db, id);
    expect(job).toMatchObject({ status: 'done', attempts: 3, lastError: null, finishedAt: t0 + 30 * MINUTE });
    const attempts = await queue.attempts(t().database.db, id);
    expect(attempts.map((a) => a.outcome)).toEqual(['error', 'error', 'done']);
  });

  it('marks a job failed after its last attempt, and an operator can retry it', async () => {
    const clock = new TestClock();
    const seen = newSeen();
    seen.failUntil.set('broken', 99);
    const { queue, worker } = setup(t().database, clock, seen);
    const id = await queue.enqueue(t().database.db, 'test.echo', { key: 'broken' });
    for (let i = 0; i < 5; i++) {
      await worker.drain();
      clock.advance(HOUR);
    }
    expect(seen.runs).toHaveLength(3);
    const failed = await queue.list(t().database.db, { status: 'failed' });
    expect(failed.items.map((j) => j.id)).toEqual([id]);
    expect(failed.items[0]).toMatchObject({ attempts: 3, maxAttempts: 3, lastError: '网关超时 (broken 第 3 次)' });

    await expect(queue.retry(t().database.db, 'no-such-job')).rejects.toMatchObject({ code: 'JOBS_NOT_FOUND' });
    seen.failUntil.set('broken', 0);
    await queue.retry(t().database.db, id);
    await expect(queue.retry(t().database.db, id)).rejects.toMatchObject({ code: 'JOBS_NOT_RETRYABLE' });
    await worker.drain();
    expect(await queue.get(t().database.db, id)).toMatchObject({ status: 'done', attempts: 4, maxAttempts: 6 });
    expect(seen.runs).toHaveLength(4);
  });

  it('runs a job due in 48 hours when the clock passes 48 hours, not before', async () => {
    const clock = new TestClock();
    const seen = newSeen();
    const { queue, worker } = setup(t().database, clock, seen);
    const runAt = clock.now() + 48 * HOUR;
    await queue.enqueue(t().database.db, 'test.echo', { key: 'expire-check' }, { runAt });
    clock.advance(48 * HOUR - 1);
    await worker.drain();
    expect(seen.runs).toHaveLength(0);
    clock.advance(1);
    await worker.drain();
    expect(seen.runs).toEqual([expect.objectContaining({ key: 'expire-check', now: runAt })]);
  });

  it('enqueues each cron occurrence once, however many processes tick', async () => {
    const clock = new TestClock('2026-09-01T00:00:00Z'); // 08:00 in Shanghai
    const seen = newSeen();
    const a = setup(t().database, clock, seen, 'a');
    const other = t().peer();
    const b = setup(other, clock, seen, 'b');
    await a.queue.syncSchedules(t().database.db);
    await b.queue.syncSchedules(other.db);

    clock.set('2026-09-01T17:59:59Z');
    await Promise.all([a.worker.drain(), b.worker.drain()]);
    expect(seen.runs).toHaveLength(0);

    clock.set('2026-09-01T18:00:00Z'); // 02:00 on 2 September in Shanghai
    await Promise.all([a.worker.tick(), b.worker.tick(), a.worker.tick(), b.worker.tick()]);
    await Promise.all([a.worker.drain(), b.worker.drain()]);
    expect(seen.runs).toHaveLength(1);

    // Three days with nothing running: the missed nights collapse into one run, then daily again.
    clock.set('2026-09-05T03:00:00Z');
    await Promise.all([a.worker.drain(), b.worker.drain()]);
    expect(seen.runs).toHaveLength(2);
    const [s] = await a.queue.schedules(t().database.db);
    expect(new Date(s!.nextRunAt).toISOString()).toBe('2026-09-05T18:00:00.000Z');
    clock.set('2026-09-05T18:00:00Z');
    await Promise.all([a.worker.drain(), b.worker.drain()]);
    expect(seen.runs).toHaveLength(3);
    expect((await a.queue.list(t().database.db, { status: 'done' })).total).toBe(3);
  });

  it('survives a restart: a job queued before the process stopped runs in the next one', async () => {
    const clock = new TestClock();
    const first = setup(t().database, clock, newSeen());
    const id = await first.queue.enqueue(t().database.db, 'test.echo', { key: 'before-restart' });
    await first.worker.stop();
    await t().database.close();

    const reopened = t().openAnother();
    const seen = newSeen();
    const second = setup(reopened, clock, seen, 'w2');
    await second.worker.drain();
    expect(seen.runs).toEqual([expect.objectContaining({ id, key: 'before-restart' })]);
    expect(await second.queue.get(reopened.db, id)).toMatchObject({ status: 'done' });
  });

  it('a job whose worker died mid-job is run again after its lease, and never after it is done', async () => {
    const clock = new TestClock();
    const seen = newSeen();
    const { queue } = setup(t().database, clock, seen);
    const id = await queue.enqueue(t().database.db, 'test.echo', { key: 'orphan' });

    // Worker "dead" claims the job and dies before finishing: nothing settles it.
    const claimed = await repo.claimDueJobs(t().database.db, {
      owner: 'dead',
      now: clock.now(),
      leaseUntil: clock.now() + DEFAULT_LEASE_MS,
      limit: 10,
      names: ['test.echo'],
    });
    expect(claimed.map((j) => j.id)).toEqual([id]);
    await repo.insertAttempt(t().database.db, { job_id: id, attempt: 1, worker: 'dead', started_at: clock.now(), finished_at: null, outcome: 'running', error: null });

    const survivor = setup(t().peer(), clock, seen, 'survivor');
    await survivor.worker.drain();
    expect(seen.runs).toHaveLength(0); // the lease still holds

    clock.advance(DEFAULT_LEASE_MS + 1);
    await survivor.worker.drain();
    expect(seen.runs).toEqual([expect.objectContaining({ id, attempt: 2 })]);
    const attempts = await queue.attempts(t().database.db, id);
    expect(attempts.map((a) => [a.worker, a.outcome])).toEqual([
      ['dead', 'lost'],
      ['survivor', 'done'],
    ]);

    // The dead worker coming back cannot overwrite the outcome.
    const late = await repo.settleJob(t().database.db, { id, owner: 'dead', attempt: 1 }, { status: 'failed', updated_at: clock.now() });
    expect(late).toBe(false);
    clock.advance(DAY);
    await survivor.worker.drain();
    expect(seen.runs).toHaveLength(1);
    expect(await queue.get(t().database.db, id)).toMatchObject({ status: 'done' });
  });

  it('two workers on separate connections never run one job twice', async () => {
    const clock = new TestClock();
    const seen = newSeen();
    const a = setup(t().database, clock, seen, 'a');
    const b = setup(t().peer(), clock, seen, 'b');
    const n = 120;
    await t().database.transaction(async (trx) => {
      for (let i = 0; i < n; i++) {
        await a.queue.enqueue(trx, 'test.echo', { key: `k${i}` });
      }
    });
    await Promise.all([a.worker.drain(), b.worker.drain(), a.worker.drain(), b.worker.drain()]);
    const keys = seen.runs.map((r) => r.key);
    expect(keys).toHaveLength(n);
    expect(new Set(keys).size).toBe(n);
    expect((await a.queue.list(t().database.db, { status: 'done' })).total).toBe(n);
  });

  it('a dedupe key makes a second enqueue return the first job', async () => {
    const clock = new TestClock();
    const seen = newSeen();
    const { queue, worker } = setup(t().database, clock, seen);
    const first = await queue.enqueue(t().database.db, 'test.echo', { key: 'once' }, { dedupeKey: 'sms:42' });
    const second = await queue.enqueue(t().database.db, 'test.echo', { key: 'once' }, { dedupeKey: 'sms:42' });
    expect(second).toBe(first);
    await worker.drain();
    expect(seen.runs).toHaveLength(1);
  });
});
