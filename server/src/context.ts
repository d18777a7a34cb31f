/**
 * The application context: everything a route, job or CLI command needs, built in one place
 * (app.ts). Modules receive only the parts they use.
 */
import type { DevicesModule } from './modules/devices';
import type { IdentityModule } from './modules/identity';
import type { LedgerModule } from './modules/ledger';
import type { MessagingModule } from './modules/messaging';
import type { OrgModule } from './modules/org';
import type { SchoolModule } from './modules/school';
import type { SubscriptionsModule } from './modules/subscriptions';
import type { SimGateway } from './adapters/sms';
import type { Clock } from './platform/clock';
import type { Config } from './platform/config';
import type { Database } from './platform/db/database';
import type { JobQueue } from './platform/jobs';
import type { Logger } from './platform/logger';
import type { Metrics } from './platform/metrics';

export interface AppContext {
  config: Config;
  database: Database;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
  jobs: JobQueue<AppContext>;
  identity: IdentityModule;
  devices: DevicesModule;
  ledger: LedgerModule;
  messaging: MessagingModule;
  org: OrgModule;
  subscriptions: SubscriptionsModule;
  school: SchoolModule;
  /** The in-process SMS simulator when SMS_GATEWAY uses sim:// (the console's 短信模拟器). */
  smsSim: SimGateway | null;
  version: string;
  startedAt: number;
}
