/**
 * The one port every SMS gateway adapter implements (sim://, cmpp://, smpp://). The module
 * calls `submit` for each part after its state is committed; the adapter calls back with
 * delivery reports and MOs, and acknowledges an MO on the wire only after `onMo` resolves
 * (the MO is then durable).
 */

/** One part of one message, as it goes on the wire. */
export interface OutboundPart {
  /** Our ids, for logs and the simulator. */
  messageId: string;
  seq: number;
  total: number;
  to: string;
  /** Source address: the service code plus the extension, e.g. 10657099 + 0123. */
  srcId: string;
  /** 0 ASCII, 8 UCS-2. */
  msgFmt: 0 | 8;
  /** Whether `content` starts with a UDH. */
  udhi: boolean;
  content: Buffer;
  /** The whole message's text, for simulators and logs (not sent). */
  text: string;
}

export type SubmitOutcome =
  /** The gateway took it and gave its id; a delivery report will follow. */
  | { kind: 'accepted'; gatewayMsgId: string }
  /** The gateway refused it for good (bad number, blacklisted, content refused). */
  | { kind: 'rejected'; code: string; message: string }
  /** It may or may not have been taken (timeout, connection cut): see docs/messaging.md. */
  | { kind: 'unknown'; reason: string }
  /** The gateway could not be reached or is throttling: try again later. */
  | { kind: 'retry'; reason: string };

export interface DeliveryReport {
  gatewayMsgId: string;
  /** DELIVRD, EXPIRED, UNDELIV, REJECTD, … as the SMS centre wrote it. */
  stat: string;
  to: string | null;
  doneAt: number;
}

/** An MO as it came off the wire. */
export interface WireMo {
  gatewayMsgId: string;
  from: string;
  /** Destination: the service code plus any extension. */
  to: string;
  msgFmt: number;
  udhi: boolean;
  content: Buffer;
}

export interface GatewayHandlers {
  onReport(gateway: string, report: DeliveryReport): Promise<void>;
  /** Resolves once the MO is stored; the adapter acknowledges it on the wire only then. */
  onMo(gateway: string, mo: WireMo): Promise<void>;
}

export interface GatewayStatus {
  name: string;
  url: string;
  kind: 'sim' | 'cmpp' | 'smpp';
  state: 'up' | 'connecting' | 'down';
  connections: { id: number; state: string; windowInUse: number; window: number }[];
  /** Parts per second allowed per connection. */
  rate: number | null;
  submitted: number;
  lastError: string | null;
  lastErrorAt: number | null;
}

export interface SmsGateway {
  readonly name: string;
  start(handlers: GatewayHandlers): Promise<void>;
  submit(part: OutboundPart): Promise<SubmitOutcome>;
  status(): GatewayStatus;
  stop(): Promise<void>;
}
