/** Every durable job the platform declares. Each module's issue adds its own here. */
import type { AppContext } from '../context';
import type { JobDefinition } from '../platform/jobs';
import { billingJobs } from './billing.jobs';
import { purgeDeviceNoncesJob } from './devices.jobs';
import { expireHoldsJob, purgeFinishedJobsJob, purgeSessionsJob } from './housekeeping.jobs';
import { matchReportJob, routeMoJob, smsSweepJob } from './messaging.jobs';
import { schoolGateJobs } from './school-gate.jobs';
import { schoolNotesJobs } from './school-notes.jobs';
import { subscriptionsJobs } from './subscriptions.jobs';

export const jobDefinitions = [purgeSessionsJob, purgeFinishedJobsJob, expireHoldsJob, routeMoJob, matchReportJob, smsSweepJob, purgeDeviceNoncesJob, ...schoolNotesJobs, ...schoolGateJobs, ...subscriptionsJobs, ...billingJobs] as unknown as JobDefinition<
  never,
  AppContext
>[];
