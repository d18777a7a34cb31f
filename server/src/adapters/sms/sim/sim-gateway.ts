/**
 * sim:// — an in-process SMS centre, the default for `npm start` and for tests. It accepts
 * every part, answers with a delivery report after `?delay=` ms (default 1500), and lets the
 * console's 短信模拟器 send MOs from any phone number. The outcome follows the recipient's last
 * digit, so that tests and demos can see every path:
 *
 *   …3  the delivery report arrives before the submit response
 *   …4  undeliverable (report UNDELIV)
 *   …5  no report ever (the part expires after the report timeout)
 *   …6  no answer to the submit (outcome unknown)
 *   …7  refused at submit (number does not exist)
 *   else delivered (report DELIVRD)
 */
import { randomUUID } from 'node:crypto';
import { smsText, type DeliveryReport, type GatewayHandlers, type GatewayStatus, type OutboundPart, type SmsGateway, type SubmitOutcome } from '../../../modules/messaging';

export interface SimOutcomeRule {
  digit: string;
  title: string;
}

export const SIM_RULES: SimOutcomeRule[] = [
  { digit: '3', title: '状态报告先于提交应答到达' },
  { digit: '4', title: '无法送达（UNDELIV）' },
  { digit: '5', title: '始终没有状态报告（到期后记为过期）' },
  { digit: '6', title: '提交无应答（结果未知）' },
  { digit: '7', title: '提交被拒（号码不存在）' },
];

export class SimGateway implements SmsGateway {
  readonly name: string;
  private handlers: GatewayHandlers | null = null;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private submitted = 0;
  private lastError: string | null = null;
  private lastErrorAt: number | null = null;
  private moSeq = 0;
  readonly reportDelayMs: number;
  /** Every part submitted, newest last (tests and the simulator page). */
  readonly received: OutboundPart[] = [];

  constructor(
    readonly url: string,
    private readonly now: () => number = Date.now,
    name = 'sim',
  ) {
    this.name = name;
    const delay = new URL(url).searchParams.get('delay');
    this.reportDelayMs = delay !== null && /^\d+$/.test(delay) ? Number(delay) : 1500;
  }

  async start(handlers: GatewayHandlers): Promise<void> {
    this.handlers = handlers;
    await Promise.resolve();
  }

  async stop(): Promise<void> {
    for (const t of this.timers) {
      clearTimeout(t);
    }
    this.timers.clear();
    await this.flush();
    this.handlers = null;
  }

  /** Waits until every report and MO handed to the platform has been stored. */
  async flush(): Promise<void> {
    while (this.inFlight.size > 0 || this.timers.size > 0) {
      if (this.inFlight.size > 0) {
        await Promise.allSettled([...this.inFlight]);
      } else {
        await new Promise((r) => setTimeout(r, Math.min(this.reportDelayMs, 20)));
      }
    }
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inFlight.add(p);
    const done = () => this.inFlight.delete(p);
    p.then(done, (e: unknown) => {
      done();
      this.lastError = e instanceof Error ? e.message : String(e);
      this.lastErrorAt = this.now();
    });
    return p;
  }

  private report(r: DeliveryReport, delayMs: number): void {
    const fire = () => {
      const h = this.handlers;
      if (h) {
        void this.track(h.onReport(this.name, r)).catch(() => undefined);
      }
    };
    if (delayMs <= 0) {
      fire();
      return;
    }
    const t = setTimeout(() => {
      this.timers.delete(t);
      fire();
    }, delayMs);
    this.timers.add(t);
  }

  async submit(part: OutboundPart): Promise<SubmitOutcome> {
    this.received.push(part);
    if (this.received.length > 10_000) {
      this.received.splice(0, this.received.length - 10_000);
    }
    const last = part.to.slice(-1);
    if (last === '6') {
      return { kind: 'unknown', reason: '模拟：网关未应答提交' };
    }
    if (last === '7') {
      return { kind: 'rejected', code: 'SIM_NO_SUCH_NUMBER', message: '模拟：号码不存在' };
    }
    this.submitted += 1;
    const gatewayMsgId = randomUUID();
    const stat = last === '4' ? 'UNDELIV' : 'DELIVRD';
    if (last === '3') {
      // The report is stored before this submit's outcome is.
      const h = this.handlers;
      if (h) {
        await this.track(h.onReport(this.name, { gatewayMsgId, stat, to: part.to, doneAt: this.now() }));
      }
    } else if (last !== '5') {
      this.report({ gatewayMsgId, stat, to: part.to, doneAt: this.now() + this.reportDelayMs }, this.reportDelayMs);
    }
    return { kind: 'accepted', gatewayMsgId };
  }

  /** A phone sends an SMS to a short code: one MO, or several parts for a long text. */
  async sendMo(o: { from: string; to: string; text: string }): Promise<{ parts: number }> {
    const h = this.handlers;
    if (!h) {
      throw new Error('短信模拟器未启动（本进程未运行后台任务）');
    }
    const ascii = /^[\x20-\x7e\r\n]*$/.test(o.text);
    const plan = smsText.planSms(o.text, { maxParts: 10, reference: (this.moSeq += 1) % 256 });
    for (const part of plan.parts) {
      const content = ascii && plan.parts.length === 1 ? Buffer.from(o.text, 'ascii') : part.bytes;
      await this.track(
        h.onMo(this.name, {
          gatewayMsgId: `mo-${randomUUID()}`,
          from: o.from,
          to: o.to,
          msgFmt: ascii && plan.parts.length === 1 ? 0 : plan.msgFmt,
          udhi: part.udh !== null,
          content,
        }),
      );
    }
    return { parts: plan.parts.length };
  }

  status(): GatewayStatus {
    return {
      name: this.name,
      url: this.url,
      kind: 'sim',
      state: this.handlers ? 'up' : 'down',
      connections: [{ id: 1, state: this.handlers ? '已连接（进程内）' : '未启动', windowInUse: 0, window: 0 }],
      rate: null,
      submitted: this.submitted,
      lastError: this.lastError,
      lastErrorAt: this.lastErrorAt,
    };
  }
}
