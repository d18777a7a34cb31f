/**
 * The CMPP gateway adapter (SP side): a pool of long connections to one ISMG account
 * (`reference/cmpp2.md` §2.1, §2.17).
 *
 * Each connection logs in (CONNECT with AuthenticatorSource), keeps at most `window`
 * unanswered SUBMITs, sends at most `rate` parts a second (token bucket), answers the ISMG's
 * ACTIVE_TEST and probes an idle link itself, and reconnects with exponential back-off.
 *
 * Outcome policy of `submit` (one outcome per part, never a silent drop):
 * - Result 0 → accepted, with the Msg_Id as 16 hex digits.
 * - Result 8 (flow control) → that connection pauses (`result8BackoffMs`, doubling while the
 *   ISMG keeps answering 8, capped), and the part goes back to the head of the queue, to be
 *   sent again on whichever connection is free first. After `result8Retries` such resends:
 *   retry. A Result 8 is a refusal, so resending cannot duplicate the SMS.
 * - Any other Result → rejected, code CMPP_RESULT_<n>.
 * - No SUBMIT_RESP within `responseTimeoutMs`, or the connection cut while the SUBMIT is in the
 *   window → unknown. It is never resent here (the spec's resend could send the SMS twice):
 *   the caller reconciles by delivery report or asks again.
 * - Not sent within `queueTimeoutMs` (no connection, or window and rate full) → retry.
 * - `stop()`: parts not yet sent → retry; parts on the wire get until the drain ends, then unknown.
 *
 * Inbound DELIVERs go to the handlers; DELIVER_RESP 0 is written only after the handler
 * resolved. When it throws, nothing is written and the ISMG resends (the module dedupes).
 * Intermediate ACCEPTD reports are answered and dropped (§2.9).
 */
import net, { type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { DeliveryReport, GatewayHandlers, GatewayStatus, OutboundPart, SmsGateway, SubmitOutcome, WireMo } from '../port';
import { authenticatorIsmg, buildConnect } from './auth';
import {
  CmppCodecError,
  CmppFrameReader,
  CommandId,
  cmppVersionOf,
  commandName,
  decodePdu,
  encodePdu,
  readHeader,
  type CmppConnect,
  type CmppConnectResp,
  type CmppDeliver,
  type CmppDeliverMo,
  type CmppDeliverReport,
  type CmppPdu,
  type CmppSubmit,
  type CmppSubmitResp,
  type CmppVersion,
} from './codec';
import { msgIdToHex } from './msg-id';
import { formatCmppUrl, parseCmppUrl, type CmppUrl } from './url';

export interface CmppLogger {
  debug?(obj: Record<string, unknown>, msg: string): void;
  /** pino's: when it says debug is off, frames are not even formatted for the log. */
  isLevelEnabled?(level: string): boolean;
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
}

export interface CmppTimers {
  /** T: wait for CONNECT_RESP, SUBMIT_RESP, TERMINATE_RESP (and the TCP connect). */
  responseTimeoutMs: number;
  /** C: probe a link with ACTIVE_TEST after this long without an inbound packet. */
  activeTestIntervalMs: number;
  /** T for ACTIVE_TEST_RESP. */
  activeTestTimeoutMs: number;
  /** N: ACTIVE_TESTs sent without an answer before the link is dropped. */
  activeTestRetries: number;
  reconnectBaseMs: number;
  reconnectMaxMs: number;
  /** First pause of a connection after a Result 8; doubles while Result 8 continues. */
  result8BackoffMs: number;
  result8MaxBackoffMs: number;
  /** Result-8 resends of one part before it is given back as `retry`. */
  result8Retries: number;
  /** Longest a part waits for a connection with room before it is given back as `retry`. */
  queueTimeoutMs: number;
  /** `stop()`: time to drain the windows, exchange TERMINATE and close. */
  stopTimeoutMs: number;
}

/** Spec defaults: C = 3 min, T = 60 s, N = 3 (§2.1). */
export const CMPP_DEFAULT_TIMERS: Readonly<CmppTimers> = {
  responseTimeoutMs: 60_000,
  activeTestIntervalMs: 180_000,
  activeTestTimeoutMs: 60_000,
  activeTestRetries: 3,
  reconnectBaseMs: 1_000,
  reconnectMaxMs: 60_000,
  result8BackoffMs: 1_000,
  result8MaxBackoffMs: 32_000,
  result8Retries: 8,
  queueTimeoutMs: 30_000,
  stopTimeoutMs: 5_000,
};

export interface CmppGatewayOptions {
  /** The gateway's name in handlers' calls, status and logs. */
  name: string;
  log?: CmppLogger;
  /** Wall clock (ms): the CONNECT timestamp, report times, error times. */
  now?: () => number;
  timers?: Partial<CmppTimers>;
}

/** SUBMIT_RESP Result texts (§2.7). */
export const CMPP_SUBMIT_RESULTS: Readonly<Record<number, string>> = {
  1: '消息结构错',
  2: '命令字错',
  3: '消息序号重复',
  4: '消息长度错',
  5: '资费代码错',
  6: '超过最大信息长',
  7: '业务代码错',
  8: '流量控制错',
  9: '本网关不负责此计费号码',
  10: 'Src_Id 错',
  11: 'Msg_src 错',
  12: 'Fee_terminal_Id 错',
  13: 'Dest_terminal_Id 错',
};

/** CONNECT_RESP Status texts (§2.5, with the vendor values seen in practice). */
const CONNECT_STATUS: Readonly<Record<number, string>> = {
  1: '消息结构错',
  2: '非法源地址',
  3: '认证错',
  4: '版本太高',
  55: '超过系统接口数',
  56: '超过帐号设置接口数',
  57: 'SP 登录 IP 错误',
};

export function submitResultMessage(result: number): string {
  const text = CMPP_SUBMIT_RESULTS[result];
  return text === undefined ? `网关拒绝（结果码 ${String(result)}）` : `网关拒绝：${text}（结果码 ${String(result)}）`;
}

/** Token bucket burst: a tenth of a second's worth, at least one part. */
const burstOf = (rate: number): number => Math.max(1, Math.ceil(rate / 10));

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Resolves true when `promise` settles within `ms`, false otherwise; leaves no timer behind. */
async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => {
      resolve(false);
    }, Math.max(0, ms));
  });
  try {
    return await Promise.race([promise.then(() => true, () => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A report's Done_time, YYMMDDHHMM Beijing time, as an instant; null if it is not one. */
export function parseReportTime(text: string): number | null {
  const m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!m) {
    return null;
  }
  const [yy, mo, dd, hh, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || dd < 1 || dd > 31 || hh > 23 || mi > 59) {
    return null;
  }
  return Date.UTC(2000 + yy, mo - 1, dd, hh - 8, mi);
}

// ---------------------------------------------------------------------------------------------
// Parts waiting or in flight

interface Job {
  readonly part: OutboundPart;
  /** The SUBMIT encoded once; each send writes its own Sequence_Id into a copy. */
  readonly frame: Buffer;
  readonly resolve: (outcome: SubmitOutcome) => void;
  settled: boolean;
  /** Result-8 answers so far. */
  result8: number;
  queueTimer: NodeJS.Timeout | undefined;
}

interface InFlight {
  job: Job;
  timer: NodeJS.Timeout;
}

interface PendingRequest {
  resolve(pdu: CmppPdu): void;
  reject(error: Error): void;
}

class LoginRefused extends Error {}

/** What a connection needs from its gateway. */
interface LinkHost {
  readonly name: string;
  readonly url: CmppUrl;
  readonly layout: CmppVersion;
  readonly timers: CmppTimers;
  readonly log: CmppLogger | undefined;
  stopping(): boolean;
  now(): number;
  recordError(message: string): void;
  linkReady(link: Link): void;
  submitAnswered(link: Link, entry: InFlight, resp: CmppSubmitResp): void;
  settle(job: Job, outcome: SubmitOutcome): void;
  deliver(link: Link, pdu: CmppDeliver): void;
  pump(): void;
}

export type CmppLinkState = 'disconnected' | 'connecting' | 'authenticating' | 'ready' | 'draining' | 'closed';

// ---------------------------------------------------------------------------------------------
// One connection

class Link {
  state: CmppLinkState = 'disconnected';
  readonly inFlight = new Map<number, InFlight>();
  /** Result-8 back-off: no SUBMIT on this link before this (performance.now() ms). */
  pausedUntil = 0;
  result8Streak = 0;
  /** Bumped at every login, so a late DELIVER_RESP never goes out on a newer session. */
  session = 0;

  private socket: Socket | undefined;
  private reader = new CmppFrameReader();
  private seq = 0;
  private readonly requests = new Map<number, PendingRequest>();
  private tokens: number;
  private refilledAt = performance.now();
  private idleTimer: NodeJS.Timeout | undefined;
  private probing = false;
  private failures = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private closeReason: string | undefined;
  private drainWaiters: (() => void)[] = [];
  private closeWaiters: (() => void)[] = [];

  constructor(
    readonly id: number,
    private readonly host: LinkHost,
  ) {
    this.tokens = burstOf(host.url.rate);
  }

  // --- sending -------------------------------------------------------------------------------

  /** When this link could take a SUBMIT, given window room (performance.now() ms). */
  sendableAt(t: number): number {
    const { rate } = this.host.url;
    this.tokens = Math.min(burstOf(rate), this.tokens + ((t - this.refilledAt) * rate) / 1000);
    this.refilledAt = t;
    const tokenAt = this.tokens >= 1 ? t : t + ((1 - this.tokens) * 1000) / rate;
    return Math.max(this.pausedUntil, tokenAt);
  }

  /** A method, not a field read: the state changes while a probe awaits. */
  isReady(): boolean {
    return this.state === 'ready';
  }

  hasRoom(): boolean {
    return this.state === 'ready' && this.inFlight.size < this.host.url.window;
  }

  send(job: Job): void {
    this.tokens -= 1;
    const seq = this.nextSeq();
    const frame = Buffer.from(job.frame);
    frame.writeUInt32BE(seq, 8);
    const timer = setTimeout(() => {
      this.submitTimedOut(seq);
    }, this.host.timers.responseTimeoutMs);
    this.inFlight.set(seq, { job, timer });
    this.writeFrame(frame);
  }

  write(pdu: CmppPdu): boolean {
    return this.writeFrame(encodePdu(pdu, this.host.layout));
  }

  private writeFrame(frame: Buffer): boolean {
    const socket = this.socket;
    if (socket === undefined || socket.destroyed || !socket.writable) {
      return false;
    }
    this.trace('out', frame);
    socket.write(frame);
    return true;
  }

  private nextSeq(): number {
    this.seq = this.seq >= 0xffffffff ? 1 : this.seq + 1;
    return this.seq;
  }

  private submitTimedOut(seq: number): void {
    const entry = this.inFlight.get(seq);
    if (entry === undefined) {
      return;
    }
    this.inFlight.delete(seq);
    const ms = this.host.timers.responseTimeoutMs;
    this.host.log?.warn({ gateway: this.host.name, link: this.id, seq }, 'SUBMIT_RESP 超时，结果未知');
    this.host.settle(entry.job, { kind: 'unknown', reason: `${String(ms)} ms 内未收到 SUBMIT_RESP（连接 ${String(this.id)}），短信可能已发出` });
    this.checkDrained();
    this.host.pump();
  }

  /** Called by the gateway when a SUBMIT_RESP took an entry out of the window. */
  checkDrained(): void {
    if (this.inFlight.size === 0) {
      for (const wake of this.drainWaiters.splice(0)) {
        wake();
      }
    }
  }

  // --- requests that wait for their response -------------------------------------------------

  private request(pdu: CmppPdu, timeoutMs: number): Promise<CmppPdu> {
    return new Promise((resolve, reject) => {
      const seq = pdu.sequenceId;
      const timer = setTimeout(() => {
        this.requests.delete(seq);
        reject(new Error(`${commandName(pdu.commandId)} 在 ${String(timeoutMs)} ms 内无应答`));
      }, timeoutMs);
      this.requests.set(seq, {
        resolve: (resp) => {
          clearTimeout(timer);
          resolve(resp);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      if (!this.write(pdu)) {
        this.requests.delete(seq);
        clearTimeout(timer);
        reject(new Error('连接已断开'));
      }
    });
  }

  private answered(pdu: CmppPdu): void {
    const pending = this.requests.get(pdu.sequenceId);
    if (pending === undefined) {
      this.host.log?.warn({ gateway: this.host.name, link: this.id, command: commandName(pdu.commandId) }, '收到无对应请求的应答，已忽略');
      return;
    }
    this.requests.delete(pdu.sequenceId);
    pending.resolve(pdu);
  }

  // --- connecting and logging in -------------------------------------------------------------

  /** Connects and logs in. Never throws: a failure is recorded and a reconnect scheduled. */
  async open(): Promise<void> {
    if (this.host.stopping()) {
      return;
    }
    this.state = 'connecting';
    this.closeReason = undefined;
    try {
      await this.dial();
      this.state = 'authenticating';
      const { url, timers } = this.host;
      const connect = buildConnect({
        sequenceId: this.nextSeq(),
        sourceAddr: url.spId,
        sharedSecret: url.secret,
        at: this.host.now(),
        version: url.version,
      });
      const resp = await this.request(connect, timers.responseTimeoutMs);
      if (resp.commandId !== CommandId.CONNECT_RESP) {
        throw new Error(`登录时收到 ${commandName(resp.commandId)}`);
      }
      this.checkLogin(connect, resp);
      this.state = 'ready';
      this.failures = 0;
      this.session += 1;
      this.armIdle();
      this.host.log?.info({ gateway: this.host.name, link: this.id }, 'CMPP 连接已登录');
      this.host.linkReady(this);
    } catch (e) {
      if (e instanceof LoginRefused) {
        this.failures = Math.max(this.failures, 20); // a wrong secret will not fix itself soon
      }
      if (!this.host.stopping()) {
        this.host.recordError(`连接 ${String(this.id)}：${errorText(e)}`);
      }
      this.drop(errorText(e));
    }
  }

  private dial(): Promise<void> {
    const { host, port } = this.host.url;
    return new Promise((resolve, reject) => {
      const socket = net.createConnection({ host, port });
      this.socket = socket;
      this.reader = new CmppFrameReader();
      socket.setNoDelay(true);
      const timer = setTimeout(() => {
        socket.destroy(new Error(`连接 ${host}:${String(port)} 超时`));
      }, this.host.timers.responseTimeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.on('error', (e) => {
        this.closeReason ??= e.message;
        reject(e);
      });
      socket.on('data', (chunk: Buffer) => {
        this.onData(chunk);
      });
      socket.on('close', () => {
        clearTimeout(timer);
        reject(new Error(this.closeReason ?? '连接被对方关闭'));
        this.onClose(socket);
      });
    });
  }

  private checkLogin(connect: CmppConnect, resp: CmppConnectResp): void {
    if (resp.status !== 0) {
      const why = CONNECT_STATUS[resp.status] ?? '未知原因';
      throw new LoginRefused(`登录被拒绝：${why}（状态 ${String(resp.status)}）`);
    }
    // gocmpp hashes the 1-byte 2.x Status, SMSGate 4 bytes: accept either, only warn (§2.5).
    const matches = ([0x20, 0x30] as const).some((version) =>
      authenticatorIsmg({ status: 0, authenticatorSource: connect.authenticatorSource, sharedSecret: this.host.url.secret, version }).equals(
        resp.authenticatorIsmg,
      ),
    );
    if (!matches) {
      this.host.log?.warn({ gateway: this.host.name, link: this.id }, 'AuthenticatorISMG 与本地计算不一致，继续使用该连接');
    }
  }

  // --- inbound ---------------------------------------------------------------------------------

  private onData(chunk: Buffer): void {
    this.idleTimer?.refresh();
    try {
      for (const frame of this.reader.push(chunk)) {
        this.onFrame(frame);
      }
    } catch (e) {
      // A bad Total_Length cannot be resynchronised; anything else is our bug. Either way the
      // link goes, never the process.
      this.host.recordError(`连接 ${String(this.id)}：${errorText(e)}`);
      this.drop(`无法处理收到的数据：${errorText(e)}`);
    }
  }

  private onFrame(frame: Buffer): void {
    this.trace('in', frame);
    let pdu: CmppPdu;
    try {
      pdu = decodePdu(frame, this.host.layout);
    } catch (e) {
      this.undecodable(frame, e);
      return;
    }
    switch (pdu.commandId) {
      case CommandId.CONNECT_RESP:
      case CommandId.ACTIVE_TEST_RESP:
      case CommandId.TERMINATE_RESP:
        this.answered(pdu);
        return;
      case CommandId.SUBMIT_RESP: {
        const entry = this.inFlight.get(pdu.sequenceId);
        if (entry === undefined) {
          this.host.log?.warn(
            { gateway: this.host.name, link: this.id, seq: pdu.sequenceId, msgId: msgIdToHex(pdu.msgId), result: pdu.result },
            '迟到的 SUBMIT_RESP（已按结果未知处理），已忽略',
          );
          return;
        }
        this.inFlight.delete(pdu.sequenceId);
        clearTimeout(entry.timer);
        this.host.submitAnswered(this, entry, pdu);
        return;
      }
      case CommandId.DELIVER:
        this.host.deliver(this, pdu);
        return;
      case CommandId.ACTIVE_TEST:
        this.write({ commandId: CommandId.ACTIVE_TEST_RESP, sequenceId: pdu.sequenceId, reserved: 0 });
        return;
      case CommandId.TERMINATE:
        this.write({ commandId: CommandId.TERMINATE_RESP, sequenceId: pdu.sequenceId });
        this.closeReason = 'ISMG 发来 TERMINATE';
        this.socket?.end();
        return;
      case CommandId.CONNECT:
      case CommandId.SUBMIT:
      case CommandId.DELIVER_RESP:
      case CommandId.QUERY:
      case CommandId.QUERY_RESP:
      case CommandId.CANCEL:
      case CommandId.CANCEL_RESP:
        this.host.log?.warn({ gateway: this.host.name, link: this.id, command: commandName(pdu.commandId) }, '收到不处理的 CMPP 命令，已忽略');
    }
  }

  /**
   * A DELIVER that does not decode is answered Result 1 (消息结构错), or the ISMG would resend
   * it for ever; anything else is logged and ignored.
   */
  private undecodable(frame: Buffer, e: unknown): void {
    const header = readHeader(frame);
    this.host.log?.error(
      { gateway: this.host.name, link: this.id, command: commandName(header.commandId), error: errorText(e), hex: frame.toString('hex') },
      '无法解析的 CMPP 报文',
    );
    if (header.commandId === CommandId.DELIVER && frame.length >= 20) {
      this.write({ commandId: CommandId.DELIVER_RESP, sequenceId: header.sequenceId, msgId: frame.readBigUInt64BE(12), result: 1 });
    }
  }

  private trace(dir: 'in' | 'out', frame: Buffer): void {
    const log = this.host.log;
    if (log?.debug === undefined || log.isLevelEnabled?.('debug') === false || frame.length < 12) {
      return;
    }
    const header = readHeader(frame);
    log.debug(
      { gateway: this.host.name, link: this.id, dir, command: commandName(header.commandId), seq: header.sequenceId, hex: frame.toString('hex') },
      'CMPP 报文',
    );
  }

  // --- idle probe (C, T, N) -------------------------------------------------------------------

  private armIdle(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      void this.probe();
    }, this.host.timers.activeTestIntervalMs);
  }

  private async probe(): Promise<void> {
    if (this.probing || this.state !== 'ready') {
      return;
    }
    this.probing = true;
    const { activeTestRetries, activeTestTimeoutMs } = this.host.timers;
    try {
      for (let sent = 1; sent <= activeTestRetries; sent++) {
        try {
          await this.request({ commandId: CommandId.ACTIVE_TEST, sequenceId: this.nextSeq() }, activeTestTimeoutMs);
          this.idleTimer?.refresh();
          return;
        } catch {
          if (!this.isReady()) {
            return;
          }
          this.host.log?.warn({ gateway: this.host.name, link: this.id, sent }, 'ACTIVE_TEST 无应答');
        }
      }
      const reason = `ACTIVE_TEST 连续 ${String(activeTestRetries)} 次无应答`;
      this.host.recordError(`连接 ${String(this.id)}：${reason}`);
      this.drop(reason);
    } finally {
      this.probing = false;
    }
  }

  // --- closing ---------------------------------------------------------------------------------

  /** Cuts the link now; `onClose` does the bookkeeping and schedules the reconnect. */
  drop(reason: string): void {
    this.closeReason ??= reason;
    this.socket?.destroy();
  }

  private onClose(socket: Socket): void {
    if (socket !== this.socket) {
      return;
    }
    this.socket = undefined;
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    const reason = this.closeReason ?? '连接被对方关闭';
    const wasUp = this.state === 'ready' || this.state === 'draining';
    this.state = this.host.stopping() ? 'closed' : 'disconnected';
    for (const pending of this.requests.values()) {
      pending.reject(new Error(`连接已断开：${reason}`));
    }
    this.requests.clear();
    for (const { job, timer } of this.inFlight.values()) {
      clearTimeout(timer);
      this.host.settle(job, { kind: 'unknown', reason: `连接 ${String(this.id)} 在等待 SUBMIT_RESP 时断开（${reason}），短信可能已发出` });
    }
    this.inFlight.clear();
    this.checkDrained();
    for (const wake of this.closeWaiters.splice(0)) {
      wake();
    }
    if (wasUp) {
      this.host.log?.warn({ gateway: this.host.name, link: this.id, reason }, 'CMPP 连接断开');
      this.host.recordError(`连接 ${String(this.id)} 断开：${reason}`);
    }
    this.scheduleReconnect();
    this.host.pump();
  }

  private scheduleReconnect(): void {
    if (this.host.stopping() || this.reconnectTimer !== undefined) {
      return;
    }
    const { reconnectBaseMs, reconnectMaxMs } = this.host.timers;
    const delay = Math.min(reconnectMaxMs, reconnectBaseMs * 2 ** Math.min(this.failures, 20));
    this.failures += 1;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.open();
    }, delay);
  }

  /**
   * Graceful close for `stop()`: no new SUBMITs, wait for the window to drain, TERMINATE and
   * wait for its response, close. All within `budgetMs`.
   */
  async close(budgetMs: number): Promise<void> {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    const socket = this.socket;
    if (socket === undefined) {
      this.state = 'closed';
      return;
    }
    const closed = new Promise<void>((resolve) => this.closeWaiters.push(resolve));
    this.closeReason = '网关停止';
    if (this.state !== 'ready') {
      socket.destroy();
      await closed;
      return;
    }
    const deadline = performance.now() + budgetMs;
    this.state = 'draining';
    if (this.inFlight.size > 0) {
      await within(new Promise<void>((resolve) => this.drainWaiters.push(resolve)), budgetMs / 2);
    }
    const left = Math.max(1, Math.min(this.host.timers.responseTimeoutMs, deadline - performance.now()));
    try {
      await this.request({ commandId: CommandId.TERMINATE, sequenceId: this.nextSeq() }, left);
    } catch {
      // No TERMINATE_RESP: close anyway.
    }
    socket.end();
    if (!(await within(closed, deadline - performance.now()))) {
      socket.destroy();
      await closed;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The gateway

export class CmppGateway implements SmsGateway {
  readonly name: string;
  /** Holds the secret: only `status()` shows the address, with the secret masked. */
  private readonly url: CmppUrl;
  private readonly timers: CmppTimers;
  private readonly log: CmppLogger | undefined;
  private readonly now: () => number;
  private readonly links: Link[];
  private readonly queue: Job[] = [];
  private handlers: GatewayHandlers | undefined;
  private pumpTimer: NodeJS.Timeout | undefined;
  private nextLink = 0;
  private stopping = false;
  private stopped: Promise<void> | undefined;
  private submitted = 0;
  private lastError: string | null = null;
  private lastErrorAt: number | null = null;

  /** `url` is a cmpp:// address (see url.ts); throws CmppUrlError when it is not valid. */
  constructor(url: string | CmppUrl, options: CmppGatewayOptions) {
    this.url = typeof url === 'string' ? parseCmppUrl(url) : url;
    this.name = options.name;
    this.log = options.log;
    this.now = options.now ?? Date.now;
    this.timers = { ...CMPP_DEFAULT_TIMERS, ...options.timers };
    const host = this.linkHost();
    this.links = Array.from({ length: this.url.connections }, (_, i) => new Link(i + 1, host));
  }

  /** Opens every connection; resolves once each has logged in or failed (it keeps retrying). */
  async start(handlers: GatewayHandlers): Promise<void> {
    if (this.handlers !== undefined) {
      throw new Error(`网关 ${this.name} 已经启动`);
    }
    this.handlers = handlers;
    await Promise.all(this.links.map((link) => link.open()));
  }

  async submit(part: OutboundPart): Promise<SubmitOutcome> {
    if (this.handlers === undefined || this.stopping) {
      return { kind: 'retry', reason: this.stopping ? `网关 ${this.name} 已停止` : `网关 ${this.name} 尚未启动` };
    }
    let frame: Buffer;
    try {
      frame = encodePdu(this.toSubmit(part), cmppVersionOf(this.url.version));
    } catch (e) {
      if (e instanceof CmppCodecError) {
        const field = typeof e.details.field === 'string' ? `（${e.details.field}）` : '';
        return { kind: 'rejected', code: 'CMPP_BAD_PART', message: `短信分段不符合 CMPP 格式：${e.message}${field}` };
      }
      throw e;
    }
    return new Promise<SubmitOutcome>((resolve) => {
      this.enqueue({ part, frame, resolve, settled: false, result8: 0, queueTimer: undefined }, 'tail');
      this.pump();
    });
  }

  status(): GatewayStatus {
    const states = this.links.map((link) => link.state);
    const state = states.includes('ready')
      ? 'up'
      : states.some((s) => s === 'connecting' || s === 'authenticating')
        ? 'connecting'
        : 'down';
    return {
      name: this.name,
      url: formatCmppUrl(this.url),
      kind: 'cmpp',
      state,
      connections: this.links.map((link) => ({ id: link.id, state: link.state, windowInUse: link.inFlight.size, window: this.url.window })),
      rate: this.url.rate,
      submitted: this.submitted,
      lastError: this.lastError,
      lastErrorAt: this.lastErrorAt,
    };
  }

  /** TERMINATE on every connection after draining the windows; see the policy above. */
  stop(): Promise<void> {
    this.stopped ??= this.shutdown();
    return this.stopped;
  }

  private async shutdown(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.pumpTimer);
    for (const job of this.queue.splice(0)) {
      this.settle(job, { kind: 'retry', reason: `网关 ${this.name} 已停止，短信未发出` });
    }
    await Promise.all(this.links.map((link) => link.close(this.timers.stopTimeoutMs)));
  }

  // --- queue and scheduling ------------------------------------------------------------------

  private toSubmit(part: OutboundPart): CmppSubmit {
    return {
      commandId: CommandId.SUBMIT,
      sequenceId: 0,
      msgId: 0n,
      pkTotal: part.total,
      pkNumber: part.seq,
      registeredDelivery: 1,
      msgLevel: 0,
      serviceId: this.url.serviceId,
      feeUserType: 2,
      feeTerminalId: '',
      tpPid: 0,
      tpUdhi: part.udhi ? 1 : 0,
      msgFmt: part.msgFmt,
      msgSrc: this.url.spId,
      feeType: '01',
      feeCode: '0',
      valIdTime: '',
      atTime: '',
      srcId: part.srcId === '' ? this.url.srcId : part.srcId,
      destTerminalIds: [part.to],
      msgContent: part.content,
    };
  }

  private enqueue(job: Job, end: 'head' | 'tail'): void {
    if (end === 'head') {
      this.queue.unshift(job);
    } else {
      this.queue.push(job);
    }
    job.queueTimer = setTimeout(() => {
      this.queueTimedOut(job);
    }, this.timers.queueTimeoutMs);
  }

  private queueTimedOut(job: Job): void {
    const at = this.queue.indexOf(job);
    if (at < 0) {
      return;
    }
    this.queue.splice(at, 1);
    const up = this.links.some((link) => link.state === 'ready');
    const reason =
      job.result8 > 0
        ? `ISMG 流量控制（结果码 8），已重发 ${String(job.result8)} 次仍未被接受`
        : up
          ? `${String(this.timers.queueTimeoutMs)} ms 内窗口或速率一直已满，短信未发出`
          : `没有可用的 CMPP 连接${this.lastError === null ? '' : `（${this.lastError}）`}，短信未发出`;
    this.settle(job, { kind: 'retry', reason });
  }

  private settle(job: Job, outcome: SubmitOutcome): void {
    if (job.settled) {
      return;
    }
    job.settled = true;
    clearTimeout(job.queueTimer);
    job.resolve(outcome);
  }

  /** Sends from the head of the queue while some connection has window room and a token. */
  private pump(): void {
    clearTimeout(this.pumpTimer);
    this.pumpTimer = undefined;
    if (this.stopping) {
      return;
    }
    for (let job = this.queue[0]; job !== undefined; job = this.queue[0]) {
      const t = performance.now();
      const link = this.pickLink(t);
      if (link === undefined) {
        this.wakeLater(t);
        return;
      }
      this.queue.shift();
      clearTimeout(job.queueTimer);
      link.send(job);
    }
  }

  /** Round robin over the connections that can send now. */
  private pickLink(t: number): Link | undefined {
    const n = this.links.length;
    for (let i = 0; i < n; i++) {
      const index = (this.nextLink + i) % n;
      const link = this.links[index];
      if (link?.hasRoom() === true && link.sendableAt(t) <= t) {
        this.nextLink = (index + 1) % n;
        return link;
      }
    }
    return undefined;
  }

  /** If a connection with room waits only for a token or a Result-8 pause, pump again then. */
  private wakeLater(t: number): void {
    let at = Infinity;
    for (const link of this.links) {
      if (link.hasRoom()) {
        at = Math.min(at, link.sendableAt(t));
      }
    }
    if (at !== Infinity) {
      this.pumpTimer = setTimeout(
        () => {
          this.pumpTimer = undefined;
          this.pump();
        },
        Math.max(1, Math.ceil(at - t)),
      );
    }
  }

  private submitAnswered(link: Link, entry: InFlight, resp: CmppSubmitResp): void {
    const { job } = entry;
    if (resp.result === 0) {
      link.result8Streak = 0;
      this.submitted += 1;
      this.settle(job, { kind: 'accepted', gatewayMsgId: msgIdToHex(resp.msgId) });
    } else if (resp.result === 8) {
      this.flowControlled(link, job);
    } else {
      this.settle(job, { kind: 'rejected', code: `CMPP_RESULT_${String(resp.result)}`, message: submitResultMessage(resp.result) });
    }
    link.checkDrained();
    this.pump();
  }

  private flowControlled(link: Link, job: Job): void {
    const { result8BackoffMs, result8MaxBackoffMs, result8Retries } = this.timers;
    link.result8Streak += 1;
    const pause = Math.min(result8MaxBackoffMs, result8BackoffMs * 2 ** Math.min(link.result8Streak - 1, 20));
    link.pausedUntil = performance.now() + pause;
    job.result8 += 1;
    this.log?.warn({ gateway: this.name, link: link.id, pause, resends: job.result8 }, 'ISMG 流量控制（结果码 8），暂停该连接后重发');
    if (job.result8 > result8Retries || this.stopping) {
      this.settle(job, { kind: 'retry', reason: `ISMG 流量控制（结果码 8），已重发 ${String(job.result8 - 1)} 次仍未被接受` });
    } else {
      this.enqueue(job, 'head');
    }
  }

  // --- inbound DELIVER -------------------------------------------------------------------------

  private deliver(link: Link, pdu: CmppDeliver): void {
    const handlers = this.handlers;
    if (handlers === undefined) {
      return;
    }
    const session = link.session;
    const answer = (): void => {
      if (link.session === session) {
        link.write({ commandId: CommandId.DELIVER_RESP, sequenceId: pdu.sequenceId, msgId: pdu.msgId, result: 0 });
      }
    };
    const handle = async (): Promise<void> => {
      if (pdu.registeredDelivery === 0) {
        await handlers.onMo(this.name, this.toWireMo(pdu));
      } else if (pdu.report.stat === 'ACCEPTD') {
        this.log?.debug?.({ gateway: this.name, msgId: msgIdToHex(pdu.report.msgId) }, '中间状态报告 ACCEPTD，已应答并丢弃');
      } else {
        await handlers.onReport(this.name, this.toReport(pdu));
      }
    };
    void handle().then(answer, (e: unknown) => {
      this.log?.warn(
        { gateway: this.name, link: link.id, msgId: msgIdToHex(pdu.msgId), error: errorText(e) },
        'DELIVER 处理失败，不应答，等待 ISMG 重发',
      );
    });
  }

  private toWireMo(pdu: CmppDeliverMo): WireMo {
    return {
      gatewayMsgId: msgIdToHex(pdu.msgId),
      from: pdu.srcTerminalId,
      to: pdu.destId,
      msgFmt: pdu.msgFmt,
      udhi: (pdu.tpUdhi & 0x41) !== 0,
      content: pdu.msgContent,
    };
  }

  private toReport(pdu: CmppDeliverReport): DeliveryReport {
    const { report } = pdu;
    const to = report.destTerminalId === '' ? pdu.srcTerminalId : report.destTerminalId;
    return {
      gatewayMsgId: msgIdToHex(report.msgId),
      stat: report.stat,
      to: to === '' ? null : to,
      doneAt: parseReportTime(report.doneTime) ?? this.now(),
    };
  }

  private recordError(message: string): void {
    this.lastError = message;
    this.lastErrorAt = this.now();
    this.log?.error({ gateway: this.name }, message);
  }

  /** The narrow view the connections get of their gateway. */
  private linkHost(): LinkHost {
    return {
      name: this.name,
      url: this.url,
      layout: cmppVersionOf(this.url.version),
      timers: this.timers,
      log: this.log,
      stopping: () => this.stopping,
      now: () => this.now(),
      recordError: (message) => {
        this.recordError(message);
      },
      linkReady: () => {
        this.pump();
      },
      submitAnswered: (link, entry, resp) => {
        this.submitAnswered(link, entry, resp);
      },
      settle: (job, outcome) => {
        this.settle(job, outcome);
      },
      deliver: (link, pdu) => {
        this.deliver(link, pdu);
      },
      pump: () => {
        this.pump();
      },
    };
  }
}
