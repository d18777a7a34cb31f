/**
 * A test ISMG (the carrier's SMS gateway) on loopback, for tests, `npm start` and
 * `yikatong sim ismg` (`reference/cmpp2.md` §2.16).
 *
 * - CONNECT: Status 0, 2 (unknown SP_Id), 3 (wrong secret), 4 (version above `maxVersion`),
 *   56 (超过帐号设置接口数, with `faults.maxConnections`). A refused login is closed.
 * - SUBMIT: checked (Result 1 bad structure or DestUsr_tl, 6 too long, 7 Service_Id, 10 Src_Id
 *   not under the service code, 11 Msg_src ≠ SP_Id, 13 bad number), answered with a Msg_Id in
 *   the §2.8 layout (Msg_Id + i for recipient i), then a status report after `reportDelayMs`.
 *   The report depends on the destination's last digit:
 *       …4 → UNDELIV   …5 → no report   …6 → EXPIRED   …7 → MB:0001   anything else → DELIVRD
 * - DELIVER (reports and `injectMo`): resent with a new Sequence_Id (same Msg_Id) when no
 *   DELIVER_RESP comes within `deliverResendMs`, `deliverRetries` sends in all, like an ISMG.
 * - ACTIVE_TEST both ways, TERMINATE both ways, garbage on request.
 * - Fault modes, settable at any time with `setFaults` (see `IsmgFaults`).
 * - Records every SUBMIT (decoded), every DELIVER it sent, every login and every packet (hex);
 *   `until(predicate)` waits for a state without sleeping.
 */
import { EventEmitter } from 'node:events';
import net, { type AddressInfo, type Server, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import iconv from 'iconv-lite';
import { authenticatorIsmg, verifyAuthenticatorSource } from './auth';
import {
  CmppFrameReader,
  CommandId,
  cmppVersionOf,
  commandName,
  decodePdu,
  encodePdu,
  readHeader,
  type CmppConnect,
  type CmppDeliver,
  type CmppPdu,
  type CmppSubmit,
  type CmppVersion,
} from './codec';
import { createMsgIdGenerator, msgIdToHex, offsetMsgId } from './msg-id';

export interface IsmgFaults {
  /** Every n-th SUBMIT (counted from `setFaults`) is answered Result 8 (flow control). */
  result8Every?: number;
  /**
   * SUBMIT_RESPs lost: below 1 a probability, n ≥ 1 every n-th SUBMIT. The message still counts
   * as taken: its status report still comes (the case the "unknown" outcome is for).
   */
  dropSubmitResp?: number;
  /** The status report is sent before the SUBMIT_RESP (the Jasmin #423 race). */
  reportBeforeResp?: boolean;
  /** Every status report is sent twice. */
  duplicateReports?: boolean;
  /** Once: the n-th SUBMIT from now closes its connection before it is answered. */
  cutAfterSubmits?: number;
  /** Logins beyond this many connections per account get Status 56. */
  maxConnections?: number;
  /** SUBMIT_RESPs wait until `releaseHeld()`: lets a test see the client's window fill. */
  holdSubmitResp?: boolean;
  /** The client's ACTIVE_TESTs get no answer. */
  ignoreActiveTest?: boolean;
  /** More unanswered SUBMITs than this on one connection → Result 8. */
  window?: number;
  /** More SUBMITs a second than this on one connection → Result 8 (token bucket, burst rate/10). */
  rate?: number;
}

export interface IsmgSimulatorOptions {
  /** SP_Id → shared secret. */
  accounts: Record<string, string>;
  /** Delay before a status report; default 0. */
  reportDelayMs?: number;
  /** Service_Id every SUBMIT must carry; default XXT. */
  serviceId?: string;
  /** The service code every Src_Id must start with; default 10657099. */
  srcId?: string;
  /** The ISMG code in Msg_Ids; default 1. */
  gateway?: number;
  /** Highest Version byte accepted; default 0x30. */
  maxVersion?: number;
  /** T for DELIVERs; default 60 s. */
  deliverResendMs?: number;
  /** N for DELIVERs; default 3. */
  deliverRetries?: number;
  faults?: IsmgFaults;
  now?: () => number;
  /** Frames kept in `packets`: at least this many of the latest (default 20,000). */
  keepPackets?: number;
}

export interface ReceivedSubmit {
  connectionId: number;
  spId: string;
  sequenceId: number;
  /** The first recipient. */
  to: string;
  destTerminalIds: string[];
  msgFmt: number;
  udhi: boolean;
  tpUdhi: number;
  pkTotal: number;
  pkNumber: number;
  /** Msg_Content as sent, UDH included. */
  content: Buffer;
  /** The content after any UDH, decoded by Msg_Fmt. */
  text: string;
  srcId: string;
  serviceId: string;
  msgSrc: string;
  registeredDelivery: number;
  /** The Msg_Id given (16 hex), or null when refused or cut. */
  msgId: string | null;
  /** The Result, or null when the connection was cut before answering. */
  result: number | null;
  /** 'answered', 'held' (waiting for releaseHeld), 'dropped' (fault), 'cut'. */
  response: 'answered' | 'held' | 'dropped' | 'cut';
  /** performance.now() when it arrived. */
  at: number;
}

export interface SentDeliver {
  kind: 'report' | 'mo';
  /** The DELIVER's own Msg_Id (16 hex), the same in every resend. */
  msgId: string;
  /** For a report: the SUBMIT's Msg_Id and the Stat. */
  reportFor?: string;
  stat?: string;
  sends: number;
  /** DELIVER_RESP Result, or null while none came. */
  result: number | null;
}

export interface LoginAttempt {
  connectionId: number;
  spId: string;
  version: number;
  status: number;
}

export interface PacketRecord {
  connectionId: number;
  dir: 'in' | 'out';
  command: string;
  sequenceId: number;
  hex: string;
}

export interface SimConnectionInfo {
  id: number;
  spId: string | null;
  open: boolean;
  inFlight: number;
  held: number;
}

export interface InjectMoOptions {
  from: string;
  /** Dest_Id: the service code plus any extension. */
  to: string;
  /** Encoded by msgFmt: 0 latin1, 8 UCS-2, 15 GBK; without msgFmt, ASCII if it can be, else UCS-2. */
  text?: string;
  /** Raw Msg_Content (with the UDH of a long MO); wins over text. */
  content?: Buffer;
  msgFmt?: number;
  /** Sets TP_udhi to 1. */
  udhi?: boolean;
  /** Raw TP_udhi (e.g. 0x40, as most ISMGs send for a long MO); wins over udhi. */
  tpUdhi?: number;
  /** The account to deliver to; default the first. */
  spId?: string;
  serviceId?: string;
}

export interface InjectedMo {
  msgId: string;
  sends: number;
  result: number;
}

interface SimConnection {
  id: number;
  socket: Socket;
  reader: CmppFrameReader;
  version: CmppVersion;
  spId: string | null;
  open: boolean;
  seq: number;
  pending: Map<number, (pdu: CmppPdu | undefined) => void>;
  held: (() => void)[];
  inFlight: number;
  tokens: number;
  refilledAt: number;
}

const KEEP_PACKETS = 20_000;
const MSISDN = /^(\+?86)?1\d{10}$/;

/** Report Stat by the destination's last digit; null = no report. */
export function simulatedStat(to: string): string | null {
  switch (to.slice(-1)) {
    case '4':
      return 'UNDELIV';
    case '5':
      return null;
    case '6':
      return 'EXPIRED';
    case '7':
      return 'MB:0001';
    default:
      return 'DELIVRD';
  }
}

/** YYMMDDHHMM in Beijing time (UTC+8, no daylight saving). */
function reportTime(at: number): string {
  const d = new Date(at + 8 * 3_600_000);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(d.getUTCFullYear() % 100)}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}${two(d.getUTCHours())}${two(d.getUTCMinutes())}`;
}

function encodeText(text: string, msgFmt: number): Buffer {
  switch (msgFmt) {
    case 8:
      return Buffer.from(text, 'utf16le').swap16();
    case 15:
      return iconv.encode(text, 'gbk');
    default:
      return Buffer.from(text, 'latin1');
  }
}

function decodeText(content: Buffer, msgFmt: number, udhi: boolean): string {
  const headerLength = udhi && content.length > 0 ? 1 + content.readUInt8(0) : 0;
  const body = content.subarray(Math.min(headerLength, content.length));
  switch (msgFmt) {
    case 8:
      return Buffer.from(body.subarray(0, body.length - (body.length % 2))).swap16().toString('utf16le');
    case 15:
      return iconv.decode(body, 'gb18030');
    case 4:
      return body.toString('hex');
    default:
      return body.toString('latin1');
  }
}

export class IsmgSimulator {
  readonly submits: ReceivedSubmit[] = [];
  readonly delivers: SentDeliver[] = [];
  readonly logins: LoginAttempt[] = [];
  readonly packets: PacketRecord[] = [];
  /** TERMINATEs received from clients. */
  terminatesReceived = 0;
  /** The most unanswered SUBMITs seen on one connection. */
  maxInFlight = 0;

  private readonly accounts: Map<string, string>;
  private readonly server: Server;
  private readonly connections = new Map<number, SimConnection>();
  private readonly events = new EventEmitter();
  private readonly msgIds: (at: number, count?: number) => bigint;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly now: () => number;
  private readonly reportDelayMs: number;
  private readonly keepPackets: number;
  private readonly deliverResendMs: number;
  private readonly deliverRetries: number;
  private readonly maxVersion: number;
  readonly serviceId: string;
  readonly srcId: string;
  private currentFaults: IsmgFaults = {};
  private faultCount = 0;
  private cutCountdown: number | undefined;
  private nextConnectionId = 1;
  private nextDeliverConnection = 0;
  private smscSequence = 0;
  private address: AddressInfo | undefined;
  private closed = false;

  constructor(options: IsmgSimulatorOptions) {
    this.accounts = new Map(Object.entries(options.accounts));
    this.reportDelayMs = options.reportDelayMs ?? 0;
    this.keepPackets = Math.max(1, options.keepPackets ?? KEEP_PACKETS);
    this.serviceId = options.serviceId ?? 'XXT';
    this.srcId = options.srcId ?? '10657099';
    this.maxVersion = options.maxVersion ?? 0x30;
    this.deliverResendMs = options.deliverResendMs ?? 60_000;
    this.deliverRetries = options.deliverRetries ?? 3;
    this.now = options.now ?? Date.now;
    this.msgIds = createMsgIdGenerator({ gateway: options.gateway ?? 1 });
    this.events.setMaxListeners(0);
    this.setFaults(options.faults ?? {});
    this.server = net.createServer((socket) => {
      this.accept(socket);
    });
  }

  // --- lifecycle -------------------------------------------------------------------------------

  /** Listens on 127.0.0.1; port 0 picks a free one. */
  listen(port = 0, host = '127.0.0.1'): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        this.address = this.server.address() as AddressInfo;
        resolve(this.address);
      });
    });
  }

  /** Closes every connection at once (no TERMINATE) and the listener. */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) {
      clearTimeout(timer);
    }
    this.timers.clear();
    for (const conn of this.connections.values()) {
      conn.socket.destroy();
    }
    if (this.server.listening) {
      await new Promise<void>((resolve) => this.server.close(() => resolve()));
    }
  }

  /** The cmpp:// address a client uses for `spId` (the secret included: it is a test account). */
  clientUrl(spId: string, params: Record<string, string | number> = {}): string {
    const secret = this.accounts.get(spId);
    if (this.address === undefined || secret === undefined) {
      throw new Error(this.address === undefined ? '模拟网关尚未监听' : `没有账号 ${spId}`);
    }
    const query = new URLSearchParams({ serviceId: this.serviceId, srcId: this.srcId });
    for (const [k, v] of Object.entries(params)) {
      query.set(k, String(v));
    }
    return `cmpp://${encodeURIComponent(spId)}:${encodeURIComponent(secret)}@${this.address.address}:${String(this.address.port)}?${query.toString()}`;
  }

  // --- faults and observation ------------------------------------------------------------------

  /** Replaces the fault modes; the every-n-th counters start again. */
  setFaults(faults: IsmgFaults): void {
    this.currentFaults = { ...faults };
    this.faultCount = 0;
    this.cutCountdown = faults.cutAfterSubmits;
  }

  get faults(): Readonly<IsmgFaults> {
    return this.currentFaults;
  }

  connectionsInfo(): SimConnectionInfo[] {
    return [...this.connections.values()].map((c) => ({ id: c.id, spId: c.spId, open: c.open, inFlight: c.inFlight, held: c.held.length }));
  }

  /** Logged-in connections still open. */
  readyConnections(spId?: string): number[] {
    return [...this.connections.values()].filter((c) => c.open && c.spId !== null && (spId === undefined || c.spId === spId)).map((c) => c.id);
  }

  heldCount(): number {
    let n = 0;
    for (const conn of this.connections.values()) {
      n += conn.held.length;
    }
    return n;
  }

  /** Sends every held SUBMIT_RESP; returns how many. */
  releaseHeld(): number {
    let n = 0;
    for (const conn of this.connections.values()) {
      for (const respond of conn.held.splice(0)) {
        respond();
        n += 1;
      }
    }
    this.changed();
    return n;
  }

  /** The most SUBMITs received within any `windowMs` (default one second). */
  peakRate(windowMs = 1000): number {
    const times = this.submits.map((s) => s.at).sort((a, b) => a - b);
    let best = 0;
    let from = 0;
    times.forEach((t, i) => {
      while ((times[from] ?? t) <= t - windowMs) {
        from += 1;
      }
      best = Math.max(best, i - from + 1);
    });
    return best;
  }

  /** Resolves as soon as `predicate` holds, re-checked after every event; rejects after `timeoutMs`. */
  until(predicate: () => boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
    if (predicate()) {
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (predicate()) {
          done();
          resolve();
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`ISMG 模拟器等待超时（${String(timeoutMs)} ms）：${what}`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        this.events.off('change', check);
      };
      this.events.on('change', check);
    });
  }

  // --- server-initiated traffic ----------------------------------------------------------------

  /** Sends an MO DELIVER and resolves when a DELIVER_RESP comes (resending as an ISMG does). */
  async injectMo(options: InjectMoOptions): Promise<InjectedMo> {
    const spId = options.spId ?? [...this.accounts.keys()][0] ?? '';
    const text = options.text ?? '';
    const msgFmt = options.msgFmt ?? (options.content !== undefined || /^[\x20-\x7e\r\n]*$/.test(text) ? 0 : 8);
    const content = options.content ?? encodeText(text, msgFmt);
    const msgId = this.msgIds(this.now());
    const record: SentDeliver = { kind: 'mo', msgId: msgIdToHex(msgId), sends: 0, result: null };
    this.delivers.push(record);
    const result = await this.sendDeliver(spId, record, undefined, (sequenceId) => ({
      commandId: CommandId.DELIVER,
      sequenceId,
      msgId,
      destId: options.to,
      serviceId: options.serviceId ?? this.serviceId,
      tpPid: 0,
      tpUdhi: options.tpUdhi ?? (options.udhi === true ? 1 : 0),
      msgFmt,
      srcTerminalId: options.from,
      registeredDelivery: 0,
      msgContent: content,
    }));
    return { msgId: record.msgId, sends: record.sends, result };
  }

  /** ACTIVE_TEST to a client; resolves whether it answered within `deliverResendMs`. */
  async activeTest(connectionId: number): Promise<boolean> {
    const conn = this.connections.get(connectionId);
    if (conn === undefined || !conn.open) {
      return false;
    }
    const resp = await this.request(conn, { commandId: CommandId.ACTIVE_TEST, sequenceId: this.nextSeq(conn) });
    return resp?.commandId === CommandId.ACTIVE_TEST_RESP;
  }

  /** TERMINATE to a client, then close the connection (after the response or T). */
  async terminate(connectionId: number): Promise<void> {
    const conn = this.connections.get(connectionId);
    if (conn === undefined || !conn.open) {
      return;
    }
    await this.request(conn, { commandId: CommandId.TERMINATE, sequenceId: this.nextSeq(conn) });
    conn.socket.end();
  }

  /** Writes a header with an impossible Total_Length. */
  injectGarbage(connectionId: number): void {
    this.connections.get(connectionId)?.socket.write(Buffer.from('ffffffff0000000500000001', 'hex'));
  }

  // --- connections -----------------------------------------------------------------------------

  private accept(socket: Socket): void {
    const conn: SimConnection = {
      id: this.nextConnectionId++,
      socket,
      reader: new CmppFrameReader(),
      version: 0x20,
      spId: null,
      open: true,
      seq: 0,
      pending: new Map(),
      held: [],
      inFlight: 0,
      tokens: 0,
      refilledAt: performance.now(),
    };
    this.connections.set(conn.id, conn);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const frame of conn.reader.push(chunk)) {
          this.onFrame(conn, frame);
        }
      } catch {
        socket.destroy();
      }
    });
    socket.on('error', () => {
      // 'close' follows.
    });
    socket.on('close', () => {
      conn.open = false;
      conn.held = [];
      conn.inFlight = 0;
      for (const resolve of conn.pending.values()) {
        resolve(undefined);
      }
      conn.pending.clear();
      this.changed();
    });
    this.changed();
  }

  private onFrame(conn: SimConnection, frame: Buffer): void {
    this.record(conn, 'in', frame);
    let pdu: CmppPdu;
    try {
      pdu = decodePdu(frame, conn.version);
    } catch {
      const header = readHeader(frame);
      if (header.commandId === CommandId.SUBMIT && conn.spId !== null) {
        this.write(conn, { commandId: CommandId.SUBMIT_RESP, sequenceId: header.sequenceId, msgId: 0n, result: 1 });
      }
      this.changed();
      return;
    }
    if (conn.spId === null && pdu.commandId !== CommandId.CONNECT) {
      conn.socket.destroy(); // nothing before a login
      return;
    }
    switch (pdu.commandId) {
      case CommandId.CONNECT:
        this.onConnect(conn, pdu);
        break;
      case CommandId.SUBMIT:
        this.onSubmit(conn, pdu);
        break;
      case CommandId.DELIVER_RESP:
      case CommandId.ACTIVE_TEST_RESP:
      case CommandId.TERMINATE_RESP: {
        const resolve = conn.pending.get(pdu.sequenceId);
        conn.pending.delete(pdu.sequenceId);
        resolve?.(pdu);
        break;
      }
      case CommandId.ACTIVE_TEST:
        if (this.currentFaults.ignoreActiveTest !== true) {
          this.write(conn, { commandId: CommandId.ACTIVE_TEST_RESP, sequenceId: pdu.sequenceId, reserved: 0 });
        }
        break;
      case CommandId.TERMINATE:
        this.terminatesReceived += 1;
        this.write(conn, { commandId: CommandId.TERMINATE_RESP, sequenceId: pdu.sequenceId });
        conn.socket.end();
        break;
      case CommandId.CONNECT_RESP:
      case CommandId.SUBMIT_RESP:
      case CommandId.DELIVER:
      case CommandId.QUERY:
      case CommandId.QUERY_RESP:
      case CommandId.CANCEL:
      case CommandId.CANCEL_RESP:
        break; // not modelled: ignored
    }
    this.changed();
  }

  private onConnect(conn: SimConnection, pdu: CmppConnect): void {
    const secret = this.accounts.get(pdu.sourceAddr);
    let status = 0;
    try {
      conn.version = cmppVersionOf(pdu.version);
    } catch {
      status = 4;
    }
    if (status === 0 && pdu.version > this.maxVersion) {
      status = 4;
    } else if (status === 0 && secret === undefined) {
      status = 2;
    } else if (status === 0 && !this.authentic(pdu, secret ?? '')) {
      status = 3;
    } else if (status === 0 && this.readyConnections(pdu.sourceAddr).length >= (this.currentFaults.maxConnections ?? Infinity)) {
      status = 56;
    }
    this.logins.push({ connectionId: conn.id, spId: pdu.sourceAddr, version: pdu.version, status });
    const authenticator =
      status === 0
        ? authenticatorIsmg({ status, authenticatorSource: pdu.authenticatorSource, sharedSecret: secret ?? '', version: conn.version })
        : Buffer.alloc(16);
    this.write(conn, { commandId: CommandId.CONNECT_RESP, sequenceId: pdu.sequenceId, status, authenticatorIsmg: authenticator, version: this.maxVersion });
    if (status === 0) {
      conn.spId = pdu.sourceAddr;
      conn.tokens = Math.max(1, Math.ceil((this.currentFaults.rate ?? 1) / 10));
    } else {
      conn.socket.end();
    }
  }

  private authentic(pdu: CmppConnect, secret: string): boolean {
    try {
      return verifyAuthenticatorSource({
        sourceAddr: pdu.sourceAddr,
        sharedSecret: secret,
        timestamp: pdu.timestamp,
        authenticatorSource: pdu.authenticatorSource,
      });
    } catch {
      return false;
    }
  }

  // --- SUBMIT ----------------------------------------------------------------------------------

  private validate(conn: SimConnection, pdu: CmppSubmit): number {
    const dests = pdu.destTerminalIds;
    const maxLength = pdu.msgFmt === 0 ? 159 : 140;
    if (dests.length === 0 || dests.length >= 100 || pdu.pkNumber < 1 || pdu.pkNumber > pdu.pkTotal) {
      return 1;
    }
    if (pdu.msgContent.length > maxLength) {
      return 6;
    }
    if (pdu.serviceId !== this.serviceId) {
      return 7;
    }
    if (!pdu.srcId.startsWith(this.srcId)) {
      return 10;
    }
    if (pdu.msgSrc !== conn.spId) {
      return 11;
    }
    return dests.every((d) => MSISDN.test(d)) ? 0 : 13;
  }

  /** Flow control: the fault every-n-th, a real window, a real rate. */
  private flowControlled(conn: SimConnection, n: number): boolean {
    const { result8Every, window, rate } = this.currentFaults;
    if (result8Every !== undefined && result8Every > 0 && n % result8Every === 0) {
      return true;
    }
    if (window !== undefined && conn.inFlight > window) {
      return true;
    }
    if (rate !== undefined) {
      const t = performance.now();
      conn.tokens = Math.min(Math.max(1, Math.ceil(rate / 10)), conn.tokens + ((t - conn.refilledAt) * rate) / 1000);
      conn.refilledAt = t;
      if (conn.tokens < 1) {
        return true;
      }
      conn.tokens -= 1;
    }
    return false;
  }

  private onSubmit(conn: SimConnection, pdu: CmppSubmit): void {
    const faults = this.currentFaults;
    this.faultCount += 1;
    const n = this.faultCount;
    conn.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, conn.inFlight);
    const udhi = (pdu.tpUdhi & 0x41) !== 0;
    const record: ReceivedSubmit = {
      connectionId: conn.id,
      spId: conn.spId ?? '',
      sequenceId: pdu.sequenceId,
      to: pdu.destTerminalIds[0] ?? '',
      destTerminalIds: pdu.destTerminalIds,
      msgFmt: pdu.msgFmt,
      udhi,
      tpUdhi: pdu.tpUdhi,
      pkTotal: pdu.pkTotal,
      pkNumber: pdu.pkNumber,
      content: pdu.msgContent,
      text: decodeText(pdu.msgContent, pdu.msgFmt, udhi),
      srcId: pdu.srcId,
      serviceId: pdu.serviceId,
      msgSrc: pdu.msgSrc,
      registeredDelivery: pdu.registeredDelivery,
      msgId: null,
      result: null,
      response: 'cut',
      at: performance.now(),
    };
    this.submits.push(record);
    if (this.cutCountdown !== undefined) {
      this.cutCountdown -= 1;
      if (this.cutCountdown <= 0) {
        this.cutCountdown = undefined;
        conn.socket.destroy();
        return;
      }
    }
    let result = this.validate(conn, pdu);
    if (result === 0 && this.flowControlled(conn, n)) {
      result = 8;
    }
    const msgId = result === 0 ? this.msgIds(this.now(), pdu.destTerminalIds.length) : 0n;
    record.result = result;
    record.msgId = result === 0 ? msgIdToHex(msgId) : null;
    const respond = (): void => {
      conn.inFlight -= 1;
      record.response = 'answered';
      this.write(conn, { commandId: CommandId.SUBMIT_RESP, sequenceId: pdu.sequenceId, msgId, result });
    };
    const drop =
      faults.dropSubmitResp !== undefined &&
      (faults.dropSubmitResp < 1 ? Math.random() < faults.dropSubmitResp : n % faults.dropSubmitResp === 0);
    if (result === 0 && faults.reportBeforeResp === true) {
      this.sendReports(conn, pdu, msgId);
    }
    if (drop) {
      conn.inFlight -= 1;
      record.response = 'dropped';
    } else if (faults.holdSubmitResp === true) {
      record.response = 'held';
      conn.held.push(respond);
    } else {
      respond();
    }
    if (result === 0 && faults.reportBeforeResp !== true) {
      this.later(this.reportDelayMs, () => {
        this.sendReports(conn, pdu, msgId);
      });
    }
  }

  private sendReports(conn: SimConnection, pdu: CmppSubmit, msgId: bigint): void {
    const submitTime = reportTime(this.now());
    pdu.destTerminalIds.forEach((to, i) => {
      const stat = simulatedStat(to);
      if (stat === null) {
        return;
      }
      const reportMsgId = offsetMsgId(msgId, i);
      const deliverMsgId = this.msgIds(this.now());
      const smscSequence = (this.smscSequence = (this.smscSequence + 1) >>> 0);
      const build = (sequenceId: number): CmppDeliver => ({
        commandId: CommandId.DELIVER,
        sequenceId,
        msgId: deliverMsgId,
        destId: pdu.srcId,
        serviceId: pdu.serviceId,
        tpPid: 0,
        tpUdhi: 0,
        msgFmt: 0,
        srcTerminalId: to,
        registeredDelivery: 1,
        report: { msgId: reportMsgId, stat, submitTime, doneTime: reportTime(this.now()), destTerminalId: to, smscSequence },
      });
      const copies = this.currentFaults.duplicateReports === true ? 2 : 1;
      for (let copy = 0; copy < copies; copy++) {
        const record: SentDeliver = { kind: 'report', msgId: msgIdToHex(deliverMsgId), reportFor: msgIdToHex(reportMsgId), stat, sends: 0, result: null };
        this.delivers.push(record);
        this.sendDeliver(conn.spId ?? '', record, conn, build).catch(() => {
          // Unanswered after N sends: recorded with result null.
        });
      }
    });
  }

  // --- DELIVER with resends --------------------------------------------------------------------

  private async sendDeliver(
    spId: string,
    record: SentDeliver,
    preferred: SimConnection | undefined,
    build: (sequenceId: number) => CmppDeliver,
  ): Promise<number> {
    for (let send = 1; send <= this.deliverRetries && !this.closed; send++) {
      const conn = preferred?.open === true ? preferred : this.pickConnection(spId);
      if (conn === undefined) {
        await this.until(() => this.pickConnection(spId) !== undefined, this.deliverResendMs, `账号 ${spId} 的连接`).catch(() => undefined);
        continue;
      }
      record.sends = send;
      const answer = this.request(conn, build(this.nextSeq(conn)));
      this.changed();
      const resp = await answer;
      if (resp?.commandId === CommandId.DELIVER_RESP) {
        record.result = resp.result;
        this.changed();
        return resp.result;
      }
    }
    throw new Error(`DELIVER ${record.msgId} 发送 ${String(this.deliverRetries)} 次均无应答`);
  }

  private pickConnection(spId: string): SimConnection | undefined {
    const ready = [...this.connections.values()].filter((c) => c.open && c.spId === spId);
    if (ready.length === 0) {
      return undefined;
    }
    this.nextDeliverConnection = (this.nextDeliverConnection + 1) % ready.length;
    return ready[this.nextDeliverConnection];
  }

  /** Writes a request; resolves with the response, or undefined after T or when the link closes. */
  private request(conn: SimConnection, pdu: CmppPdu): Promise<CmppPdu | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        conn.pending.delete(pdu.sequenceId);
        resolve(undefined);
      }, this.deliverResendMs);
      conn.pending.set(pdu.sequenceId, (resp) => {
        clearTimeout(timer);
        resolve(resp);
      });
      this.write(conn, pdu);
    });
  }

  private nextSeq(conn: SimConnection): number {
    conn.seq = conn.seq >= 0xffffffff ? 1 : conn.seq + 1;
    return conn.seq;
  }

  private write(conn: SimConnection, pdu: CmppPdu): void {
    if (!conn.open || conn.socket.destroyed) {
      return;
    }
    const frame = encodePdu(pdu, conn.version);
    this.record(conn, 'out', frame);
    conn.socket.write(frame);
  }

  private record(conn: SimConnection, dir: 'in' | 'out', frame: Buffer): void {
    const header = readHeader(frame);
    // The oldest go in one cut once twice as many are held: dropping one per frame (shift)
    // moved the whole list each time, and a simulator that had seen 20,000 frames spent most
    // of its time there.
    if (this.packets.length >= 2 * this.keepPackets) {
      this.packets.splice(0, this.packets.length - this.keepPackets);
    }
    this.packets.push({ connectionId: conn.id, dir, command: commandName(header.commandId), sequenceId: header.sequenceId, hex: frame.toString('hex') });
  }

  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  private changed(): void {
    this.events.emit('change');
  }
}
