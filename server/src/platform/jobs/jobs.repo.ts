/** Queries on the job tables, and nothing else. Each takes a Db or a transaction. */
import { sql, type Kysely } from 'kysely';
import { dialectOf, type Db } from '../db/database';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface JobRow {
  id: string;
  name: string;
  payload: string;
  status: JobStatus;
  run_at: number;
  attempts: number;
  max_attempts: number;
  lease_owner: string | null;
  lease_until: number | null;
  last_error: string | null;
  dedupe_key: string | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
}

export interface JobAttemptRow {
  job_id: string;
  attempt: number;
  worker: string;
  started_at: number;
  finished_at: number | null;
  outcome: 'running' | 'done' | 'error' | 'lost';
  error: string | null;
}

export interface ScheduleRow {
  name: string;
  cron: string;
  timezone: string;
  next_run_at: number;
  last_enqueued_at: number | null;
  updated_at: number;
}

interface Tables {
  jobs: JobRow;
  job_attempts: JobAttemptRow;
  job_schedules: ScheduleRow;
}

const t = (db: Db) => db as Kysely<Tables>;

/** Inserts a job; with a dedupe key already taken, inserts nothing and returns the existing id. */
export async function insertJob(db: Db, row: JobRow): Promise<{ id: string; inserted: boolean }> {
  const res = await t(db)
    .insertInto('jobs')
    .values(row)
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (res) {
    return { id: res.id, inserted: true };
  }
  const existing = await t(db)
    .selectFrom('jobs')
    .select('id')
    .where('dedupe_key', '=', row.dedupe_key)
    .executeTakeFirstOrThrow();
  return { id: existing.id, inserted: false };
}

/**
 * Claims up to `limit` jobs that are due, or whose worker's lease ran out (the worker died):
 * marks them running under `owner` until `leaseUntil` and counts the attempt. On PostgreSQL
 * `FOR UPDATE SKIP LOCKED` lets several workers claim side by side without taking the same
 * row; SQLite serialises writers, so the same statement is enough there.
 */
export async function claimDueJobs(
  db: Db,
  opts: { owner: string; now: number; leaseUntil: number; limit: number; names: string[] },
): Promise<JobRow[]> {
  if (opts.names.length === 0) {
    return [];
  }
  let due = t(db)
    .selectFrom('jobs')
    .select('id')
    .where('name', 'in', opts.names)
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'queued'), eb('run_at', '<=', opts.now)]),
        eb.and([eb('status', '=', 'running'), eb('lease_until', '<', opts.now)]),
      ]),
    )
    .orderBy('run_at')
    .limit(opts.limit);
  if (dialectOf(db) === 'postgres') {
    due = due.forUpdate().skipLocked();
  }
  return t(db)
    .updateTable('jobs')
    .set({
      status: 'running',
      lease_owner: opts.owner,
      lease_until: opts.leaseUntil,
      attempts: sql<number>`attempts + 1`,
      updated_at: opts.now,
    })
    .where('id', 'in', due)
    .returningAll()
    .execute();
}

/** The attempt before this one, if its worker never finished it, is recorded as lost. */
export async function markLostAttempts(db: Db, jobId: string, beforeAttempt: number, now: number): Promise<void> {
  await t(db)
    .updateTable('job_attempts')
    .set({ outcome: 'lost', finished_at: now, error: '执行进程中断（租约过期）' })
    .where('job_id', '=', jobId)
    .where('attempt', '<', beforeAttempt)
    .where('outcome', '=', 'running')
    .execute();
}

export async function insertAttempt(db: Db, row: JobAttemptRow): Promise<void> {
  await t(db).insertInto('job_attempts').values(row).execute();
}

export async function finishAttempt(
  db: Db,
  key: { jobId: string; attempt: number },
  outcome: 'done' | 'error',
  now: number,
  error: string | null,
): Promise<void> {
  await t(db)
    .updateTable('job_attempts')
    .set({ outcome, finished_at: now, error })
    .where('job_id', '=', key.jobId)
    .where('attempt', '=', key.attempt)
    .execute();
}

/**
 * Ends a claimed job, fenced by owner and attempt: a worker whose lease was taken over by
 * another changes nothing. Returns whether the row was still this worker's.
 */
export async function settleJob(
  db: Db,
  key: { id: string; owner: string; attempt: number },
  set: Partial<Pick<JobRow, 'status' | 'run_at' | 'last_error' | 'finished_at'>> & { updated_at: number },
): Promise<boolean> {
  const res = await t(db)
    .updateTable('jobs')
    .set({ ...set, lease_owner: null, lease_until: null })
    .where('id', '=', key.id)
    .where('status', '=', 'running')
    .where('lease_owner', '=', key.owner)
    .where('attempts', '=', key.attempt)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function findJob(db: Db, id: string): Promise<JobRow | undefined> {
  return t(db).selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listJobs(
  db: Db,
  opts: { status?: JobStatus; name?: string; limit: number; offset: number },
): Promise<{ rows: JobRow[]; total: number }> {
  let q = t(db).selectFrom('jobs');
  if (opts.status) {
    q = q.where('status', '=', opts.status);
  }
  if (opts.name) {
    q = q.where('name', '=', opts.name);
  }
  const rows = await q
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(opts.limit)
    .offset(opts.offset)
    .execute();
  const { n } = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { rows, total: Number(n) };
}

export async function countJobsByStatus(db: Db): Promise<Record<JobStatus, number>> {
  const rows = await t(db)
    .selectFrom('jobs')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  const out: Record<JobStatus, number> = { queued: 0, running: 0, done: 0, failed: 0 };
  for (const r of rows) {
    out[r.status] = Number(r.n);
  }
  return out;
}

export async function listAttempts(db: Db, jobId: string): Promise<JobAttemptRow[]> {
  return t(db).selectFrom('job_attempts').selectAll().where('job_id', '=', jobId).orderBy('attempt').execute();
}

/**
 * A failed job goes back to the queue with `moreAttempts` more tries. Attempt numbers keep
 * counting up, so the history of earlier attempts stays.
 */
export async function requeueFailedJob(db: Db, id: string, now: number, moreAttempts: number): Promise<boolean> {
  const res = await t(db)
    .updateTable('jobs')
    .set({
      status: 'queued',
      run_at: now,
      max_attempts: sql<number>`attempts + ${moreAttempts}`,
      finished_at: null,
      updated_at: now,
    })
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Finished jobs older than `before` are deleted (their attempts go with them). */
export async function deleteFinishedJobs(db: Db, before: number): Promise<number> {
  const res = await t(db)
    .deleteFrom('jobs')
    .where('status', '=', 'done')
    .where('finished_at', '<', before)
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}

export async function upsertSchedule(db: Db, row: ScheduleRow): Promise<void> {
  await t(db)
    .insertInto('job_schedules')
    .values(row)
    .onConflict((oc) =>
      oc.column('name').doUpdateSet({
        cron: row.cron,
        timezone: row.timezone,
        next_run_at: row.next_run_at,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

export async function listSchedules(db: Db): Promise<ScheduleRow[]> {
  return t(db).selectFrom('job_schedules').selectAll().orderBy('name').execute();
}

export async function dueSchedules(db: Db, now: number): Promise<ScheduleRow[]> {
  return t(db).selectFrom('job_schedules').selectAll().where('next_run_at', '<=', now).execute();
}

export async function earliestScheduleTime(db: Db): Promise<number | null> {
  const r = await t(db)
    .selectFrom('job_schedules')
    .select((eb) => eb.fn.min('next_run_at').as('at'))
    .executeTakeFirst();
  return r?.at ?? null;
}

/** Moves a schedule on, only if nobody moved it since it was read. */
export async function advanceSchedule(
  db: Db,
  name: string,
  from: number,
  to: number,
  now: number,
): Promise<boolean> {
  const res = await t(db)
    .updateTable('job_schedules')
    .set({ next_run_at: to, last_enqueued_at: now, updated_at: now })
    .where('name', '=', name)
    .where('next_run_at', '=', from)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
