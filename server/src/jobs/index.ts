/** Every durable job the platform declares. Each module's issue adds its own here. */
import type { AppContext } from '../context';
import type { JobDefinition } from '../platform/jobs';
import { expireHoldsJob, purgeFinishedJobsJob, purgeSessionsJob } from './housekeeping.jobs';

export const jobDefinitions = [purgeSessionsJob, purgeFinishedJobsJob, expireHoldsJob] as unknown as JobDefinition<
  never,
  AppContext
>[];
