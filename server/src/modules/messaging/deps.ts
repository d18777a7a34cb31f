import type { Batcher } from '../../platform/batcher';
import type { Clock } from '../../platform/clock';
import type { Carrier, SmsConfig } from '../../platform/config-sms';
import type { Database, Db } from '../../platform/db/database';
import type { Logger } from '../../platform/logger';
import type { InboundRegistry } from './inbound-registry';
import type { SmsGateway } from './ports';
import type { Prepared, SendSmsOptions, SendSmsResult } from './send-types';

/** How the module enqueues its durable jobs (the platform queue, passed in by app.ts). */
export type Enqueue = (db: Db, name: string, payload: unknown, opts?: { runAt?: number; dedupeKey?: string }) => Promise<string>;

export interface GatewayRouter {
  /** The gateway for a number's carrier (null: unknown segment → the default gateway). */
  forCarrier(carrier: Carrier | null): SmsGateway;
  /** By its name (a part is answered by the gateway that took it). */
  forName(name: string): SmsGateway;
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
  /** Group commit for sends (send-sms.ts). */
  sendBatcher: Batcher<{ o: SendSmsOptions; p: Prepared }, SendSmsResult>;
  /** Wakes the dispatcher: parts were queued. */
  kick: () => void;
}

export const JOB_ROUTE_MO = 'messaging.route-mo';
export const JOB_MATCH_REPORT = 'messaging.match-report';
