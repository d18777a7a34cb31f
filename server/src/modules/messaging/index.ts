/**
 * Messaging: every SMS in and out. Other modules call `send` / `sendBulk` and register
 * inbound handlers; gateways (sim://, cmpp://, smpp://) plug in through ports.ts. Rules:
 * docs/messaging.md. The front door: other code imports only this file.
 */
import type { Clock } from '../../platform/clock';
import type { SmsConfig } from '../../platform/config-sms';
import type { Database } from '../../platform/db/database';
import type { Logger } from '../../platform/logger';
import { Batcher } from '../../platform/batcher';
import { Dispatcher } from './dispatcher';
import type { Enqueue, GatewayRouter, MessagingDeps } from './deps';
import { InboundRegistry, type InboundHandler } from './inbound-registry';
import * as repo from './messaging.repo';
import { addOptout, listOptouts, removeOptout } from './optouts';
import { anonymiseNumber, smsPersonalData } from './personal-data';
import type { DeliveryReport, GatewayHandlers, WireMo } from './ports';
import * as q from './queries';
import { receiveMo } from './receive-mo';
import { matchOrphanReport, recordReports, type ReportOutcome } from './record-report';
import { routeMo } from './route-mo';
import { bulkMessages, bulkReport, bulkView, resendFailed, sendBulk, type SendBulkOptions } from './send-bulk';
import { queueBatch, sendSms, type SendSmsOptions } from './send-sms';
import type { Prepared, SendSmsResult } from './send-types';
import { sweep } from './sweep';

export type * from './ports';
export type { InboundHandler, InboundMessage, InboundOutcome } from './inbound-registry';
export type { MessageView, PartView, MoView } from './views';
export type { MessageLife, PhoneLine } from './queries';
export type { BulkView, BulkReport, SendBulkOptions } from './send-bulk';
export type { SendSmsOptions, SendSmsResult } from './send-sms';
export type { OptoutView } from './optouts';
export type { SmsPersonalData } from './personal-data';
export type { MessageStatus } from './messaging.repo';
export type { Enqueue, GatewayRouter } from './deps';
export { MessagingErrors } from './messaging.errors';
export { JOB_MATCH_REPORT, JOB_ROUTE_MO } from './deps';
export { OPT_OUT_KEYWORDS, HELP_TEXT } from './route-mo';
export * as smsText from './text';

export function messagingModule(o: { database: Database; clock: Clock; log: Logger; config: SmsConfig; timeZone: string; enqueue: Enqueue; gateways: GatewayRouter }) {
  const inbound = new InboundRegistry();
  let dispatcher: Dispatcher | null = null;
  const deps: MessagingDeps = {
    ...o,
    db: o.database.db,
    inbound,
    sendBatcher: new Batcher<{ o: SendSmsOptions; p: Prepared }, SendSmsResult>((items) => queueBatch(deps, items), 500),
    kick: () => dispatcher?.kick(),
  };
  dispatcher = new Dispatcher(deps);
  const reports = new Batcher<{ gateway: string; report: DeliveryReport }, ReportOutcome>(async (items) => (await recordReports(deps, items)).map((value) => ({ status: 'fulfilled' as const, value })), 1000, 5);
  const handlers: GatewayHandlers = {
    onReport: async (gateway: string, report: DeliveryReport) => {
      await reports.submit({ gateway, report });
    },
    onMo: async (gateway: string, mo: WireMo) => {
      await receiveMo(deps, gateway, mo);
    },
  };
  return {
    /** Queues one message (delivered by a job after commit). Same key, same message: a replay. */
    send: (opts: SendSmsOptions) => sendSms(deps, opts),
    sendBulk: (opts: SendBulkOptions) => sendBulk(deps, opts),
    bulkReport: (bulkId: string) => bulkReport(deps, bulkId),
    bulkMessages: (bulkId: string, status?: repo.MessageStatus) => bulkMessages(deps, bulkId, status),
    listBulks: async (limit = 50) => (await repo.listBulks(deps.db, limit)).map(bulkView),
    resendFailed: (bulkId: string) => resendFailed(deps, bulkId),
    searchMessages: (s: Parameters<typeof q.searchMessages>[1]) => q.searchMessages(deps, s),
    messageLife: (id: string) => q.messageLife(deps, id),
    searchMo: (f: Parameters<typeof q.searchMo>[1]) => q.searchMo(deps, f),
    phoneConversation: (msisdn: string, limit?: number) => q.phoneConversation(deps, msisdn, limit),
    addOptout: (x: Parameters<typeof addOptout>[1]) => addOptout(deps, x),
    removeOptout: (x: Parameters<typeof removeOptout>[1]) => removeOptout(deps, x),
    /** Everything sent to and received from a number (a person's data download). */
    personalData: (msisdn: string) => smsPersonalData(deps, msisdn),
    /** The person left: the number becomes a pseudonym, texts are erased, nothing queued goes out. */
    anonymiseNumber: (msisdn: string) => anonymiseNumber(deps, msisdn),
    listOptouts: (f: Parameters<typeof listOptouts>[1]) => listOptouts(deps, f),
    registerInbound: (h: InboundHandler) => {
      inbound.register(h);
    },
    registerService: (code: string, title: string) => {
      inbound.registerService(code, title);
    },
    services: () => inbound.services(),
    gatewayStatus: () => o.gateways.all().map((g) => g.status()),
    /** What adapters call back (delivery reports, MOs). */
    handlers,
    /** Sends every part due now and records the outcomes (tests; the running dispatcher does this by itself). */
    dispatchDue: () => dispatcher.drainDue(),
    // Job bodies (jobs/messaging.jobs.ts):
    routeMo: (moId: string) => routeMo(deps, moId),
    matchReport: (reportId: string) => matchOrphanReport(deps, reportId),
    sweep: () => sweep(deps),
    /** Connects every gateway and starts the dispatcher (in the process that runs the worker). */
    start: async (opts: { dispatcher?: boolean } = {}) => {
      await Promise.all(o.gateways.all().map((g) => g.start(handlers)));
      if (opts.dispatcher ?? true) {
        dispatcher.start();
      }
    },
    stop: async () => {
      await dispatcher.stop();
      await Promise.all(o.gateways.all().map((g) => g.stop()));
    },
  };
}

export type MessagingModule = ReturnType<typeof messagingModule>;
