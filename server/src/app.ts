/**
 * Composition root: builds the context (database, clock, logger, job queue, modules) and the
 * HTTP application, and wires the worker. main.ts and the CLI call these; so do tests.
 */
import { jobDefinitions } from './jobs';
import type { AppContext } from './context';
import { devicesModule } from './modules/devices';
import { identityModule } from './modules/identity';
import { ledgerModule } from './modules/ledger';
import { messagingModule } from './modules/messaging';
import { orgModule } from './modules/org';
import { schoolModule } from './modules/school';
import { subscriptionsModule } from './modules/subscriptions';
import { createGateways, type GatewaySet } from './adapters/sms';
import { systemClock, type Clock } from './platform/clock';
import type { Config } from './platform/config';
import { openDatabase, type Database } from './platform/db/database';
import { migrateToLatest } from './platform/db/migrate';
import { JobQueue, JobWorker, type JobDefinition } from './platform/jobs';
import { createLogger, type Logger } from './platform/logger';
import { createMetrics } from './platform/metrics';
import { appVersion } from './platform/paths';

export interface ContextOptions {
  config: Config;
  clock?: Clock;
  log?: Logger;
  /** An already open database (tests); otherwise opened from config. */
  database?: Database;
  /** Extra job definitions (tests). */
  extraJobs?: JobDefinition<never, AppContext>[];
  processMetrics?: boolean;
  /** SMS gateways (tests); otherwise built from SMS_GATEWAY. */
  smsGateways?: GatewaySet;
}

export function createContext(opts: ContextOptions): AppContext {
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? createLogger(opts.config.logLevel);
  const database = opts.database ?? openDatabase(opts.config.database);
  const jobs = new JobQueue<AppContext>(clock, opts.config.businessTimezone);
  jobs.register(...(jobDefinitions as JobDefinition[]), ...((opts.extraJobs ?? []) as JobDefinition[]));
  const metrics = createMetrics({ processMetrics: opts.processMetrics ?? false });
  metrics.countJobsWith(() => jobs.counts(database.db));
  const sms = opts.smsGateways ?? createGateways(opts.config.sms, () => clock.now(), log);
  const messaging = messagingModule({
    database,
    clock,
    log,
    config: opts.config.sms,
    timeZone: opts.config.businessTimezone,
    enqueue: (db, name, payload, o) => jobs.enqueue(db, name, payload, o),
    gateways: sms.router,
  });
  const identity = identityModule({ db: database.db, clock, timeZone: opts.config.businessTimezone }, { sessionCacheMs: opts.config.sessionCacheMs });
  const org = orgModule({ db: database.db, clock });
  const enqueue = (db: Parameters<typeof jobs.enqueue>[0], name: string, payload: unknown, o?: { runAt?: number; dedupeKey?: string }) => jobs.enqueue(db, name, payload, o);
  // What the modules that read the roster and send SMS share.
  const rosterDeps = { database, db: database.db, clock, log, timeZone: opts.config.businessTimezone, serviceCode: opts.config.sms.serviceCode, identity, org, messaging, enqueue };
  const subscriptions = subscriptionsModule(rosterDeps);
  return {
    config: opts.config,
    database,
    clock,
    log,
    metrics,
    jobs,
    identity,
    ledger: ledgerModule({ database, clock, pipeline: opts.config.ledgerPipeline }),
    devices: devicesModule({ db: database.db, clock }),
    messaging,
    org,
    subscriptions,
    school: schoolModule({ ...rosterDeps, subscriptions }),
    smsSim: sms.sim,
    version: appVersion(),
    startedAt: clock.now(),
  };
}

/** Brings the database to the latest schema and writes declared schedules. */
export async function prepareDatabase(ctx: AppContext): Promise<string[]> {
  const { applied } = await migrateToLatest(ctx.database);
  await ctx.jobs.syncSchedules(ctx.database.db);
  return applied;
}

export function createWorker(ctx: AppContext, opts: { concurrency?: number; pollMs?: number; id?: string } = {}) {
  return new JobWorker<AppContext>({
    database: ctx.database,
    queue: ctx.jobs,
    clock: ctx.clock,
    log: ctx.log,
    ctx,
    ...opts,
    onSettled: (name, outcome) => ctx.metrics.jobsSettled.inc({ name, outcome }),
  });
}
