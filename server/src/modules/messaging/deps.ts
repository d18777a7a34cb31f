import type { Clock } from '../../platform/clock';
import type { Carrier, SmsConfig } from '../../platform/config-sms';
import type { Database, Db } from '../../platform/db/database';
import type { Logger } from '../../platform/logger';
import type { InboundRegistry } from './inbound-registry';
import type { SmsGateway } from './ports';

/** How the module enqueues its durable jobs (the platform queue, passed in by app.ts). */
export type Enqueue = (db: Db, name: string, payload: unknown, opts?: { runAt?: number; dedupeKey?: string }) => Promise<string>;

export interface GatewayRouter {
  /** The gateway for a number's carrier (null: unknown segment → the default gateway). */
  forCarrier(carrier: Carrier | null): SmsGateway;
  all(): SmsGateway[];
}

export interface MessagingDeps {
  database: Database;
  db: Db;
  clock: Clock;
  log: Logger;
  config: SmsConfig;
  timeZone: string;
  enqueue: Enqueue;
  gateways: GatewayRouter;
  inbound: InboundRegistry;
}

export const JOB_DELIVER = 'messaging.deliver';
/** Delivers up to BATCH_SIZE messages of a bulk in one job. */
export const JOB_DELIVER_BATCH = 'messaging.deliver-batch';
export const DELIVER_BATCH_SIZE = 100;
export const JOB_ROUTE_MO = 'messaging.route-mo';
export const JOB_MATCH_REPORT = 'messaging.match-report';
