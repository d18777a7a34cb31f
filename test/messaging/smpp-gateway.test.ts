/**
 * The smpp:// gateway against the SMPP SMS centre simulator, over loopback with real sockets
 * and small timers. Waits are for conditions (bounded), never for an amount of time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DeliveryReport, GatewayHandlers, OutboundPart, SubmitOutcome, WireMo } from '../../server/src/adapters/sms/port';
import { MAX_THROTTLE_RESENDS, SmppGateway, type SmppTimers } from '../../server/src/adapters/sms/smpp/client';
import { SmscSimulator, type SmscSimulatorOptions } from '../../server/src/adapters/sms/smpp/smsc-simulator';
import { describeSmppUrl, parseSmppUrl } from '../../server/src/adapters/sms/smpp/url';
import { runSmscSimulator } from '../../server/src/cli/sim-smsc';
import { planSms } from '../../server/src/modules/messaging/text';
import { ConfigError } from '../../server/src/platform/config-error';

const FAST: Partial<SmppTimers> = {
  responseTimeoutMs: 1_000,
  enquireLinkMs: 60_000,
  reconnectBaseMs: 20,
  reconnectMaxMs: 100,
  throttleBackoffMs: 10,
  queueTimeoutMs: 5_000,
};
const SYSTEM_ID = 'ykt';
const PASSWORD = 'pw123456';
const SRC = '106570990123';

class Recorder implements GatewayHandlers {
  readonly reports: DeliveryReport[] = [];
  readonly mos: WireMo[] = [];
  /** Runs inside onMo after the MO is recorded; its promise is what the adapter awaits. */
  moHook: ((mo: WireMo) => Promise<void>) | null = null;

  async onReport(_gateway: string, report: DeliveryReport): Promise<void> {
    this.reports.push(report);
  }

  async onMo(_gateway: string, mo: WireMo): Promise<void> {
    this.mos.push(mo);
    if (this.moHook) {
      await this.moHook(mo);
    }
  }
}

/** Polls `cond` every 10 ms, at most `tries` times. */
async function until(cond: () => boolean, what: string, tries = 300): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (cond()) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`条件一直未满足：${what}`);
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) {
    await fn();
  }
});

async function startSim(opts: Partial<SmscSimulatorOptions> = {}): Promise<SmscSimulator> {
  const sim = new SmscSimulator({ systemId: SYSTEM_ID, password: PASSWORD, reportDelayMs: 10, ...opts });
  await sim.listen(0);
  cleanup.push(() => sim.close());
  return sim;
}

async function startGateway(sim: SmscSimulator, opts: { query?: string; password?: string; timers?: Partial<SmppTimers> } = {}) {
  const url = `smpp://${SYSTEM_ID}:${opts.password ?? PASSWORD}@127.0.0.1:${String(sim.port)}?serviceCode=10657099&${opts.query ?? 'window=16'}`;
  const gateway = new SmppGateway(url, { name: 'smpp-test', timers: { ...FAST, ...opts.timers } });
  const rec = new Recorder();
  await gateway.start(rec);
  cleanup.push(() => gateway.stop());
  return { gateway, rec };
}

async function setup(simOpts: Partial<SmscSimulatorOptions> = {}, gatewayOpts: Parameters<typeof startGateway>[1] = {}) {
  const sim = await startSim(simOpts);
  return { sim, ...(await startGateway(sim, gatewayOpts)) };
}

function partsOf(text: string, to = '13800138000', reference = 7): OutboundPart[] {
  const plan = planSms(text, { maxParts: 5, reference });
  return plan.parts.map((p) => ({
    messageId: `msg-${to}`,
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

function onePart(text: string, to = '13800138000'): OutboundPart {
  const [part] = partsOf(text, to);
  if (!part) {
    throw new Error('no part');
  }
  return part;
}

function accepted(outcome: SubmitOutcome): string {
  if (outcome.kind !== 'accepted') {
    throw new Error(`expected accepted, got ${JSON.stringify(outcome)}`);
  }
  return outcome.gatewayMsgId;
}

function ucs2(text: string): Buffer {
  return Buffer.from(text, 'utf16le').swap16();
}

describe('smpp:// URL', () => {
  it('reads credentials, host, port and parameters, with defaults', () => {
    const u = parseSmppUrl('smpp://sp01:se%40cret@10.0.0.5:2776?serviceCode=10657099&connections=2&rate=100&window=8');
    expect(u).toEqual({
      host: '10.0.0.5',
      port: 2776,
      systemId: 'sp01',
      password: 'se@cret',
      systemType: '',
      serviceCode: '10657099',
      connections: 2,
      rate: 100,
      window: 8,
    });
    expect(parseSmppUrl('smpp://sp01:pw@smsc.example')).toMatchObject({ port: 2775, connections: 1, rate: null, window: 16, serviceCode: null });
    expect(describeSmppUrl(u)).toBe('smpp://sp01@10.0.0.5:2776?serviceCode=10657099&connections=2&rate=100&window=8');
  });

  it.each([
    ['cmpp://sp:pw@h:1', 'smpp://'],
    ['smpp://h:2775', '系统号'],
    ['smpp://sp@h:2775', '密码'],
    ['smpp://sp:pw@h:2775?window=0', '窗口'],
    ['smpp://sp:pw@h:2775?rate=abc', 'rate'],
    ['smpp://sp:pw@h:2775?widnow=4', '未知参数'],
    ['smpp://sp:pw@h:2775?serviceCode=12', '服务代码'],
  ])('refuses %s with a Chinese message that does not repeat the password', (url, fragment) => {
    expect(() => parseSmppUrl(url)).toThrow(ConfigError);
    expect(() => parseSmppUrl(url)).toThrow(fragment);
    try {
      parseSmppUrl(url);
    } catch (e) {
      expect((e as Error).message).not.toContain(':pw@');
    }
  });
});

describe('SmppGateway over loopback', () => {
  it('binds as an SMPP 3.4 transceiver and reports itself up', async () => {
    const { sim, gateway } = await setup();
    const status = gateway.status();
    expect(status).toMatchObject({ kind: 'smpp', state: 'up', rate: null, lastError: null });
    expect(status.connections).toEqual([{ id: 1, state: 'bound', windowInUse: 0, window: 16 }]);
    expect(status.url).not.toContain(PASSWORD);
    expect(sim.stats.binds).toBe(1);
    expect(sim.stats.lastBindVersion).toBe(0x34);
  });

  it('with a wrong password stays down, says why, and answers submits with retry', async () => {
    const { sim, gateway } = await setup({}, { password: 'wrong' });
    expect(gateway.status().state).not.toBe('up');
    expect(gateway.status().lastError).toContain('密码错误');
    expect(sim.stats.bindFailures).toBeGreaterThanOrEqual(1);
    expect(sim.stats.binds).toBe(0);
    const outcome = await gateway.submit(onePart('测试'));
    expect(outcome.kind).toBe('retry');
  });

  it('submits a one-part UCS-2 message and passes on its DELIVRD receipt', async () => {
    const { sim, gateway, rec } = await setup();
    const part = onePart('【一卡通】您的孩子已于 07:42 到校。');
    const id = accepted(await gateway.submit(part));

    expect(sim.submits).toHaveLength(1);
    const got = sim.submits[0]!;
    expect(got).toMatchObject({ messageId: id, to: '13800138000', from: SRC, dataCoding: 8, esmClass: 0, registeredDelivery: 1 });
    expect(got.content.equals(part.content)).toBe(true);

    await until(() => rec.reports.length === 1, 'receipt');
    expect(rec.reports[0]).toMatchObject({ gatewayMsgId: id, stat: 'DELIVRD', to: '13800138000' });
    expect(rec.reports[0]!.doneAt).toBeGreaterThan(0);
    expect(gateway.status().submitted).toBe(1);
  });

  it('submits a 2-part UCS-2 message with its UDH (esm_class 0x40), each part acknowledged and receipted', async () => {
    const { sim, gateway, rec } = await setup();
    const parts = partsOf('家长您好：'.repeat(20));
    expect(parts).toHaveLength(2);
    const ids = (await Promise.all(parts.map((p) => gateway.submit(p)))).map(accepted);
    expect(new Set(ids).size).toBe(2);

    expect(sim.submits).toHaveLength(2);
    for (const part of parts) {
      const got = sim.submits.find((s) => s.content.equals(part.content));
      expect(got).toMatchObject({ dataCoding: 8, esmClass: 0x40 });
      expect(got!.content.subarray(0, 6)).toEqual(Buffer.from([0x05, 0x00, 0x03, 7, 2, part.seq]));
    }
    await until(() => rec.reports.length === 2, 'two receipts');
    expect(rec.reports.map((r) => r.gatewayMsgId).sort()).toEqual([...ids].sort());
    expect(rec.reports.every((r) => r.stat === 'DELIVRD')).toBe(true);
  });

  it('submits ASCII as data_coding 0; the simulator answers …4 with UNDELIV and …5 with no receipt', async () => {
    const { sim, gateway, rec } = await setup();
    const silent = accepted(await gateway.submit(onePart('Your code is 123456', '13800138005')));
    const failed = accepted(await gateway.submit(onePart('Your code is 654321', '13800138004')));
    expect(sim.submits.map((s) => s.dataCoding)).toEqual([0, 0]);
    expect(sim.submits[0]!.content.toString('latin1')).toBe('Your code is 123456');

    await until(() => rec.reports.length === 1, 'UNDELIV receipt');
    expect(rec.reports[0]).toMatchObject({ gatewayMsgId: failed, stat: 'UNDELIV', to: '13800138004' });
    expect(rec.reports.some((r) => r.gatewayMsgId === silent)).toBe(false);
  });

  it('passes a UCS-2 MO to onMo with its bytes, addresses and data coding', async () => {
    const { sim, rec } = await setup();
    expect(await sim.injectMo({ from: '13800138000', to: '106570990123', text: '退订 JX' })).toBe(0);
    expect(rec.mos).toHaveLength(1);
    const mo = rec.mos[0]!;
    expect(mo).toMatchObject({ from: '13800138000', to: '106570990123', msgFmt: 8, udhi: false });
    expect(mo.content.equals(ucs2('退订 JX'))).toBe(true);
    expect(mo.gatewayMsgId).toMatch(/^mo-/);

    // data_coding 1 (IA5) is ASCII for the text layer; 15 (GBK) goes through as 15.
    expect(await sim.injectMo({ from: '13800138000', to: '10657099', content: Buffer.from('TD'), dataCoding: 1 })).toBe(0);
    expect(await sim.injectMo({ from: '13800138000', to: '10657099', content: Buffer.from([0xcd, 0xcb, 0xb6, 0xa9]), dataCoding: 15 })).toBe(0);
    expect(rec.mos.slice(1).map((m) => m.msgFmt)).toEqual([0, 15]);
    expect(rec.mos[2]!.content).toEqual(Buffer.from([0xcd, 0xcb, 0xb6, 0xa9]));
    expect(new Set(rec.mos.map((m) => m.gatewayMsgId)).size).toBe(3);
  });

  it('passes both parts of a long MO with their UDH and udhi set', async () => {
    const { sim, rec } = await setup();
    const plan = planSms('老师您好，'.repeat(16), { maxParts: 5, reference: 0x2a });
    expect(plan.parts).toHaveLength(2);
    for (const part of plan.parts) {
      expect(await sim.injectMo({ from: '13800138000', to: '106570990123', content: part.bytes, dataCoding: 8, udhi: true })).toBe(0);
    }
    expect(rec.mos.map((m) => m.udhi)).toEqual([true, true]);
    expect(rec.mos.map((m) => m.msgFmt)).toEqual([8, 8]);
    expect(rec.mos[0]!.content.equals(plan.parts[0]!.bytes)).toBe(true);
    expect(rec.mos[1]!.content.equals(plan.parts[1]!.bytes)).toBe(true);
  });

  it('sends deliver_sm_resp only after onMo resolves, and a temporary error when it throws', async () => {
    const { sim, gateway, rec } = await setup();
    let release: () => void = () => undefined;
    rec.moHook = () =>
      new Promise<void>((resolve) => {
        release = resolve;
      });
    let answered = false;
    const mo = sim.injectMo({ from: '13800138000', to: '106570990123', text: '1' }).then((status) => {
      answered = true;
      return status;
    });
    await until(() => rec.mos.length === 1, 'onMo called');
    // One full round trip on the same connection: a resp sent before it would have arrived first.
    accepted(await gateway.submit(onePart('ok')));
    expect(answered).toBe(false);
    release();
    expect(await mo).toBe(0);

    rec.moHook = async () => {
      throw new Error('数据库不可用');
    };
    expect(await sim.injectMo({ from: '13800138000', to: '106570990123', text: '2' })).toBe(0x64); // ESME_RX_T_APPN
    rec.moHook = null;
    expect(await sim.injectMo({ from: '13800138000', to: '106570990123', text: '2' })).toBe(0);
  });

  it('rides out a throttling storm: every part is accepted in the end', async () => {
    // Every 3rd submit_sm is throttled; window 2 < 3, so no part can be throttled twice.
    const { sim, gateway } = await setup({ faults: { throttleEvery: 3 } }, { query: 'window=2' });
    const parts = Array.from({ length: 30 }, (_, i) => onePart(`code ${String(i)}`, `139000000${String(i).padStart(2, '0')}`));
    const outcomes = await Promise.all(parts.map((p) => gateway.submit(p)));
    expect(outcomes.map((o) => o.kind)).toEqual(parts.map(() => 'accepted'));
    expect(sim.stats.throttled).toBeGreaterThanOrEqual(10);
    expect(sim.stats.accepted).toBe(30);
    expect(new Set(sim.submits.map((s) => s.to)).size).toBe(30);
  });

  it(`gives up on a part throttled ${String(MAX_THROTTLE_RESENDS + 1)} times with retry`, async () => {
    const { sim, gateway } = await setup({ faults: { throttleEvery: 1 } });
    const outcome = await gateway.submit(onePart('hello'));
    expect(outcome.kind).toBe('retry');
    expect(sim.stats.submitPdus).toBe(MAX_THROTTLE_RESENDS + 1);
    expect(sim.stats.accepted).toBe(0);
  });

  it('turns a missing submit_sm_resp into unknown without resending; the receipt still arrives', async () => {
    const { sim, gateway, rec } = await setup({ faults: { dropResp: 2 } });
    accepted(await gateway.submit(onePart('first')));
    const outcome = await gateway.submit(onePart('second'));
    expect(outcome.kind).toBe('unknown');
    expect(sim.stats.submitPdus).toBe(2);
    expect(sim.stats.dropped).toBe(1);
    const taken = sim.submits[1]!.messageId;
    await until(() => rec.reports.some((r) => r.gatewayMsgId === taken), 'receipt of the unanswered part');
    expect(sim.stats.submitPdus).toBe(2);
  });

  it('after a connection cut: the part in flight is unknown, the gateway rebinds, later parts go through', async () => {
    const { sim, gateway } = await setup({ faults: { cutAfterSubmits: 1 } });
    const cut = await gateway.submit(onePart('first'));
    expect(cut.kind).toBe('unknown');
    expect(gateway.status().lastError).toContain('断开');
    await until(() => gateway.status().state === 'up' && sim.stats.binds === 2, 'rebind');
    accepted(await gateway.submit(onePart('second')));
    expect(sim.stats.cuts).toBe(1);
  });

  it('keeps at most `window` submit_sm unanswered per connection', async () => {
    const { sim, gateway } = await setup({}, { query: 'window=3' });
    sim.pauseResponses();
    const pending = Array.from({ length: 8 }, (_, i) => gateway.submit(onePart(`n${String(i)}`)));
    await until(() => sim.stats.submitPdus === 3, 'window filled');
    expect(gateway.status().connections[0]).toMatchObject({ windowInUse: 3, window: 3 });
    sim.resumeResponses();
    const outcomes = await Promise.all(pending);
    expect(outcomes.every((o) => o.kind === 'accepted')).toBe(true);
    expect(sim.stats.accepted).toBe(8);
    expect(sim.stats.maxUnanswered).toBe(3);
  });

  it('holds submits to the configured rate', async () => {
    const { sim, gateway } = await setup({}, { query: 'rate=50' });
    const started = performance.now();
    const outcomes = await Promise.all(Array.from({ length: 25 }, (_, i) => gateway.submit(onePart(`r${String(i)}`))));
    const elapsed = performance.now() - started;
    expect(outcomes.every((o) => o.kind === 'accepted')).toBe(true);
    // 5 may go at once (a tenth of a second's worth); the other 20 need 400 ms at 50/s.
    expect(elapsed).toBeGreaterThanOrEqual(350);
    expect(sim.partsPerSecond().reduce((n, s) => n + s.parts, 0)).toBe(25);
    expect(gateway.status().rate).toBe(50);
  });

  it('sends and answers enquire_link', async () => {
    const { sim } = await setup({ enquireLinkMs: 20 }, { timers: { enquireLinkMs: 20 } });
    await until(() => sim.stats.enquireLinksReceived >= 2 && sim.stats.enquireLinkRespsReceived >= 2, 'enquire_link both ways');
  });

  it('drops a link whose enquire_link goes unanswered and binds again', async () => {
    const { sim, gateway } = await setup({}, { timers: { enquireLinkMs: 30, responseTimeoutMs: 200 } });
    sim.setFaults({ ignoreEnquireLink: true });
    await until(() => sim.stats.binds >= 2, 'dropped and bound again');
    expect(gateway.status().lastError).toContain('enquire_link 无应答');
    sim.setFaults({});
    await until(() => gateway.status().state === 'up', 'up again');
    accepted(await gateway.submit(onePart('after')));
  });

  it('comes up without an SMS centre, says so, and answers submits with retry', async () => {
    const sim = await startSim();
    const port = sim.port;
    await sim.close();
    const gateway = new SmppGateway(`smpp://${SYSTEM_ID}:${PASSWORD}@127.0.0.1:${String(port)}`, { name: 'nowhere', timers: FAST });
    await gateway.start(new Recorder());
    cleanup.push(() => gateway.stop());
    expect(gateway.status().state).not.toBe('up');
    expect(gateway.status().lastError).toContain('ECONNREFUSED');
    expect((await gateway.submit(onePart('hi'))).kind).toBe('retry');
  });

  it('binds every connection and unbinds cleanly on stop', async () => {
    const { sim, gateway } = await setup({}, { query: 'connections=2' });
    expect(sim.stats.binds).toBe(2);
    expect(gateway.status().connections.map((c) => c.state)).toEqual(['bound', 'bound']);
    await gateway.stop();
    expect(sim.stats.unbinds).toBe(2);
    expect(gateway.status()).toMatchObject({ state: 'down' });
    expect(gateway.status().connections.map((c) => c.state)).toEqual(['stopped', 'stopped']);
    expect((await gateway.submit(onePart('late'))).kind).toBe('retry');
  });
});

describe('runSmscSimulator', () => {
  it('prints, in Chinese, a gateway URL that binds', async () => {
    const lines: string[] = [];
    const running = await runSmscSimulator({ port: 0, systemId: 'demo', password: 'demo1234', reportDelayMs: 10, print: (l) => lines.push(l) });
    cleanup.push(() => running.close());
    expect(lines.join('\n')).toContain(`SMS_GATEWAY=${running.gatewayUrl}`);
    expect(lines.join('\n')).toContain('尾号 4 → UNDELIV');
    const gateway = new SmppGateway(running.gatewayUrl, { name: 'cli', timers: FAST });
    await gateway.start(new Recorder());
    cleanup.push(() => gateway.stop());
    expect(gateway.status().state).toBe('up');
  });
});
