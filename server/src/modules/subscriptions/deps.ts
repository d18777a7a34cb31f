import type { Clock } from '../../platform/clock';
import type { Database, Db } from '../../platform/db/database';
import type { Logger } from '../../platform/logger';
import type { IdentityModule } from '../identity';
import type { Enqueue, MessagingModule } from '../messaging';
import type { OrgModule } from '../org';

/**
 * What subscriptions need. They read the roster (is this number a guardian, of which school,
 * under which agency) through identity's and org's front doors, confirm every change to the
 * guardian through messaging, and leave money to flows/billing (the ledger is never called here).
 */
export interface SubscriptionsDeps {
  database: Database;
  db: Db;
  clock: Clock;
  log: Logger;
  /** Asia/Shanghai: months, the 20th and the 24th are Beijing's. */
  timeZone: string;
  /** The short code (10657099); an agent's request is confirmed by replying to it + '4'. */
  serviceCode: string;
  identity: IdentityModule;
  org: OrgModule;
  messaging: MessagingModule;
  enqueue: Enqueue;
}
