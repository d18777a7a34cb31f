/**
 * SMPP 3.4 gateway (we are the ESME) on node-smpp, which gives us the codec and the socket
 * session only. Everything that decides what reaches the SMS centre is here:
 *
 * - Connections: `connections` bind_transceiver sessions, each reconnected after a drop or a
 *   failed bind with exponential back-off (reconnectBaseMs × 2ⁿ, at most reconnectMaxMs).
 *   enquire_link every enquireLinkMs; no answer within responseTimeoutMs → the link is dead,
 *   drop and reconnect. The centre's enquire_link and unbind are answered.
 * - Sending: parts wait in one FIFO queue and go out round-robin on bound connections, each
 *   with at most `window` submit_sm awaiting a response and a token bucket of `rate` per
 *   second (bursts of rate/10). A part that cannot go out within queueTimeoutMs, or when no
 *   connection is bound, comes back as `retry`: nothing was sent.
 * - Outcomes of a submit_sm: message_id → `accepted`. ESME_RTHROTTLED / ESME_RMSGQFUL → that
 *   connection pauses (throttleBackoffMs, doubling while it lasts, at most 8×) and the part
 *   goes back to the head of the queue, at most MAX_THROTTLE_RESENDS times, then `retry`. Any
 *   other status → `rejected` with code SMPP_<hex status>. No response within
 *   responseTimeoutMs, or the connection dropped before it came → `unknown`, never resent here
 *   (the centre may have taken it; the delivery report or reconciliation decides).
 * - Incoming deliver_sm: esm_class bit 0x04 → delivery receipt → `onReport`; otherwise an MO →
 *   `onMo` with the bytes as they came. deliver_sm_resp goes out only after the handler
 *   resolves; if it throws, the answer is ESME_RX_T_APPN (temporary) so the centre resends.
 * - stop(): queued parts → `retry`; waits for in-flight responses (each bounded by its timer),
 *   then unbind, then close.
 */
import { performance } from 'node:perf_hooks';
import type { Logger } from '../../../platform/logger';
import type { DeliveryReport, GatewayHandlers, GatewayStatus, OutboundPart, SmsGateway, SubmitOutcome, WireMo } from '../port';
import {
  EsmClass,
  SHORT_MESSAGE_MAX,
  SMPP_VERSION_34,
  SmppStatus,
  describeStatus,
  hex,
  smpp,
  type SmppPdu,
  type SmppPduFields,
  type SmppSession,
} from './lib';
import { MESSAGE_STATE_STAT, parseReceiptDate, parseReceiptText } from './receipt';
import { describeSmppUrl, parseSmppUrl, type SmppUrl } from './url';

export interface SmppTimers {
  /** Wait for any response (bind, submit_sm, enquire_link, unbind) and for a TCP connect. */
  responseTimeoutMs: number;
  enquireLinkMs: number;
  reconnectBaseMs: number;
  reconnectMaxMs: number;
  /** First pause after ESME_RTHROTTLED / ESME_RMSGQFUL. */
  throttleBackoffMs: number;
  /** The longest a part waits in our queue for a connection, a window slot or a token. */
  queueTimeoutMs: number;
}

export const DEFAULT_SMPP_TIMERS: Readonly<SmppTimers> = {
  responseTimeoutMs: 30_000,
  enquireLinkMs: 30_000,
  reconnectBaseMs: 1_000,
  reconnectMaxMs: 60_000,
  throttleBackoffMs: 1_000,
  queueTimeoutMs: 60_000,
};

/** How many times one part is resent after throttling before the caller gets `retry`. */
export const MAX_THROTTLE_RESENDS = 5;

export type GatewayLog = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

export interface SmppGatewayOptions {
  name: string;
  log?: GatewayLog;
  /** Wall clock for status times, MO ids and receipts without a date. Timers use real time. */
  now?: () => number;
  timers?: Partial<SmppTimers>;
}

const SILENT: GatewayLog = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

type Reply =
  | { kind: 'resp'; pdu: SmppPdu }
  | { kind: 'timeout' }
  | { kind: 'closed' }
  /** Nothing was written: no session, or the socket is no longer writable. */
  | { kind: 'not-sent' }
  /** node-smpp could not encode the PDU; nothing was written. */
  | { kind: 'unencodable'; message: string };

type ConnectionState = 'connecting' | 'binding' | 'bound' | 'unbinding' | 'down' | 'stopped';

interface Job {
  part: OutboundPart;
  /** Resends after throttling so far. */
  throttled: number;
  resolve: (outcome: SubmitOutcome) => void;
  queueTimer: NodeJS.Timeout | null;
}

/** What a connection needs from its gateway. */
interface ConnectionHost {
  readonly url: SmppUrl;
  readonly timers: SmppTimers;
  readonly log: GatewayLog;
  now(): number;
  recordError(message: string): void;
  onBound(conn: SmppConnection): void;
  onDown(conn: SmppConnection): void;
  /** Handles a deliver_sm; resolves with the command_status to answer. Never rejects. */
  onDeliver(conn: SmppConnection, pdu: SmppPdu): Promise<number>;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** `rate` tokens per second, at most rate/10 (at least 1) saved up. null: no limit. */
class TokenBucket {
  private readonly capacity: number;
  private tokens: number;
  private at = performance.now();

  constructor(private readonly rate: number | null) {
    this.capacity = rate === null ? 0 : Math.max(1, Math.ceil(rate / 10));
    this.tokens = this.capacity;
  }

  take(now: number): boolean {
    if (this.rate === null) {
      return true;
    }
    this.refill(now);
    if (this.tokens < 1) {
      return false;
    }
    this.tokens -= 1;
    return true;
  }

  /** Milliseconds until `take` can succeed. */
  waitMs(now: number): number {
    if (this.rate === null) {
      return 0;
    }
    this.refill(now);
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) * 1000) / this.rate);
  }

  private refill(now: number): void {
    if (this.rate !== null) {
      this.tokens = Math.min(this.capacity, this.tokens + ((now - this.at) * this.rate) / 1000);
      this.at = now;
    }
  }
}

/** One bind_transceiver session, reconnected until stopped. */
class SmppConnection {
  state: ConnectionState = 'down';
  submitsInFlight = 0;
  /** performance.now() before which no submit_sm goes out (throttled by the centre). */
  pausedUntil = 0;
  /** Distinguishes MOs of this bind from those of earlier ones. */
  bindTag = '';
  readonly bucket: TokenBucket;
  private session: SmppSession | null = null;
  private readonly pending = new Map<number, { resolve: (r: Reply) => void; timer: NodeJS.Timeout }>();
  private failures = 0;
  private binds = 0;
  private throttleStreak = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private enquireTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** The current session is being closed on purpose; the reason is already recorded. */
  private dropped = false;

  constructor(
    readonly id: number,
    private readonly host: ConnectionHost,
  ) {
    this.bucket = new TokenBucket(host.url.rate);
  }

  canSend(now: number): boolean {
    return this.state === 'bound' && this.submitsInFlight < this.host.url.window && now >= this.pausedUntil;
  }

  /** One attempt to connect and bind; resolves when bound or failed, never rejects. */
  open(): Promise<void> {
    this.reconnectTimer = null;
    if (this.stopped) {
      return Promise.resolve();
    }
    const { host, port } = this.host.url;
    this.state = 'connecting';
    return new Promise((done) => {
      const session = smpp.connect({ host, port });
      this.session = session;
      const connectTimer = setTimeout(() => {
        this.host.recordError(`${this.where()} 连接超时`);
        session.destroy();
      }, this.host.timers.responseTimeoutMs);
      session.on('connect', () => {
        clearTimeout(connectTimer);
        session.socket.setNoDelay(true);
        void this.bind(session)
          .catch((e: unknown) => {
            this.host.recordError(`${this.where()} 绑定出错：${errorText(e)}`);
            session.destroy();
          })
          .then(done);
      });
      session.on('pdu', (pdu) => {
        this.onPdu(session, pdu);
      });
      session.on('error', (e) => {
        this.host.recordError(`${this.where()}：${e.message}`);
        session.destroy();
      });
      session.on('close', () => {
        clearTimeout(connectTimer);
        this.onClose(session);
        done();
      });
    });
  }

  /** Sends a request on the current session and waits for its response (or timeout/close). */
  request(command: string, fields: SmppPduFields): Promise<Reply> {
    const session = this.session;
    if (!session) {
      return Promise.resolve({ kind: 'not-sent' });
    }
    let pdu: SmppPdu;
    try {
      pdu = new smpp.PDU(command, fields);
      if (!session.send(pdu)) {
        return Promise.resolve({ kind: 'not-sent' });
      }
    } catch (e) {
      // send() encodes before writing: a throw means nothing went out.
      return Promise.resolve({ kind: 'unencodable', message: errorText(e) });
    }
    const seq = pdu.sequence_number;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(seq);
        resolve({ kind: 'timeout' });
      }, this.host.timers.responseTimeoutMs);
      this.pending.set(seq, { resolve, timer });
    });
  }

  throttle(now: number): void {
    this.throttleStreak += 1;
    const base = this.host.timers.throttleBackoffMs;
    this.pausedUntil = now + Math.min(base * 2 ** (this.throttleStreak - 1), base * 8);
  }

  throttleOver(): void {
    this.throttleStreak = 0;
  }

  /** Drops the session (dead link, unusable socket); reconnects unless stopped. */
  drop(reason: string): void {
    this.host.recordError(`${this.where()}：${reason}`);
    this.dropped = true;
    this.session?.destroy();
  }

  /** unbind, then close; no reconnect after. */
  async close(): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer) {
      clearTimeout(this.reconnectTimer);
      this.reconnectTimer = null;
    }
    const session = this.session;
    if (!session) {
      this.state = 'stopped';
      return;
    }
    if (this.state === 'bound') {
      this.state = 'unbinding';
      await this.request('unbind', {});
    }
    if (session.socket.destroyed) {
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        session.destroy();
        resolve();
      }, this.host.timers.responseTimeoutMs);
      session.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      session.close();
    });
  }

  private where(): string {
    return `SMPP 连接 #${String(this.id)}（${this.host.url.host}:${String(this.host.url.port)}）`;
  }

  private async bind(session: SmppSession): Promise<void> {
    this.state = 'binding';
    const { systemId, password, systemType } = this.host.url;
    const reply = await this.request('bind_transceiver', {
      system_id: systemId,
      password,
      system_type: systemType,
      interface_version: SMPP_VERSION_34,
    });
    if (this.stopped || session !== this.session) {
      session.destroy();
      return;
    }
    if (reply.kind === 'resp' && reply.pdu.command_status === SmppStatus.OK) {
      this.state = 'bound';
      this.failures = 0;
      this.throttleStreak = 0;
      this.pausedUntil = 0;
      this.binds += 1;
      this.bindTag = `${this.host.now().toString(36)}.${String(this.id)}.${String(this.binds)}`;
      this.startEnquireLink(session);
      this.host.log.info({ connection: this.id }, `${this.where()} 已绑定`);
      this.host.onBound(this);
      return;
    }
    const why =
      reply.kind === 'resp' ? describeStatus(reply.pdu.command_status) : reply.kind === 'timeout' ? '等待 bind_transceiver_resp 超时' : '连接已断开';
    this.host.recordError(`${this.where()} 绑定失败：${why}`);
    session.destroy();
  }

  private startEnquireLink(session: SmppSession): void {
    let outstanding = false;
    this.enquireTimer = setInterval(() => {
      if (outstanding) {
        return;
      }
      outstanding = true;
      void this.request('enquire_link', {}).then((reply) => {
        outstanding = false;
        if (reply.kind === 'timeout' && session === this.session) {
          this.drop('enquire_link 无应答，链路已断，重新连接');
        }
      });
    }, this.host.timers.enquireLinkMs);
  }

  private onPdu(session: SmppSession, pdu: SmppPdu): void {
    // node-smpp stops reading the socket for good if a listener throws.
    try {
      if (pdu.isResponse()) {
        const waiter = this.pending.get(pdu.sequence_number);
        if (waiter) {
          clearTimeout(waiter.timer);
          this.pending.delete(pdu.sequence_number);
          waiter.resolve({ kind: 'resp', pdu });
        } else {
          this.host.log.debug({ connection: this.id, command: pdu.command, seq: pdu.sequence_number }, 'SMPP 迟到或无主的应答，忽略');
        }
        return;
      }
      switch (pdu.command) {
        case 'enquire_link':
          session.send(pdu.response());
          return;
        case 'unbind':
          session.send(pdu.response());
          this.state = 'unbinding';
          this.host.log.warn({ connection: this.id }, `${this.where()} 短信中心要求解除绑定，稍后重连`);
          session.close();
          return;
        case 'deliver_sm':
          this.answerDeliver(session, pdu);
          return;
        default:
          // alert_notification has no response; anything else we do not serve gets an error.
          if (pdu.command === 'unknown' || smpp.commands[`${pdu.command}_resp`]) {
            session.send(pdu.response({ command_status: SmppStatus.ESME_RINVCMDID }));
          }
      }
    } catch (e) {
      this.host.log.error({ connection: this.id, err: e }, 'SMPP 处理报文出错');
    }
  }

  private answerDeliver(session: SmppSession, pdu: SmppPdu): void {
    if (this.state !== 'bound') {
      session.send(pdu.response({ command_status: SmppStatus.ESME_RINVBNDSTS }));
      return;
    }
    void this.host.onDeliver(this, pdu).then((status) => {
      // After a reconnect the centre resends what this session did not acknowledge.
      if (session === this.session) {
        session.send(pdu.response({ command_status: status }));
      }
    });
  }

  private onClose(session: SmppSession): void {
    if (session !== this.session) {
      return;
    }
    this.session = null;
    if (this.enquireTimer) {
      clearInterval(this.enquireTimer);
      this.enquireTimer = null;
    }
    for (const { resolve, timer } of this.pending.values()) {
      clearTimeout(timer);
      resolve({ kind: 'closed' });
    }
    this.pending.clear();
    const wasBound = this.state === 'bound' || this.state === 'unbinding';
    this.state = this.stopped ? 'stopped' : 'down';
    if (wasBound && !this.stopped && !this.dropped) {
      this.host.recordError(`${this.where()} 连接断开`);
    }
    this.dropped = false;
    this.host.onDown(this);
    if (!this.stopped) {
      const { reconnectBaseMs, reconnectMaxMs } = this.host.timers;
      const delay = Math.min(reconnectMaxMs, reconnectBaseMs * 2 ** Math.min(this.failures, 20));
      this.failures += 1;
      this.reconnectTimer = setTimeout(() => void this.open(), delay);
    }
  }
}

export class SmppGateway implements SmsGateway {
  readonly name: string;
  private readonly url: SmppUrl;
  private readonly timers: SmppTimers;
  private readonly log: GatewayLog;
  private readonly clock: () => number;
  private readonly connections: SmppConnection[] = [];
  private readonly queue: Job[] = [];
  private handlers: GatewayHandlers | null = null;
  private stopping = false;
  private submitted = 0;
  private inFlight = 0;
  private drained: (() => void) | null = null;
  private nextConnection = 0;
  private wake: { timer: NodeJS.Timeout; at: number } | null = null;
  private lastError: string | null = null;
  private lastErrorAt: number | null = null;

  /** Throws ConfigError (Chinese) for a bad URL. */
  constructor(url: string, opts: SmppGatewayOptions) {
    this.url = parseSmppUrl(url);
    this.name = opts.name;
    this.timers = { ...DEFAULT_SMPP_TIMERS, ...opts.timers };
    this.log = opts.log ?? SILENT;
    this.clock = opts.now ?? Date.now;
  }

  /** Connects and binds every connection once; resolves after the first attempts, bound or not. */
  async start(handlers: GatewayHandlers): Promise<void> {
    if (this.handlers) {
      throw new Error(`SMPP 网关 ${this.name} 已经启动`);
    }
    this.handlers = handlers;
    const host: ConnectionHost = {
      url: this.url,
      timers: this.timers,
      log: this.log,
      now: () => this.clock(),
      recordError: (message) => {
        this.recordError(message);
      },
      onBound: () => {
        this.pump();
      },
      onDown: () => {
        this.onConnectionDown();
      },
      onDeliver: (conn, pdu) => this.onDeliver(conn, pdu),
    };
    for (let id = 1; id <= this.url.connections; id++) {
      this.connections.push(new SmppConnection(id, host));
    }
    await Promise.all(this.connections.map((c) => c.open()));
  }

  submit(part: OutboundPart): Promise<SubmitOutcome> {
    if (!this.handlers || this.stopping) {
      return Promise.resolve({ kind: 'retry', reason: 'SMPP 网关未启动或正在停止' });
    }
    if (part.content.length > SHORT_MESSAGE_MAX) {
      return Promise.resolve({
        kind: 'rejected',
        code: `SMPP_${hex(SmppStatus.ESME_RINVMSGLEN)}`,
        message: `短信内容 ${String(part.content.length)} 字节，超过 SMPP short_message 的 ${String(SHORT_MESSAGE_MAX)} 字节（未发送）`,
      });
    }
    if (!this.connections.some((c) => c.state === 'bound')) {
      return Promise.resolve({ kind: 'retry', reason: `与短信中心的连接尚未建立${this.lastError ? `：${this.lastError}` : ''}` });
    }
    return new Promise((resolve) => {
      this.enqueue({ part, throttled: 0, resolve, queueTimer: null }, 'tail');
      this.pump();
    });
  }

  status(): GatewayStatus {
    const states = this.connections.map((c) => c.state);
    return {
      name: this.name,
      url: describeSmppUrl(this.url),
      kind: 'smpp',
      state: states.includes('bound') ? 'up' : states.some((s) => s === 'connecting' || s === 'binding') ? 'connecting' : 'down',
      connections: this.connections.map((c) => ({ id: c.id, state: c.state, windowInUse: c.submitsInFlight, window: this.url.window })),
      rate: this.url.rate,
      submitted: this.submitted,
      lastError: this.lastError,
      lastErrorAt: this.lastErrorAt,
    };
  }

  async stop(): Promise<void> {
    if (this.stopping) {
      return;
    }
    this.stopping = true;
    this.failQueue('SMPP 网关正在停止');
    if (this.inFlight > 0) {
      await new Promise<void>((resolve) => {
        this.drained = resolve;
      });
    }
    if (this.wake) {
      clearTimeout(this.wake.timer);
      this.wake = null;
    }
    await Promise.all(this.connections.map((c) => c.close()));
  }

  private recordError(message: string): void {
    this.lastError = message;
    this.lastErrorAt = this.clock();
    this.log.warn({ gateway: this.name }, message);
  }

  private enqueue(job: Job, where: 'head' | 'tail'): void {
    job.queueTimer = setTimeout(() => {
      const i = this.queue.indexOf(job);
      if (i >= 0) {
        this.queue.splice(i, 1);
        job.resolve({ kind: 'retry', reason: `排队 ${String(this.timers.queueTimeoutMs)} ms 仍未发出（窗口、限速或限流）` });
      }
    }, this.timers.queueTimeoutMs);
    if (where === 'head') {
      this.queue.unshift(job);
    } else {
      this.queue.push(job);
    }
  }

  private failQueue(reason: string): void {
    for (const job of this.queue.splice(0)) {
      if (job.queueTimer) {
        clearTimeout(job.queueTimer);
      }
      job.resolve({ kind: 'retry', reason });
    }
  }

  private onConnectionDown(): void {
    if (!this.connections.some((c) => c.state === 'bound')) {
      this.failQueue('与短信中心的连接已断开');
    }
  }

  /** Sends from the head of the queue while some connection has a window slot and a token. */
  private pump(): void {
    while (this.queue.length > 0) {
      const conn = this.pickConnection();
      const job = conn ? this.queue.shift() : undefined;
      if (!conn || !job) {
        this.scheduleWake();
        return;
      }
      if (job.queueTimer) {
        clearTimeout(job.queueTimer);
        job.queueTimer = null;
      }
      void this.send(conn, job);
    }
  }

  private pickConnection(): SmppConnection | null {
    const now = performance.now();
    const n = this.connections.length;
    for (let i = 0; i < n; i++) {
      const conn = this.connections[(this.nextConnection + i) % n];
      if (conn?.canSend(now) && conn.bucket.take(now)) {
        this.nextConnection = (this.nextConnection + i + 1) % n;
        return conn;
      }
    }
    return null;
  }

  /** Wakes the pump when a paused or rate-limited connection with a free slot can send again. */
  private scheduleWake(): void {
    const now = performance.now();
    let at = Infinity;
    for (const c of this.connections) {
      if (c.state === 'bound' && c.submitsInFlight < this.url.window) {
        at = Math.min(at, Math.max(c.pausedUntil, now + c.bucket.waitMs(now)));
      }
    }
    if (at === Infinity || (this.wake && this.wake.at <= at)) {
      return;
    }
    if (this.wake) {
      clearTimeout(this.wake.timer);
    }
    this.wake = {
      at,
      timer: setTimeout(
        () => {
          this.wake = null;
          this.pump();
        },
        Math.max(1, Math.ceil(at - now)),
      ),
    };
  }

  private async send(conn: SmppConnection, job: Job): Promise<void> {
    conn.submitsInFlight += 1;
    this.inFlight += 1;
    let outcome: SubmitOutcome | 'requeue';
    try {
      const reply = await conn.request('submit_sm', this.submitFields(job.part));
      outcome = this.outcomeOf(conn, job, reply);
    } catch (e) {
      outcome = { kind: 'unknown', reason: `发送 submit_sm 出错：${errorText(e)}` };
    } finally {
      conn.submitsInFlight -= 1;
      this.inFlight -= 1;
    }
    if (outcome !== 'requeue') {
      job.resolve(outcome);
    } else if (this.stopping) {
      job.resolve({ kind: 'retry', reason: 'SMPP 网关正在停止' });
    } else {
      this.enqueue(job, 'head');
    }
    if (this.inFlight === 0 && this.drained) {
      this.drained();
      this.drained = null;
    }
    this.pump();
  }

  private outcomeOf(conn: SmppConnection, job: Job, reply: Reply): SubmitOutcome | 'requeue' {
    switch (reply.kind) {
      case 'not-sent':
        conn.drop('写入 submit_sm 失败，连接不可用');
        return 'requeue';
      case 'unencodable':
        return { kind: 'rejected', code: 'SMPP_ENCODE', message: `无法编码 submit_sm（未发送）：${reply.message}` };
      case 'timeout':
        this.submitted += 1;
        return { kind: 'unknown', reason: `等待 submit_sm_resp 超过 ${String(this.timers.responseTimeoutMs)} ms；未重发，以状态报告为准` };
      case 'closed':
        this.submitted += 1;
        return { kind: 'unknown', reason: '收到 submit_sm_resp 之前连接断开；未重发，以状态报告为准' };
      case 'resp':
        break;
    }
    this.submitted += 1;
    const { command, command_status: status } = reply.pdu;
    if (status === SmppStatus.OK) {
      conn.throttleOver();
      const id = command === 'submit_sm_resp' ? (reply.pdu.message_id ?? '').trim() : '';
      return id !== '' ? { kind: 'accepted', gatewayMsgId: id } : { kind: 'unknown', reason: `短信中心应答 ${command} 但没有 message_id` };
    }
    if (status === SmppStatus.ESME_RTHROTTLED || status === SmppStatus.ESME_RMSGQFUL) {
      conn.throttle(performance.now());
      job.throttled += 1;
      if (job.throttled > MAX_THROTTLE_RESENDS) {
        return { kind: 'retry', reason: `短信中心持续限流，已重发 ${String(MAX_THROTTLE_RESENDS)} 次：${describeStatus(status)}` };
      }
      return 'requeue';
    }
    conn.throttleOver();
    return { kind: 'rejected', code: `SMPP_${hex(status)}`, message: describeStatus(status) };
  }

  private submitFields(part: OutboundPart): SmppPduFields {
    const source = part.srcId !== '' ? part.srcId : (this.url.serviceCode ?? '');
    const numeric = /^\+?\d+$/.test(source);
    const international = part.to.startsWith('+');
    return {
      // A service code such as 10657099 is a national number; a name is alphanumeric.
      source_addr_ton: numeric ? 2 : 5,
      source_addr_npi: numeric ? 1 : 0,
      source_addr: source,
      dest_addr_ton: international ? 1 : 0,
      dest_addr_npi: 1,
      destination_addr: international ? part.to.slice(1) : part.to,
      esm_class: part.udhi ? EsmClass.UDHI : 0,
      registered_delivery: 1,
      data_coding: part.msgFmt === 8 ? 8 : 0,
      short_message: part.content,
    };
  }

  private async onDeliver(conn: SmppConnection, pdu: SmppPdu): Promise<number> {
    const handlers = this.handlers;
    if (!handlers) {
      return SmppStatus.ESME_RX_T_APPN;
    }
    try {
      if (((pdu.esm_class ?? 0) & EsmClass.DELIVERY_RECEIPT) !== 0) {
        const report = this.reportOf(pdu);
        if (report) {
          await handlers.onReport(this.name, report);
        } else {
          this.log.warn({ gateway: this.name, seq: pdu.sequence_number }, 'SMPP 状态报告中没有 message id，已确认并丢弃');
        }
      } else {
        await handlers.onMo(this.name, this.moOf(conn, pdu));
      }
      return SmppStatus.OK;
    } catch (e) {
      this.log.warn({ gateway: this.name, err: e }, 'SMPP deliver_sm 处理失败，回临时错误让短信中心重发');
      return SmppStatus.ESME_RX_T_APPN;
    }
  }

  private reportOf(pdu: SmppPdu): DeliveryReport | null {
    const fields = parseReceiptText(messageBytes(pdu).toString('latin1'));
    const id = pdu.receipted_message_id?.trim() || fields.id;
    if (!id) {
      return null;
    }
    return {
      gatewayMsgId: id,
      stat: fields.stat ?? MESSAGE_STATE_STAT[pdu.message_state ?? 0] ?? 'UNKNOWN',
      to: pdu.source_addr || null,
      doneAt: (fields.doneDate !== null ? parseReceiptDate(fields.doneDate) : null) ?? this.clock(),
    };
  }

  private moOf(conn: SmppConnection, pdu: SmppPdu): WireMo {
    const dataCoding = pdu.data_coding ?? 0;
    return {
      // The same PDU resent on the same bind gets the same id; a new bind gets new ids.
      gatewayMsgId: `mo-${conn.bindTag}-${String(pdu.sequence_number)}`,
      from: pdu.source_addr ?? '',
      to: pdu.destination_addr ?? '',
      msgFmt: dataCoding === 1 ? 0 : dataCoding,
      udhi: ((pdu.esm_class ?? 0) & EsmClass.UDHI) !== 0,
      content: Buffer.from(messageBytes(pdu)),
    };
  }
}

/** short_message, or the message_payload TLV when short_message is empty. */
function messageBytes(pdu: SmppPdu): Buffer {
  return pdu.short_message && pdu.short_message.length > 0 ? pdu.short_message : (pdu.message_payload ?? Buffer.alloc(0));
}
