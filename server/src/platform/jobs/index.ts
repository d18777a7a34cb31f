/** Durable jobs: the front door (queue, worker, definitions). */
export { backoffDelay, defineJob, DEFAULT_LEASE_MS, DEFAULT_RETRY, JobErrors, JobQueue, nextCronTime } from './queue';
export type { EnqueueOptions, JobDefinition, JobInfo, JobRun, RetryPolicy, ScheduleInfo } from './queue';
export type { JobStatus } from './jobs.repo';
export { JobWorker } from './worker';
export type { WorkerOptions } from './worker';
