/**
 * The CMPP gateway adapter against the ISMG simulator over loopback: real sockets, small
 * timers, and every wait is on an event or a promise (no sleeps).
 */
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { CmppGateway, parseReportTime, type CmppLogger, type CmppTimers } from '../../server/src/adapters/sms/cmpp/client';
import { IsmgSimulator, type IsmgSimulatorOptions } from '../../server/src/adapters/sms/cmpp/ismg-simulator';
import { CmppUrlError, formatCmppUrl, parseCmppUrl } from '../../server/src/adapters/sms/cmpp/url';
import { runIsmgSimulator } from '../../server/src/cli/sim-ismg';
import type { DeliveryReport, GatewayHandlers, OutboundPart, SubmitOutcome, WireMo } from '../../server/src/modules/messaging';
import { createLogger } from '../../server/src/platform/logger';
import { concatUdh, decodeSmsPayload, planSms, splitUdh } from '../../server/src/modules/messaging/text';

const SP = '900001';
const SECRET = 's3cret!';
const PARENT = '13800138000';
const SRC = '106570990123';

const TIMERS: Partial<CmppTimers> = {
  responseTimeoutMs: 1_000,
  activeTestIntervalMs: 60_000,
  activeTestTimeoutMs: 500,
  reconnectBaseMs: 20,
  reconnectMaxMs: 200,
  result8BackoffMs: 5,
  result8MaxBackoffMs: 40,
  queueTimeoutMs: 3_000,
  stopTimeoutMs: 1_000,
};

const ucs2 = (s: string): Buffer => Buffer.from(s, 'utf16le').swap16();

/** Records what the gateway hands to the module; `until` waits for a state. */
class Inbox implements GatewayHandlers {
  readonly reports: DeliveryReport[] = [];
  readonly mos: WireMo[] = [];
  /** Runs inside onMo after the MO is recorded: a test makes the "durable write" slow or fail. */
  moHook: (mo: WireMo) => Promise<void> = async () => undefined;
  private readonly events = new EventEmitter();

  async onReport(_gateway: string, report: DeliveryReport): Promise<void> {
    this.reports.push(report);
    this.events.emit('change');
  }

  async onMo(_gateway: string, mo: WireMo): Promise<void> {
    this.mos.push(mo);
    this.events.emit('change');
    await this.moHook(mo);
  }

  until(predicate: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
    if (predicate()) {
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (predicate()) {
          this.events.off('change', check);
          clearTimeout(timer);
          resolve();
        }
      };
      const timer = setTimeout(() => {
        this.events.off('change', check);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      this.events.on('change', check);
    });
  }
}

let sim: IsmgSimulator | undefined;
let gateway: CmppGateway | undefined;

afterEach(async () => {
  await gateway?.stop();
  await sim?.close();
  gateway = undefined;
  sim = undefined;
});

interface Setup {
  sim: IsmgSimulator;
  gw: CmppGateway;
  inbox: Inbox;
}

async function setup(
  opts: { sim?: Partial<IsmgSimulatorOptions>; url?: Record<string, string | number>; timers?: Partial<CmppTimers>; secret?: string } = {},
): Promise<Setup> {
  const s = new IsmgSimulator({ accounts: { [SP]: SECRET }, ...opts.sim });
  sim = s;
  await s.listen();
  let url = s.clientUrl(SP, opts.url);
  if (opts.secret !== undefined) {
    url = url.replace(encodeURIComponent(SECRET), encodeURIComponent(opts.secret));
  }
  const gw = new CmppGateway(url, { name: 'cmcc', timers: { ...TIMERS, ...opts.timers } });
  gateway = gw;
  const inbox = new Inbox();
  await gw.start(inbox);
  return { sim: s, gw, inbox };
}

let reference = 0;

/** The parts of one message, as the messaging module builds them with the text layer. */
function partsOf(text: string, to = PARENT): OutboundPart[] {
  reference = (reference + 1) & 0xff;
  const plan = planSms(text, { maxParts: 5, reference });
  return plan.parts.map((p) => ({
    messageId: `msg-${String(reference)}`,
    seq: p.seq,
    total: p.total,
    to,
    srcId: SRC,
    msgFmt: plan.msgFmt,
    udhi: p.udh !== null,
    content: p.bytes,
    text,
  }));
}

function onePart(text: string, to = PARENT): OutboundPart {
  const [part] = partsOf(text, to);
  if (part === undefined || part.total !== 1) {
    throw new Error('expected a one-part message');
  }
  return part;
}

function acceptedId(outcome: SubmitOutcome): string {
  if (outcome.kind !== 'accepted') {
    throw new Error(`expected accepted, got ${JSON.stringify(outcome)}`);
  }
  return outcome.gatewayMsgId;
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('cmpp:// address', () => {
  it('parses a full address and applies the defaults', () => {
    expect(parseCmppUrl('cmpp://900001:p%40ss@10.1.2.3?serviceId=XXT&srcId=10657099')).toEqual({
      spId: '900001',
      secret: 'p@ss',
      host: '10.1.2.3',
      port: 7890,
      serviceId: 'XXT',
      srcId: '10657099',
      version: 0x20,
      connections: 1,
      rate: 100,
      window: 16,
    });
    const url = parseCmppUrl('cmpp://900001:x@gw:7891?serviceId=XXT&srcId=10657099&version=3.0&connections=2&rate=50&window=8');
    expect(url).toMatchObject({ port: 7891, version: 0x30, connections: 2, rate: 50, window: 8 });
    expect(formatCmppUrl(url)).toBe('cmpp://900001:***@gw:7891?serviceId=XXT&srcId=10657099&version=3.0&connections=2&rate=50&window=8');
  });

  it.each([
    ['http://900001:x@gw?serviceId=XXT&srcId=1065', '协议应为 cmpp://'],
    ['cmpp://gw:7890?serviceId=XXT&srcId=1065', '企业代码'],
    ['cmpp://900001@gw?serviceId=XXT&srcId=1065', '缺少密钥'],
    ['cmpp://900001:x@gw?srcId=1065', 'serviceId（业务代码）必填'],
    ['cmpp://900001:x@gw?serviceId=XXT', 'srcId（服务代码'],
    ['cmpp://900001:x@gw?serviceId=XXT&srcId=1065&version=4.0', 'version（协议版本）'],
    ['cmpp://900001:x@gw?serviceId=XXT&srcId=1065&window=0', 'window'],
    ['cmpp://900001:x@gw?serviceId=XXT&srcId=1065&conections=2', '未知参数 "conections"'],
    ['不是地址', '不是有效的地址'],
  ])('rejects %s with a Chinese reason', (text, reason) => {
    let error: unknown;
    try {
      parseCmppUrl(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CmppUrlError);
    expect((error as CmppUrlError).code).toBe('CMPP_BAD_URL');
    expect((error as CmppUrlError).message).toContain(reason);
    expect((error as CmppUrlError).message).not.toContain('x@');
  });

  it('reads report times as Beijing time', () => {
    expect(parseReportTime('2611051429')).toBe(Date.UTC(2026, 10, 5, 6, 29));
    expect(parseReportTime('2613051429')).toBeNull();
    expect(parseReportTime('')).toBeNull();
  });
});

describe('CMPP gateway over loopback', () => {
  it('logs in on every connection, and shows them in status() without the secret', async () => {
    const { sim, gw } = await setup({ url: { connections: 2 } });
    expect(sim.logins.map((l) => [l.spId, l.status])).toEqual([
      [SP, 0],
      [SP, 0],
    ]);
    const status = gw.status();
    expect(status).toMatchObject({ name: 'cmcc', kind: 'cmpp', state: 'up', rate: 100, submitted: 0, lastError: null });
    expect(status.connections).toEqual([
      { id: 1, state: 'ready', windowInUse: 0, window: 16 },
      { id: 2, state: 'ready', windowInUse: 0, window: 16 },
    ]);
    expect(status.url).not.toContain(encodeURIComponent(SECRET));
  });

  it('a login beyond the account\'s connection limit is refused (Status 56); the other connection works', async () => {
    const { sim, gw } = await setup({ url: { connections: 2 }, sim: { faults: { maxConnections: 1 } } });
    expect(sim.logins.map((l) => l.status).sort((a, b) => a - b)).toEqual([0, 56]);
    expect(gw.status().state).toBe('up');
    expect(gw.status().lastError).toContain('超过帐号设置接口数');
    acceptedId(await gw.submit(onePart('一条连接也能发')));
  });

  it('the simulator keeps the latest frames, in order, however many it has seen', async () => {
    const { sim, gw, inbox } = await setup({ sim: { keepPackets: 10 } });
    const ids: string[] = [];
    for (let i = 0; i < 15; i++) {
      ids.push(acceptedId(await gw.submit(onePart(`第${String(i)}条`))));
    }
    await inbox.until(() => inbox.reports.length === 15, 'the reports');
    // Login, 15 SUBMITs, their answers, 15 DELIVERs and their answers: far more than 10 frames.
    expect(sim.packets.length).toBeGreaterThanOrEqual(10);
    expect(sim.packets.length).toBeLessThan(20);
    const submits = sim.packets.filter((p) => p.dir === 'in' && p.command === 'SUBMIT').map((p) => p.sequenceId);
    expect(submits).toEqual([...submits].sort((a, b) => a - b));
    expect(submits.length).toBeLessThan(15);
    expect(sim.submits).toHaveLength(15);
  });

  it('CMPP 3.0: submit, 71-byte report and MO', async () => {
    const { sim, gw, inbox } = await setup({ url: { version: '3.0' } });
    expect(sim.logins[0]?.version).toBe(0x30);
    const id = acceptedId(await gw.submit(onePart('三点零协议')));
    await inbox.until(() => inbox.reports.length === 1, 'the report');
    expect(inbox.reports[0]).toMatchObject({ gatewayMsgId: id, stat: 'DELIVRD', to: PARENT });
    const deliver = sim.packets.find((p) => p.dir === 'out' && p.command === 'DELIVER');
    expect(deliver && Buffer.from(deliver.hex, 'hex').length).toBe(12 + 77 + 71 + 20);
    await sim.injectMo({ from: PARENT, to: SRC, text: '收到' });
    expect(inbox.mos[0]?.content.equals(ucs2('收到'))).toBe(true);
  });

  it('refusals: a Result other than 0 or 8 is rejected with its code and Chinese text; a part that does not fit CMPP is rejected before sending', async () => {
    const { sim, gw } = await setup();
    expect(await gw.submit(onePart('错号', '12345'))).toEqual({
      kind: 'rejected',
      code: 'CMPP_RESULT_13',
      message: '网关拒绝：Dest_terminal_Id 错（结果码 13）',
    });
    const outcome = await gw.submit(onePart('号码太长', '1'.repeat(22)));
    expect(outcome).toMatchObject({ kind: 'rejected', code: 'CMPP_BAD_PART' });
    expect(outcome.kind === 'rejected' && outcome.message).toContain('Dest_terminal_Id');
    expect(sim.submits).toHaveLength(1);
  });

  it('logs every frame as hex at debug level (a pino logger fits the log option)', async () => {
    const lines: { obj: Record<string, unknown>; msg: string }[] = [];
    const capture = (obj: Record<string, unknown>, msg: string): void => {
      lines.push({ obj, msg });
    };
    const _pinoFits: CmppLogger = createLogger('silent'); // compile-time: the platform logger can be passed as is
    const s = new IsmgSimulator({ accounts: { [SP]: SECRET } });
    sim = s;
    await s.listen();
    const gw = new CmppGateway(s.clientUrl(SP), { name: 'cmcc', timers: TIMERS, log: { debug: capture, info: capture, warn: capture, error: capture } });
    gateway = gw;
    await gw.start(new Inbox());
    acceptedId(await gw.submit(onePart('trace')));
    const frames = lines.filter((l) => l.msg === 'CMPP 报文').map((l) => l.obj);
    // The part's delivery report (in DELIVER) may already have followed on a busy machine.
    expect(frames.slice(0, 4).map((f) => `${String(f.dir)} ${String(f.command)}`)).toEqual(['out CONNECT', 'in CONNECT_RESP', 'out SUBMIT', 'in SUBMIT_RESP']);
    expect(frames.slice(4).map((f) => `${String(f.dir)} ${String(f.command)}`)).toEqual(frames.length > 4 ? ['in DELIVER'] : []);
    const submit = s.packets.find((p) => p.command === 'SUBMIT');
    expect(frames[2]?.hex).toBe(submit?.hex);
  });

  it('formats no frame for a logger whose debug level is off', async () => {
    const lines: string[] = [];
    const capture = (_obj: Record<string, unknown>, msg: string): void => {
      lines.push(msg);
    };
    const s = new IsmgSimulator({ accounts: { [SP]: SECRET } });
    sim = s;
    await s.listen();
    const gw = new CmppGateway(s.clientUrl(SP), { name: 'cmcc', timers: TIMERS, log: { debug: capture, info: capture, warn: capture, error: capture, isLevelEnabled: (level) => level !== 'debug' } });
    gateway = gw;
    await gw.start(new Inbox());
    acceptedId(await gw.submit(onePart('trace')));
    expect(lines.filter((m) => m === 'CMPP 报文')).toEqual([]);
  });

  it('a wrong secret: the ISMG answers Status 3, the gateway is down and parts come back as retry', async () => {
    const { sim, gw } = await setup({ secret: 'wrong', timers: { queueTimeoutMs: 200 } });
    expect(sim.logins[0]?.status).toBe(3);
    const status = gw.status();
    expect(status.state).not.toBe('up');
    expect(status.lastError).toContain('认证错');
    const outcome = await gw.submit(onePart('hello'));
    expect(outcome.kind).toBe('retry');
    expect(outcome.kind === 'retry' && outcome.reason).toContain('没有可用的 CMPP 连接');
    expect(sim.submits).toHaveLength(0);
  });

  it('submits a UCS-2 part: accepted with the Msg_Id, then a DELIVRD report for it', async () => {
    const { sim, gw, inbox } = await setup();
    const part = onePart('您的孩子王小兵已经到校。');
    const id = acceptedId(await gw.submit(part));
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(sim.submits).toHaveLength(1);
    const got = sim.submits[0]!;
    expect(got).toMatchObject({
      to: PARENT,
      srcId: SRC,
      serviceId: 'XXT',
      msgSrc: SP,
      msgFmt: 8,
      udhi: false,
      pkTotal: 1,
      pkNumber: 1,
      registeredDelivery: 1,
      text: '您的孩子王小兵已经到校。',
      msgId: id,
      result: 0,
    });
    expect(got.content.equals(part.content)).toBe(true);
    await inbox.until(() => inbox.reports.length === 1, 'the report');
    expect(inbox.reports[0]).toMatchObject({ gatewayMsgId: id, stat: 'DELIVRD', to: PARENT });
    expect(Math.abs(inbox.reports[0]!.doneAt - Date.now())).toBeLessThan(120_000);
    expect(gw.status().submitted).toBe(1);
  });

  it('submits a 2-part UCS-2 message: two SUBMITs with the UDH, two Msg_Ids, two reports', async () => {
    const { sim, gw, inbox } = await setup();
    const parts = partsOf(`各位家长：${'明天上午九点在学校礼堂召开家长会，请准时参加。'.repeat(3)}`);
    expect(parts).toHaveLength(2);
    const ids = (await Promise.all(parts.map((p) => gw.submit(p)))).map(acceptedId);
    expect(new Set(ids).size).toBe(2);
    for (const part of parts) {
      const got = sim.submits.find((s) => s.pkNumber === part.seq);
      expect(got).toMatchObject({ pkTotal: 2, udhi: true, tpUdhi: 1, msgFmt: 8 });
      expect(got?.content.equals(part.content)).toBe(true);
      expect(got?.content.subarray(0, 3)).toEqual(Buffer.from([0x05, 0x00, 0x03]));
    }
    await inbox.until(() => inbox.reports.length === 2, 'two reports');
    expect(inbox.reports.map((r) => r.gatewayMsgId).sort()).toEqual([...ids].sort());
  });

  it('reports follow the number: …4 UNDELIV, …5 none, …6 EXPIRED', async () => {
    const { gw, inbox } = await setup();
    const undeliv = acceptedId(await gw.submit(onePart('a', '13800138004')));
    const none = acceptedId(await gw.submit(onePart('b', '13800138005')));
    const expired = acceptedId(await gw.submit(onePart('c', '13800138006')));
    // One connection, reports in submit order: once …6's is in, …5's would have been too.
    await inbox.until(() => inbox.reports.some((r) => r.gatewayMsgId === expired), 'the EXPIRED report');
    expect(inbox.reports.map((r) => [r.gatewayMsgId, r.stat])).toEqual([
      [undeliv, 'UNDELIV'],
      [expired, 'EXPIRED'],
    ]);
    expect(inbox.reports.some((r) => r.gatewayMsgId === none)).toBe(false);
  });

  it('a report that arrives before its SUBMIT_RESP still reaches onReport', async () => {
    const { sim, gw, inbox } = await setup();
    sim.setFaults({ reportBeforeResp: true });
    const id = acceptedId(await gw.submit(onePart('早到的状态报告')));
    // The report was handed over before submit() resolved.
    expect(inbox.reports.map((r) => r.gatewayMsgId)).toEqual([id]);
  });

  it('a duplicated report is handed over and answered twice (the module dedupes)', async () => {
    const { sim, gw, inbox } = await setup();
    sim.setFaults({ duplicateReports: true });
    const id = acceptedId(await gw.submit(onePart('重复的状态报告')));
    await inbox.until(() => inbox.reports.length === 2, 'both copies');
    expect(inbox.reports.map((r) => r.gatewayMsgId)).toEqual([id, id]);
    await sim.until(() => sim.delivers.filter((d) => d.kind === 'report' && d.result === 0).length === 2, 2_000, 'two DELIVER_RESPs');
  });

  it('MOs in ASCII, UCS-2 and GBK reach onMo with their bytes', async () => {
    const { sim, inbox } = await setup();
    const cases = [
      { text: 'JX', msgFmt: 0, bytes: Buffer.from('JX') },
      { text: 'BZR老师您好', msgFmt: 8, bytes: ucs2('BZR老师您好') },
      { text: '退订', msgFmt: 15, bytes: Buffer.from('cdcbb6a9', 'hex') },
    ];
    const ids: string[] = [];
    for (const c of cases) {
      const injected = await sim.injectMo({ from: PARENT, to: SRC, text: c.text, msgFmt: c.msgFmt });
      expect(injected).toMatchObject({ sends: 1, result: 0 });
      ids.push(injected.msgId);
    }
    expect(inbox.mos).toHaveLength(3);
    inbox.mos.forEach((mo, i) => {
      const c = cases[i]!;
      expect(mo).toMatchObject({ gatewayMsgId: ids[i], from: PARENT, to: SRC, msgFmt: c.msgFmt, udhi: false });
      expect(mo.content.equals(c.bytes)).toBe(true);
      expect(decodeSmsPayload(mo.content, mo.msgFmt)).toBe(c.text);
    });
  });

  it('a 2-part long MO (TP_udhi 0x40 and 0x01) arrives with its UDH and udhi set', async () => {
    const { sim, inbox } = await setup();
    const texts = ['王老师您好，孩子今天', '发烧，想请假一天。'];
    const contents = texts.map((t, i) => Buffer.concat([concatUdh(0x2a, 2, i + 1), ucs2(t)]));
    await sim.injectMo({ from: PARENT, to: `${SRC}01`, content: contents[0], msgFmt: 8, tpUdhi: 0x40 });
    await sim.injectMo({ from: PARENT, to: `${SRC}01`, content: contents[1], msgFmt: 8, tpUdhi: 0x01 });
    expect(inbox.mos).toHaveLength(2);
    inbox.mos.forEach((mo, i) => {
      expect(mo).toMatchObject({ to: `${SRC}01`, msgFmt: 8, udhi: true });
      expect(mo.content.equals(contents[i]!)).toBe(true);
      const { udh, body } = splitUdh(mo.content, mo.udhi);
      expect(udh).toEqual({ ref: 0x2a, total: 2, seq: i + 1 });
      expect(decodeSmsPayload(body, 8)).toBe(texts[i]);
    });
  });

  it('DELIVER_RESP goes out only after onMo resolved: while it is pending the ISMG resends', async () => {
    const { sim, inbox } = await setup({ sim: { deliverResendMs: 100 } });
    const stored = deferred();
    inbox.moHook = () => stored.promise;
    const injected = sim.injectMo({ from: PARENT, to: SRC, text: 'JX' });
    // No answer within T while the MO is not yet stored, so the ISMG sends it again.
    await sim.until(() => sim.delivers[0]?.sends === 2, 2_000, 'the resend');
    expect(sim.delivers[0]?.result).toBeNull();
    stored.resolve();
    expect(await injected).toMatchObject({ sends: 2, result: 0 });
    expect(inbox.mos).toHaveLength(2);
  });

  it('no DELIVER_RESP when onMo throws: the ISMG resends and the second try is acknowledged', async () => {
    const { sim, inbox } = await setup({ sim: { deliverResendMs: 100 } });
    let calls = 0;
    inbox.moHook = async () => {
      calls += 1;
      if (calls === 1) {
        throw new Error('数据库暂时不可用');
      }
    };
    const injected = await sim.injectMo({ from: PARENT, to: SRC, text: 'TD' });
    expect(injected).toMatchObject({ sends: 2, result: 0 });
    expect(calls).toBe(2);
    const resps = sim.packets.filter((p) => p.dir === 'in' && p.command === 'DELIVER_RESP');
    expect(resps).toHaveLength(1);
  });

  it('a Result-8 storm (every 2nd SUBMIT): every part accepted once, resent only after its Result 8', async () => {
    const { sim, gw } = await setup({ url: { connections: 2 } });
    sim.setFaults({ result8Every: 2 });
    const parts = Array.from({ length: 12 }, (_, i) => onePart(`通知 ${String(i)}`, `1380013800${String(i % 4)}`));
    const ids = (await Promise.all(parts.map((p) => gw.submit(p)))).map(acceptedId);
    expect(new Set(ids).size).toBe(12);
    const refused = sim.submits.filter((s) => s.result === 8);
    expect(refused.length).toBeGreaterThan(0);
    expect(sim.submits).toHaveLength(12 + refused.length);
    for (const [i, part] of parts.entries()) {
      const copies = sim.submits.filter((s) => s.content.equals(part.content));
      const accepted = copies.filter((s) => s.result === 0);
      expect(accepted.map((s) => s.msgId)).toEqual([ids[i]]);
      // Every copy but the accepted one was refused with Result 8, and came before it.
      expect(copies.slice(0, -1).every((s) => s.result === 8)).toBe(true);
      expect(copies.at(-1)?.result).toBe(0);
    }
  });

  it('a lost SUBMIT_RESP: unknown after the timeout, never resent; the report still comes to reconcile', async () => {
    const { sim, gw, inbox } = await setup({ timers: { responseTimeoutMs: 150 } });
    sim.setFaults({ dropSubmitResp: 1 });
    const outcome = await gw.submit(onePart('超时的短信'));
    expect(outcome.kind).toBe('unknown');
    expect(outcome.kind === 'unknown' && outcome.reason).toContain('SUBMIT_RESP');
    expect(sim.submits).toHaveLength(1);
    expect(gw.status().connections[0]?.windowInUse).toBe(0);
    await inbox.until(() => inbox.reports.length === 1, 'the report');
    expect(inbox.reports[0]?.gatewayMsgId).toBe(sim.submits[0]?.msgId);
  });

  it('a connection cut mid-window: in-flight parts are unknown, the gateway reconnects and sends again', async () => {
    const { sim, gw } = await setup();
    const [first] = sim.readyConnections();
    sim.setFaults({ holdSubmitResp: true, cutAfterSubmits: 3 });
    const outcomes = await Promise.all(['一', '二', '三'].map((t) => gw.submit(onePart(t))));
    for (const outcome of outcomes) {
      expect(outcome.kind).toBe('unknown');
      expect(outcome.kind === 'unknown' && outcome.reason).toContain('断开');
    }
    expect(sim.submits).toHaveLength(3);
    sim.setFaults({});
    await sim.until(() => sim.readyConnections().some((id) => id !== first), 2_000, 'the reconnect');
    acceptedId(await gw.submit(onePart('重连后的短信')));
    expect(sim.logins.filter((l) => l.status === 0)).toHaveLength(2);
    expect(gw.status().lastError).toContain('断开');
  });

  it('never has more than window = 16 SUBMITs unanswered on a connection', async () => {
    const { sim, gw } = await setup({ url: { rate: 10_000 } });
    sim.setFaults({ holdSubmitResp: true });
    const all = Promise.all(Array.from({ length: 40 }, (_, i) => gw.submit(onePart(`第 ${String(i)} 条`))));
    for (let round = 0; round < 5; round++) {
      const answered = sim.submits.filter((s) => s.response === 'answered').length;
      if (answered === 40) {
        break;
      }
      await sim.until(() => sim.heldCount() === Math.min(16, 40 - answered), 2_000, `round ${String(round)}`);
      if (round === 0) {
        expect(gw.status().connections[0]?.windowInUse).toBe(16);
      }
      sim.releaseHeld();
    }
    expect((await all).every((o) => o.kind === 'accepted')).toBe(true);
    expect(sim.maxInFlight).toBe(16);
  });

  it('spreads parts over both connections', async () => {
    const { sim, gw } = await setup({ url: { connections: 2 } });
    const outcomes = await Promise.all(Array.from({ length: 6 }, (_, i) => gw.submit(onePart(`分流 ${String(i)}`))));
    expect(outcomes.every((o) => o.kind === 'accepted')).toBe(true);
    const used = new Set(sim.submits.map((s) => s.connectionId));
    expect(used.size).toBe(2);
  });

  it('keeps to the rate: 30 parts at 20/s never exceed 20 (+ a burst of 2) in any second', async () => {
    const { sim, gw } = await setup({ url: { rate: 20 } });
    const outcomes = await Promise.all(Array.from({ length: 30 }, (_, i) => gw.submit(onePart(`限速 ${String(i)}`))));
    expect(outcomes.every((o) => o.kind === 'accepted')).toBe(true);
    expect(sim.peakRate(1000)).toBeLessThanOrEqual(22);
  });

  it('answers the ISMG ACTIVE_TEST, and drops a link whose own ACTIVE_TESTs go unanswered N times', async () => {
    const { sim, gw } = await setup({ timers: { activeTestIntervalMs: 50, activeTestTimeoutMs: 50, activeTestRetries: 2 } });
    const [first] = sim.readyConnections();
    expect(await sim.activeTest(first!)).toBe(true);
    sim.setFaults({ ignoreActiveTest: true });
    await sim.until(() => !sim.readyConnections().includes(first!), 3_000, 'the drop');
    const probes = sim.packets.filter((p) => p.connectionId === first && p.dir === 'in' && p.command === 'ACTIVE_TEST');
    expect(probes.length).toBeGreaterThanOrEqual(2);
    expect(gw.status().lastError).toContain('ACTIVE_TEST');
    sim.setFaults({});
    await sim.until(() => sim.readyConnections().length === 1, 2_000, 'the reconnect');
    acceptedId(await gw.submit(onePart('心跳恢复')));
  });

  it('answers a TERMINATE from the ISMG and reconnects; garbage on the wire drops the link, not the process', async () => {
    const { sim, gw } = await setup();
    const [first] = sim.readyConnections();
    await sim.terminate(first!);
    expect(sim.packets.some((p) => p.connectionId === first && p.dir === 'in' && p.command === 'TERMINATE_RESP')).toBe(true);
    await sim.until(() => sim.readyConnections().length === 1 && !sim.readyConnections().includes(first!), 2_000, 'the reconnect');
    const [second] = sim.readyConnections();
    sim.injectGarbage(second!);
    await sim.until(() => sim.readyConnections().length === 1 && !sim.readyConnections().includes(second!), 2_000, 'the second reconnect');
    acceptedId(await gw.submit(onePart('仍然可用')));
  });

  it('stop() sends TERMINATE on every connection; afterwards parts come back as retry', async () => {
    const { sim, gw } = await setup({ url: { connections: 2 } });
    await gw.stop();
    expect(sim.terminatesReceived).toBe(2);
    expect(gw.status()).toMatchObject({ state: 'down', connections: [{ state: 'closed' }, { state: 'closed' }] });
    await sim.until(() => sim.readyConnections().length === 0, 2_000, 'the close');
    expect((await gw.submit(onePart('停止后'))).kind).toBe('retry');
  });

  it('stop(): parts still queued come back as retry, parts on the wire as unknown', async () => {
    const { sim, gw } = await setup({ url: { window: 2 }, timers: { stopTimeoutMs: 200 } });
    sim.setFaults({ holdSubmitResp: true });
    const outcomes = Promise.all(['甲', '乙', '丙', '丁'].map((t) => gw.submit(onePart(t))));
    await sim.until(() => sim.heldCount() === 2, 2_000, 'a full window');
    await gw.stop();
    expect((await outcomes).map((o) => o.kind)).toEqual(['unknown', 'unknown', 'retry', 'retry']);
    expect(sim.terminatesReceived).toBe(1);
    expect(sim.submits).toHaveLength(2);
  });
});

describe('yikatong sim ismg', () => {
  it('starts the simulator and prints a working SMS_GATEWAY address in Chinese', async () => {
    const lines: string[] = [];
    const running = await runIsmgSimulator({ port: 0, account: SP, secret: SECRET, reportDelayMs: 0, print: (l) => lines.push(l) });
    try {
      expect(lines.join('\n')).toContain('CMPP 模拟网关（ISMG）已启动');
      expect(lines.join('\n')).toContain(`SMS_GATEWAY='${running.gatewayUrl}'`);
      const gw = new CmppGateway(running.gatewayUrl, { name: 'cli', timers: TIMERS });
      gateway = gw;
      await gw.start(new Inbox());
      acceptedId(await gw.submit(onePart('模拟网关可用')));
      await gw.stop();
    } finally {
      await running.close();
    }
  });

  it('refuses a bad account with a Chinese message', async () => {
    await expect(runIsmgSimulator({ port: 0, account: 'toolong1', print: () => undefined })).rejects.toThrow(
      '企业代码',
    );
  });
});
