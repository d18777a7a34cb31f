/**
 * The messaging module on both databases, through the in-process simulator (sim://, reports
 * at once): states, idempotency, compliance at queue and at send time, delivery reports in
 * either order, the "unknown" policy, MO storage, reassembly and routing, opt-out, bulk.
 */
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { createTestContext } from '../helpers/context';
import { simSettle } from '../helpers/sim-settle';
import { countRows, describeEachDatabase } from '../helpers/db';

type Ctx = Awaited<ReturnType<typeof createTestContext>>;

async function setup(db: Parameters<typeof createTestContext>[0], env?: Record<string, string>) {
  const ctx = await createTestContext(db, { env });
  // The test sends what is due itself (settle), so that it decides when.
  /** Sends what is due, runs due jobs and stores every report, until nothing is left. */
  const { sim, settle } = await simSettle(ctx);
  return { ctx, sim, settle };
}

const count = (ctx: Ctx, table: string) => countRows(ctx.database.db, table);

const notice = (to: string, key: string, text = '您的孩子王小兵已于07:42到校。') => ({ to, text, class: 'notice' as const, service: 'safety', key });

describeEachDatabase('messaging', (t) => {
  it('sends a Chinese notice: queued → submitted → accepted → delivered, with the time of each step', async () => {
    const { ctx, sim, settle } = await setup(t().database);
    const { message, replay } = await ctx.messaging.send(notice('13800138000', 'k1'));
    expect(replay).toBe(false);
    expect(message).toMatchObject({ status: 'queued', to: '13800138000', text: '【一卡通】您的孩子王小兵已于07:42到校。', parts: 1, encoding: 'ucs2', carrier: 'cmcc', srcId: '10657099' });
    await settle();
    const life = await ctx.messaging.messageLife(message.id);
    expect(life.message.status).toBe('delivered');
    expect(life.parts).toEqual([expect.objectContaining({ seq: 1, status: 'delivered', reportStat: 'DELIVRD', attempts: 1, gateway: 'sim' })]);
    const p = life.parts[0]!;
    expect(p.submittedAt).not.toBeNull();
    expect(p.acceptedAt).not.toBeNull();
    expect(p.doneAt).not.toBeNull();
    expect(sim.received.map((x) => x.to)).toEqual(['13800138000']);
  });

  it('a repeat with the same key sends nothing new; another text with the same key is a conflict', async () => {
    const { ctx, sim, settle } = await setup(t().database);
    const a = await ctx.messaging.send(notice('13800138000', 'same'));
    const b = await ctx.messaging.send(notice('+86 138-0013-8000', 'same'));
    expect(b).toMatchObject({ replay: true, message: { id: a.message.id } });
    await expect(ctx.messaging.send(notice('13800138000', 'same', '另一条内容'))).rejects.toMatchObject({ code: 'SMS_KEY_CONFLICT' });
    await settle();
    expect(await count(ctx, 'sms_messages')).toBe(1);
    expect(sim.received).toHaveLength(1);
  });

  it('bad input: a clear error and nothing written', async () => {
    const { ctx } = await setup(t().database);
    const cases: [Parameters<Ctx['messaging']['send']>[0], string][] = [
      [notice('1380013800', 'a'), 'SMS_INVALID_NUMBER'],
      [notice('23800138000', 'b'), 'SMS_INVALID_NUMBER'],
      [notice('13800138000', 'c', '   '), 'SMS_EMPTY'],
      [notice('13800138000', 'd', '长'.repeat(67 * 5)), 'SMS_TOO_LONG'],
      [{ ...notice('13800138000', 'e'), class: 'spam' as never }, 'SMS_INVALID_REQUEST'],
      [{ ...notice('13800138000', 'f'), service: 'Bad Service' }, 'SMS_INVALID_REQUEST'],
      [{ ...notice('13800138000', 'g'), extension: '12a' }, 'SMS_INVALID_REQUEST'],
      [{ ...notice('13800138000', '') }, 'SMS_INVALID_REQUEST'],
      [{ ...notice('13800138000', 'h'), signature: '【】' }, 'SMS_SIGNATURE_INVALID'],
    ];
    for (const [req, code] of cases) {
      await expect(ctx.messaging.send(req), JSON.stringify(req)).rejects.toMatchObject({ code });
    }
    expect(await count(ctx, 'sms_messages')).toBe(0);
    expect(await count(ctx, 'sms_parts')).toBe(0);
  });

  it('a long Chinese text goes as concatenated UCS-2 parts that join back to the text', async () => {
    const { ctx, sim, settle } = await setup(t().database);
    const text = '各位家长：本周五下午学校召开家长会，请准时参加。'.repeat(6);
    const { message } = await ctx.messaging.send(notice('13900139000', 'long', text));
    expect(message.parts).toBe(3);
    await settle();
    expect(sim.received).toHaveLength(3);
    const joined = sim.received.map((p) => {
      expect(p.udhi).toBe(true);
      expect(p.content.length).toBeLessThanOrEqual(140);
      expect(p.content.subarray(0, 3)).toEqual(Buffer.from([5, 0, 3]));
      return p.content.subarray(6).swap16().toString('utf16le');
    });
    expect(joined.join('')).toBe(`【一卡通】${text}`);
    expect((await ctx.messaging.messageLife(message.id)).message.status).toBe('delivered');
  });

  it('outcomes by last digit: undeliverable, refused, report before the submit response, no report → expired after 48 h', async () => {
    const { ctx, settle } = await setup(t().database);
    const ids = Object.fromEntries(
      await Promise.all(['13800000004', '13800000007', '13800000003', '13800000005'].map(async (to) => [to.slice(-1), (await ctx.messaging.send(notice(to, `d${to}`))).message.id] as const)),
    );
    await settle();
    const status = async (d: string) => (await ctx.messaging.messageLife(ids[d]!)).message.status;
    expect(await status('4')).toBe('failed');
    expect((await ctx.messaging.messageLife(ids['4']!)).parts[0]).toMatchObject({ reportStat: 'UNDELIV', error: 'UNDELIV' });
    expect(await status('7')).toBe('failed');
    expect((await ctx.messaging.messageLife(ids['7']!)).parts[0]?.error).toContain('SIM_NO_SUCH_NUMBER');
    expect(await status('3')).toBe('delivered');
    expect(await status('5')).toBe('accepted');
    ctx.clock.advance(47 * 3_600_000);
    await ctx.messaging.sweep();
    expect(await status('5')).toBe('accepted');
    ctx.clock.advance(2 * 3_600_000);
    expect(await ctx.messaging.sweep()).toMatchObject({ expired: 1 });
    expect(await status('5')).toBe('expired');
  });

  it('a duplicated delivery report changes nothing', async () => {
    const { ctx, settle } = await setup(t().database);
    const { message } = await ctx.messaging.send(notice('13800138000', 'dup'));
    await settle();
    const before = await ctx.messaging.messageLife(message.id);
    await ctx.messaging.handlers.onReport('sim', { gatewayMsgId: before.parts[0]!.gatewayMsgId!, stat: 'UNDELIV', to: '13800138000', doneAt: ctx.clock.now() + 5000 });
    expect(await ctx.messaging.messageLife(message.id)).toEqual(before);
  });

  it('the unknown policy: a part with no answer is sent once more, then stays unknown', async () => {
    const { ctx, sim, settle } = await setup(t().database);
    const { message } = await ctx.messaging.send(notice('13800000006', 'unk'));
    await settle();
    ctx.clock.advance(60_000);
    await settle();
    ctx.clock.advance(3_600_000);
    await settle();
    const life = await ctx.messaging.messageLife(message.id);
    expect(life.message.status).toBe('unknown');
    expect(life.parts[0]).toMatchObject({ status: 'unknown', attempts: 2 });
    expect(sim.received.filter((p) => p.to === '13800000006')).toHaveLength(2);
  });

  it('an opt-out that arrives after queueing blocks the message at send time', async () => {
    const { ctx, sim, settle } = await setup(t().database);
    const { message } = await ctx.messaging.send(notice('13800138000', 'late-optout'));
    await ctx.messaging.addOptout({ msisdn: '13800138000', service: 'safety', source: 'console' });
    await settle();
    const life = await ctx.messaging.messageLife(message.id);
    expect(life.message).toMatchObject({ status: 'blocked' });
    expect(life.message.reason).toContain('发送前复核');
    expect(sim.received).toHaveLength(0);
    // Queued after the opt-out: blocked at once, nothing queued; a verification code still goes.
    const again = await ctx.messaging.send(notice('13800138000', 'after'));
    expect(again.message).toMatchObject({ status: 'blocked', reason: '该号码已退订此项服务的短信' });
    const code = await ctx.messaging.send({ to: '13800138000', text: '您的验证码是 123456，5 分钟内有效。', class: 'verification', service: 'safety', key: 'code' });
    expect(code.message.status).toBe('queued');
  });

  it('quiet hours: marketing written at 23:00 waits until 08:00; a notice goes at once', async () => {
    const { ctx, sim, settle } = await setup(t().database);
    ctx.clock.set('2026-09-01T15:00:00.000Z'); // 23:00 in Shanghai
    const promo = await ctx.messaging.send({ to: '13800138000', text: '新学期文具八折。回复TD退订', class: 'marketing', service: 'promo', key: 'm1' });
    const note = await ctx.messaging.send(notice('13800138000', 'n1'));
    expect(promo.message.notBefore).toBe(Date.parse('2026-09-02T00:00:00.000Z'));
    expect(promo.message.reason).toContain('08:00–22:00');
    await settle();
    expect((await ctx.messaging.messageLife(note.message.id)).message.status).toBe('delivered');
    expect((await ctx.messaging.messageLife(promo.message.id)).message.status).toBe('queued');
    ctx.clock.set('2026-09-02T00:00:00.000Z');
    await settle();
    expect((await ctx.messaging.messageLife(promo.message.id)).message.status).toBe('delivered');
    expect(sim.received).toHaveLength(2);
  });

  it('caps: verification codes at most 1 a minute and 5 an hour per number', async () => {
    const { ctx } = await setup(t().database);
    const code = (k: string) => ctx.messaging.send({ to: '13800138000', text: '验证码 123456', class: 'verification', service: 'login', key: k });
    expect((await code('c1')).message.status).toBe('queued');
    const second = await code('c2');
    expect(second.message).toMatchObject({ status: 'blocked' });
    expect(second.message.reason).toContain('每 1 分钟最多 1 条');
    for (let i = 3; i <= 6; i++) {
      ctx.clock.advance(61_000);
      expect((await code(`c${i}`)).message.status).toBe('queued');
    }
    ctx.clock.advance(61_000);
    expect((await code('c7')).message.reason).toContain('每 1 小时最多 5 条');
  });

  it('sends arriving together (one batch) keep every rule: caps count each other, a repeated key is one message, a conflicting one fails alone', async () => {
    const { ctx, sim, settle } = await setup(t().database);
    await ctx.messaging.addOptout({ msisdn: '13800138009', service: '*', source: 'console' });
    const code = (k: string) => ctx.messaging.send({ to: '13800138000', text: '验证码 123456', class: 'verification', service: 'login', key: k });
    // All in the same tick: the module's send batcher writes them in one transaction.
    const results = await Promise.allSettled([
      code('b1'),
      code('b2'),
      ctx.messaging.send(notice('13800138001', 'same')),
      ctx.messaging.send(notice('13800138001', 'same')),
      ctx.messaging.send(notice('13800138001', 'same', '另一条内容')),
      ctx.messaging.send(notice('13800138009', 'opted-out')),
      ctx.messaging.send(notice('13800138002', 'fine')),
    ]);
    const value = (i: number) => {
      const r = results[i]!;
      if (r.status !== 'fulfilled') {
        throw new Error(`send ${String(i)} failed: ${String(r.reason)}`);
      }
      return r.value;
    };
    // The cap of one code a minute holds between two codes of the same batch.
    expect([value(0).message.status, value(1).message.status]).toEqual(['queued', 'blocked']);
    expect(value(1).message.reason).toContain('每 1 分钟最多 1 条');
    // The same key twice in one batch: one message, the second call a replay of the first.
    expect(value(2).replay).toBe(false);
    expect(value(3)).toMatchObject({ replay: true, message: { id: value(2).message.id } });
    expect(results[4]).toMatchObject({ status: 'rejected', reason: { code: 'SMS_KEY_CONFLICT' } });
    expect(value(5).message).toMatchObject({ status: 'blocked', reason: '该号码已退订全部短信' });
    expect(value(6).message.status).toBe('queued');
    await settle();
    expect(await count(ctx, 'sms_messages')).toBe(5);
    expect(sim.received.map((x) => x.to).sort()).toEqual(['13800138000', '13800138001', '13800138002']);
    // The same batch again: every request is a replay (or the same conflict), nothing new is written.
    const again = await Promise.allSettled([code('b1'), code('b2'), ctx.messaging.send(notice('13800138001', 'same', '另一条内容'))]);
    expect(again.map((r) => (r.status === 'fulfilled' ? r.value.replay : (r.reason as { code: string }).code))).toEqual([true, true, 'SMS_KEY_CONFLICT']);
    expect(await count(ctx, 'sms_messages')).toBe(5);
  });

  it('TD from a phone: stored, opted out of everything, confirmed by SMS; notices stop, codes still go', async () => {
    const { ctx, sim, settle } = await setup(t().database);
    await sim.sendMo({ from: '13700137000', to: '10657099', text: 'ｔｄ' });
    await settle();
    const [mo] = (await ctx.messaging.searchMo({ from: '13700137000' })).items;
    expect(mo).toMatchObject({ text: 'ｔｄ', status: 'handled', route: 'optout', service: '*' });
    expect((await ctx.messaging.listOptouts({ msisdn: '13700137000' })).items).toEqual([expect.objectContaining({ service: '*', source: 'sms' })]);
    const reply = sim.received.find((p) => p.to === '13700137000');
    expect(reply?.text).toMatch(/^【一卡通】退订成功/);
    expect((await ctx.messaging.send(notice('13700137000', 'n'))).message.status).toBe('blocked');
    expect((await ctx.messaging.send({ to: '13700137000', text: '验证码 1', class: 'verification', service: 'login', key: 'v' })).message.status).toBe('queued');
  });

  it('TD in reply to a service\'s message opts out of that service only', async () => {
    const { ctx, sim, settle } = await setup(t().database);
    ctx.messaging.registerService('jx', '家校互动');
    await ctx.messaging.send({ ...notice('13700137001', 'jx1', '今天的作业是…'), service: 'jx', extension: '0123' });
    await settle();
    await sim.sendMo({ from: '13700137001', to: '106570990123', text: '退订' });
    await settle();
    expect((await ctx.messaging.listOptouts({ msisdn: '13700137001' })).items).toEqual([expect.objectContaining({ service: 'jx', serviceTitle: '家校互动' })]);
    expect(sim.received.at(-1)?.text).toContain('「家校互动」');
    expect(sim.received.at(-1)?.srcId).toBe('106570990123');
    expect((await ctx.messaging.send(notice('13700137001', 'other'))).message.status).toBe('queued');
  });

  it('routing: destination before keyword, keyword, then help; long MO reassembled with a duplicate part; GBK decoded', async () => {
    const { ctx, sim, settle } = await setup(t().database);
    const seen: string[] = [];
    ctx.messaging.registerInbound({ name: 'teacher-thread', service: 'jx', extensionPrefix: '01', handle: async (m) => (seen.push(`dest:${m.extension}:${m.text}`), { result: '已转给老师' }) });
    // A keyword of this test's own (the school part answers the real BZR).
    ctx.messaging.registerInbound({ name: 'ly', service: 'jx', keywords: ['LY'], handle: async (m) => (seen.push(`ly:${m.rest}`), { result: '已进班主任信箱', reply: '已收到' }) });
    await sim.sendMo({ from: '13700137002', to: '1065709901', text: '谢谢老师' });
    await sim.sendMo({ from: '13700137002', to: '10657099', text: 'ly 老师您好' });
    await sim.sendMo({ from: '13700137002', to: '10657099', text: '你好' });
    // A long MO in two parts, the second one twice.
    const long = '老师您好，'.repeat(20);
    const parts = ctx.messaging.handlers;
    const plan = (await import('../../server/src/modules/messaging')).smsText.planSms(`LY ${long}`, { maxParts: 5, reference: 9 });
    for (const [i, p] of [plan.parts[1]!, plan.parts[0]!, plan.parts[1]!].entries()) {
      await parts.onMo('sim', { gatewayMsgId: `long-${i}`, from: '13700137003', to: '10657099', msgFmt: 8, udhi: true, content: p.bytes });
    }
    // The same wire message twice is stored once.
    const gbk = Buffer.from('c0cfcaa6c4fabac3', 'hex'); // 老师您好 in GBK
    await parts.onMo('sim', { gatewayMsgId: 'gbk-1', from: '13700137004', to: '10657099', msgFmt: 15, udhi: false, content: Buffer.concat([Buffer.from('LY '), gbk]) });
    await parts.onMo('sim', { gatewayMsgId: 'gbk-1', from: '13700137004', to: '10657099', msgFmt: 15, udhi: false, content: Buffer.concat([Buffer.from('LY '), gbk]) });
    await settle();
    expect(seen).toEqual(expect.arrayContaining(['dest:01:谢谢老师', 'ly:老师您好', `ly:${long}`]));
    expect(seen.filter((s) => s === 'ly:老师您好')).toHaveLength(2);
    expect(seen, JSON.stringify(seen)).toHaveLength(4);
    expect(sim.received.find((p) => p.to === '13700137002' && p.text.includes('未能识别'))).toBeDefined();
    const moRows = await sql<{ status: string }>`select status from sms_mo where from_msisdn = '13700137003' order by status`.execute(ctx.database.db);
    expect(moRows.rows.map((r) => r.status)).toEqual(['assembled', 'duplicate', 'handled']);
    expect((await ctx.messaging.searchMo({ from: '13700137004' })).total).toBe(1);
  });

  it('bulk: one send to many with a summary, bad numbers refused up front, failed ones resent', async () => {
    const { ctx, sim, settle } = await setup(t().database);
    await expect(
      ctx.messaging.sendBulk({ service: 'jx', class: 'notice', text: '明天放假', recipients: ['13800138000', 'abc', '1380013800'], key: 'b0' }),
    ).rejects.toMatchObject({ code: 'SMS_INVALID_REQUEST', details: { invalidCount: 2, invalid: [expect.objectContaining({ row: 2 }), expect.objectContaining({ row: 3 })] } });
    expect(await count(ctx, 'sms_bulks')).toBe(0);
    expect(await count(ctx, 'sms_messages')).toBe(0);

    const recipients = ['13800138000', '13800138001', '13800138004', '13800138001', { to: '13800138002', text: '王小兵家长：明天放假' }];
    const { bulk } = await ctx.messaging.sendBulk({ service: 'jx', class: 'notice', text: '明天放假', recipients, key: 'b1', createdBy: 'teacher-1' });
    expect(bulk.recipients).toBe(4);
    expect((await ctx.messaging.sendBulk({ service: 'jx', class: 'notice', text: '明天放假', recipients, key: 'b1' })).replay).toBe(true);
    await settle();
    expect((await ctx.messaging.bulkReport(bulk.id)).summary).toEqual({ recipients: 4, delivered: 3, failed: 1, blocked: 0, pending: 0 });
    expect(sim.received.find((p) => p.to === '13800138002')?.text).toBe('【一卡通】王小兵家长：明天放假');
    expect(await ctx.messaging.resendFailed(bulk.id)).toEqual({ resent: 1 });
    expect(await ctx.messaging.resendFailed(bulk.id)).toEqual({ resent: 0 });
    await settle();
    // The number ending in 4 fails again: still one failure, no duplicate rows for the others.
    expect((await ctx.messaging.bulkReport(bulk.id)).summary).toMatchObject({ recipients: 4, delivered: 3, failed: 1 });
    expect(sim.received.filter((p) => p.to === '13800138004')).toHaveLength(2);
  });
});
