import type { Clock } from '../../platform/clock';
import type { Database, Db } from '../../platform/db/database';
import type { Logger } from '../../platform/logger';
import type { IdentityModule } from '../identity';
import type { Enqueue, MessagingModule } from '../messaging';
import type { OrgModule } from '../org';
import type { SubscriptionsModule } from '../subscriptions';

/**
 * What school messaging needs. It reads the roster through org's and identity's front doors
 * (students, classes, guardians and teachers as role holders), sends through messaging, and
 * asks subscriptions whether a guardian takes a service.
 */
export interface SchoolDeps {
  database: Database;
  db: Db;
  clock: Clock;
  log: Logger;
  /** Asia/Shanghai: school days, gate times and cut-offs are local. */
  timeZone: string;
  /** The short code (10657099): replies come to it plus an extension. */
  serviceCode: string;
  org: OrgModule;
  identity: IdentityModule;
  messaging: MessagingModule;
  subscriptions: SubscriptionsModule;
  enqueue: Enqueue;
}
