/**
 * An SMPP 3.4 SMS centre for tests, the demo and benchmarks (node-smpp's server), on loopback.
 *
 * - bind_transceiver with the configured system_id and password (else ESME_RINVSYSID /
 *   ESME_RINVPASWD); other binds → ESME_RBINDFAIL; anything before a bind → ESME_RINVBNDSTS.
 * - submit_sm → submit_sm_resp with a new message_id (10 hex digits); every submit is logged
 *   (to, from, data_coding, esm_class, content) and counted per second.
 * - Delivery receipts (when registered_delivery asks for one), reportDelayMs after the submit,
 *   as deliver_sm with esm_class 0x04, the text `id:… stat:… err:…` and the
 *   receipted_message_id / message_state TLVs. The stat follows the destination's last digit,
 *   as the sim:// gateway does:
 *       …4 → UNDELIV (err:001)     …5 → no receipt at all     anything else → DELIVRD
 *   A receipt due while no session is bound waits for the next bind.
 * - enquire_link and unbind are answered; with enquireLinkMs set, the centre sends
 *   enquire_link too.
 * - injectMo() sends an MO deliver_sm and resolves with the command_status of its resp.
 * - Faults: throttleEvery n (every n-th submit_sm → ESME_RTHROTTLED), dropResp n (every n-th
 *   submit_sm taken but never answered; its receipt still comes), cutAfterSubmits n (the n-th
 *   submit_sm closes the connection unanswered and untaken; fires once), ignoreEnquireLink
 *   (a link that looks open but is dead). pauseResponses()
 *   holds submit_sm_resp until resumeResponses(). Counting is over all submit_sm received.
 */
import { EsmClass, SmppStatus, smpp, type SmppPdu, type SmppPduFields, type SmppServer, type SmppSession } from './lib';
import { STAT_MESSAGE_STATE, formatReceiptText } from './receipt';

export interface SmscFaults {
  /** Every n-th submit_sm is answered ESME_RTHROTTLED. */
  throttleEvery?: number;
  /** Every n-th submit_sm is taken but gets no response. */
  dropResp?: number;
  /** The n-th submit_sm closes the connection before it is answered or taken (once). */
  cutAfterSubmits?: number;
  /** enquire_link gets no answer (a dead link that still looks open). */
  ignoreEnquireLink?: boolean;
}

export interface SmscSimulatorOptions {
  systemId: string;
  password: string;
  /** Delay before the delivery receipt; default 100 ms. */
  reportDelayMs?: number;
  /** The centre sends enquire_link this often on each bound session; default never. */
  enquireLinkMs?: number;
  faults?: SmscFaults;
  /** How many received submits `submits` keeps (the oldest go first); default 10,000. */
  keepSubmits?: number;
  /** How long injectMo waits for deliver_sm_resp; default 30 s. */
  respTimeoutMs?: number;
}

export interface ReceivedSubmit {
  messageId: string;
  from: string;
  to: string;
  dataCoding: number;
  esmClass: number;
  registeredDelivery: number;
  content: Buffer;
  at: number;
}

export interface InjectMoInput {
  from: string;
  to: string;
  /** ASCII text goes as data_coding 0, anything else as UCS-2 (8). Or give content + dataCoding. */
  text?: string;
  content?: Buffer;
  dataCoding?: number;
  /** content starts with a UDH (esm_class 0x40). */
  udhi?: boolean;
}

export interface SmscStats {
  binds: number;
  bindFailures: number;
  /** submit_sm PDUs received, throttled and cut ones included. */
  submitPdus: number;
  accepted: number;
  throttled: number;
  dropped: number;
  cuts: number;
  reportsSent: number;
  enquireLinksReceived: number;
  enquireLinkRespsReceived: number;
  unbinds: number;
  /** The most submit_sm one session had unanswered at once (dropped ones excluded). */
  maxUnanswered: number;
  /** interface_version of the last successful bind (0x34 for SMPP 3.4). */
  lastBindVersion: number | null;
}

interface Peer {
  session: SmppSession;
  bound: boolean;
  unanswered: number;
  held: (() => void)[];
  enquireTimer: NodeJS.Timeout | null;
}

interface DueReport {
  submit: ReceivedSubmit;
  stat: 'DELIVRD' | 'UNDELIV';
}

const ASCII = /^[\x20-\x7e\r\n]*$/;

const REPORT_RETRY_MS = 500;

/** The receipt a number gets: see the file comment. */
export function simulatedStat(to: string): 'DELIVRD' | 'UNDELIV' | null {
  const last = to.at(-1);
  return last === '4' ? 'UNDELIV' : last === '5' ? null : 'DELIVRD';
}

export class SmscSimulator {
  /** Received submits, oldest first; trimmed in batches to the latest keepSubmits (up to twice that). */
  readonly submits: ReceivedSubmit[] = [];
  readonly stats: SmscStats = {
    binds: 0,
    bindFailures: 0,
    submitPdus: 0,
    accepted: 0,
    throttled: 0,
    dropped: 0,
    cuts: 0,
    reportsSent: 0,
    enquireLinksReceived: 0,
    enquireLinkRespsReceived: 0,
    unbinds: 0,
    maxUnanswered: 0,
    lastBindVersion: null,
  };
  private readonly server: SmppServer;
  private readonly peers = new Set<Peer>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly waiting = new Map<SmppSession, Map<number, (status: number) => void>>();
  private readonly undelivered: DueReport[] = [];
  private readonly perSecond = new Map<number, number>();
  private faults: SmscFaults;
  private paused = false;
  private nextId = 0x1000000000 + Math.floor(Math.random() * 0x10000000);
  private boundPort: number | null = null;

  constructor(private readonly opts: SmscSimulatorOptions) {
    this.faults = { ...opts.faults };
    this.server = smpp.createServer({}, (session) => {
      this.accept(session);
    });
  }

  /** Listens on 127.0.0.1; port 0 picks a free one. Resolves with the port. */
  listen(port = 0): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        const address = this.server.address();
        this.boundPort = typeof address === 'object' && address ? address.port : port;
        resolve(this.boundPort);
      });
    });
  }

  get port(): number {
    if (this.boundPort === null) {
      throw new Error('SMPP 短信中心模拟器尚未监听');
    }
    return this.boundPort;
  }

  /** smpp://systemId:password@127.0.0.1:port — the gateway URL without query parameters. */
  get url(): string {
    return `smpp://${encodeURIComponent(this.opts.systemId)}:${encodeURIComponent(this.opts.password)}@127.0.0.1:${String(this.port)}`;
  }

  get boundSessions(): number {
    return [...this.peers].filter((p) => p.bound).length;
  }

  setFaults(faults: SmscFaults): void {
    this.faults = { ...faults };
  }

  /** Holds every submit_sm_resp from now on until resumeResponses(). */
  pauseResponses(): void {
    this.paused = true;
  }

  resumeResponses(): void {
    this.paused = false;
    for (const peer of this.peers) {
      for (const send of peer.held.splice(0)) {
        send();
      }
    }
  }

  /** Closes every connection at once (a network cut). */
  cutConnections(): void {
    for (const peer of this.peers) {
      peer.session.destroy();
    }
  }

  /** submit_sm taken per wall-clock second, oldest first (the last 120 seconds). */
  partsPerSecond(): { second: number; parts: number }[] {
    return [...this.perSecond].map(([second, parts]) => ({ second, parts })).sort((a, b) => a.second - b.second);
  }

  /** Sends an MO on a bound session; resolves with the deliver_sm_resp command_status. */
  injectMo(mo: InjectMoInput): Promise<number> {
    const peer = [...this.peers].find((p) => p.bound);
    if (!peer) {
      return Promise.reject(new Error('没有已绑定的 SMPP 连接，无法下发上行短信'));
    }
    let content = mo.content;
    let dataCoding = mo.dataCoding ?? 0;
    if (mo.text !== undefined) {
      const ascii = ASCII.test(mo.text);
      content = ascii ? Buffer.from(mo.text, 'latin1') : Buffer.from(mo.text, 'utf16le').swap16();
      dataCoding = ascii ? 0 : 8;
    }
    if (!content) {
      return Promise.reject(new Error('injectMo 需要 text，或 content 加 dataCoding'));
    }
    return this.request(peer.session, 'deliver_sm', {
      source_addr_ton: 1,
      source_addr_npi: 1,
      source_addr: mo.from,
      dest_addr_ton: 2,
      dest_addr_npi: 1,
      destination_addr: mo.to,
      esm_class: mo.udhi ? EsmClass.UDHI : 0,
      data_coding: dataCoding,
      short_message: content,
    });
  }

  async close(): Promise<void> {
    for (const timer of this.timers) {
      clearTimeout(timer);
    }
    this.timers.clear();
    for (const peer of this.peers) {
      peer.session.destroy();
    }
    if (!this.server.listening) {
      return;
    }
    await new Promise<void>((resolve) => {
      this.server.close(() => {
        resolve();
      });
    });
  }

  private accept(session: SmppSession): void {
    session.socket.setNoDelay(true);
    const peer: Peer = { session, bound: false, unanswered: 0, held: [], enquireTimer: null };
    this.peers.add(peer);
    this.waiting.set(session, new Map());
    session.on('pdu', (pdu) => {
      try {
        this.onPdu(peer, pdu);
      } catch {
        session.destroy();
      }
    });
    session.on('error', () => {
      session.destroy();
    });
    session.on('close', () => {
      if (peer.enquireTimer) {
        clearInterval(peer.enquireTimer);
      }
      this.peers.delete(peer);
      for (const resolve of this.waiting.get(session)?.values() ?? []) {
        resolve(-1);
      }
      this.waiting.delete(session);
    });
  }

  private onPdu(peer: Peer, pdu: SmppPdu): void {
    const { session } = peer;
    if (pdu.isResponse()) {
      if (pdu.command === 'enquire_link_resp') {
        this.stats.enquireLinkRespsReceived += 1;
      }
      const waiters = this.waiting.get(session);
      waiters?.get(pdu.sequence_number)?.(pdu.command_status);
      waiters?.delete(pdu.sequence_number);
      return;
    }
    switch (pdu.command) {
      case 'bind_transceiver':
        this.bind(peer, pdu);
        return;
      case 'bind_transmitter':
      case 'bind_receiver':
        this.stats.bindFailures += 1;
        session.send(pdu.response({ command_status: SmppStatus.ESME_RBINDFAIL }));
        return;
      case 'enquire_link':
        this.stats.enquireLinksReceived += 1;
        if (!this.faults.ignoreEnquireLink) {
          session.send(pdu.response());
        }
        return;
      case 'unbind':
        this.stats.unbinds += 1;
        peer.bound = false;
        session.send(pdu.response());
        session.close();
        return;
      case 'submit_sm':
        if (!peer.bound) {
          session.send(pdu.response({ command_status: SmppStatus.ESME_RINVBNDSTS }));
          return;
        }
        this.submit(peer, pdu);
        return;
      default:
        if (pdu.command === 'unknown' || smpp.commands[`${pdu.command}_resp`]) {
          session.send(pdu.response({ command_status: SmppStatus.ESME_RINVCMDID }));
        }
    }
  }

  private bind(peer: Peer, pdu: SmppPdu): void {
    const status = peer.bound
      ? SmppStatus.ESME_RALYBND
      : pdu.system_id !== this.opts.systemId
        ? SmppStatus.ESME_RINVSYSID
        : pdu.password !== this.opts.password
          ? SmppStatus.ESME_RINVPASWD
          : SmppStatus.OK;
    if (status !== SmppStatus.OK) {
      this.stats.bindFailures += 1;
      peer.session.send(pdu.response({ command_status: status }));
      return;
    }
    this.stats.binds += 1;
    this.stats.lastBindVersion = pdu.interface_version ?? null;
    peer.bound = true;
    peer.session.send(pdu.response({ system_id: 'YKTSIM' }));
    if (this.opts.enquireLinkMs !== undefined) {
      peer.enquireTimer = setInterval(() => {
        peer.session.send(new smpp.PDU('enquire_link', {}));
      }, this.opts.enquireLinkMs);
    }
    for (const due of this.undelivered.splice(0)) {
      this.sendReport(due);
    }
  }

  private submit(peer: Peer, pdu: SmppPdu): void {
    this.stats.submitPdus += 1;
    const n = this.stats.submitPdus;
    const { throttleEvery, dropResp, cutAfterSubmits } = this.faults;
    if (cutAfterSubmits !== undefined && n >= cutAfterSubmits) {
      this.faults = { ...this.faults, cutAfterSubmits: undefined };
      this.stats.cuts += 1;
      peer.session.destroy();
      return;
    }
    if (throttleEvery !== undefined && n % throttleEvery === 0) {
      this.stats.throttled += 1;
      peer.session.send(pdu.response({ command_status: SmppStatus.ESME_RTHROTTLED }));
      return;
    }
    const submit: ReceivedSubmit = {
      messageId: (this.nextId++).toString(16).toUpperCase(),
      from: pdu.source_addr ?? '',
      to: pdu.destination_addr ?? '',
      dataCoding: pdu.data_coding ?? 0,
      esmClass: pdu.esm_class ?? 0,
      registeredDelivery: pdu.registered_delivery ?? 0,
      content: Buffer.from(pdu.short_message ?? Buffer.alloc(0)),
      at: Date.now(),
    };
    this.record(submit);
    this.scheduleReport(submit);
    if (dropResp !== undefined && n % dropResp === 0) {
      this.stats.dropped += 1;
      return;
    }
    peer.unanswered += 1;
    this.stats.maxUnanswered = Math.max(this.stats.maxUnanswered, peer.unanswered);
    const answer = () => {
      peer.unanswered -= 1;
      peer.session.send(pdu.response({ message_id: submit.messageId }));
    };
    if (this.paused) {
      peer.held.push(answer);
    } else {
      answer();
    }
  }

  private record(submit: ReceivedSubmit): void {
    this.stats.accepted += 1;
    const keep = this.opts.keepSubmits ?? 10_000;
    if (keep > 0) {
      this.submits.push(submit);
      if (this.submits.length >= keep * 2) {
        this.submits.splice(0, this.submits.length - keep);
      }
    }
    const second = Math.floor(submit.at / 1000);
    this.perSecond.set(second, (this.perSecond.get(second) ?? 0) + 1);
    if (this.perSecond.size > 120) {
      const oldest = Math.min(...this.perSecond.keys());
      this.perSecond.delete(oldest);
    }
  }

  private scheduleReport(submit: ReceivedSubmit): void {
    const stat = simulatedStat(submit.to);
    if ((submit.registeredDelivery & 0x03) === 0 || stat === null) {
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.sendReport({ submit, stat });
    }, this.opts.reportDelayMs ?? 100);
    this.timers.add(timer);
  }

  /** A receipt the client did not take is offered again after REPORT_RETRY_MS. */
  private retryReport(due: DueReport): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.sendReport(due);
    }, REPORT_RETRY_MS);
    this.timers.add(timer);
  }

  private sendReport(due: DueReport): void {
    const peer = [...this.peers].find((p) => p.bound);
    if (!peer) {
      this.undelivered.push(due);
      return;
    }
    const { submit, stat } = due;
    const text = formatReceiptText({
      id: submit.messageId,
      stat,
      err: stat === 'DELIVRD' ? '000' : '001',
      submittedAt: submit.at,
      doneAt: Date.now(),
      text: submit.dataCoding === 0 ? submit.content.toString('latin1').replace(/[^\x20-\x7e]/g, '.') : '',
    });
    this.stats.reportsSent += 1;
    // Store and forward, as a real centre does: a receipt not acknowledged (the session went
    // away, or answered with an error) waits for the next bind.
    this.request(peer.session, 'deliver_sm', {
        source_addr_ton: 1,
        source_addr_npi: 1,
        source_addr: submit.to,
        dest_addr_ton: 2,
        dest_addr_npi: 1,
        destination_addr: submit.from,
        esm_class: EsmClass.DELIVERY_RECEIPT,
        data_coding: 0,
        short_message: Buffer.from(text, 'latin1'),
        receipted_message_id: submit.messageId,
        message_state: STAT_MESSAGE_STATE[stat] ?? 0,
    }).then(
      (status) => {
        if (status !== 0) {
          this.retryReport(due);
        }
      },
      () => {
        this.retryReport(due);
      },
    );
  }

  private request(session: SmppSession, command: string, fields: SmppPduFields): Promise<number> {
    const pdu = new smpp.PDU(command, fields);
    if (!session.send(pdu)) {
      return Promise.reject(new Error('SMPP 连接已关闭'));
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.waiting.get(session)?.delete(pdu.sequence_number);
        reject(new Error(`等待 ${command}_resp 超时`));
      }, this.opts.respTimeoutMs ?? 30_000);
      this.timers.add(timer);
      this.waiting.get(session)?.set(pdu.sequence_number, (status) => {
        clearTimeout(timer);
        this.timers.delete(timer);
        if (status < 0) {
          reject(new Error(`收到 ${command}_resp 之前连接已关闭`));
        } else {
          resolve(status);
        }
      });
    });
  }
}
