/**
 * The gate and family-phone device API over HTTP with real signatures, and the attendance,
 * leave and family-number routes with logged-in people. Bad input answers a clear Chinese
 * error and writes nothing.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { AppContext } from '../../server/src/context';
import { buildHttp } from '../../server/src/http/server';
import type { Http } from '../../server/src/http/types';
import { deviceRequestHeaders } from '../../server/src/modules/devices';
import type { TestClock } from '../../server/src/platform/clock';
import { createTestContext } from '../helpers/context';
import { countRows, describeEachDatabase } from '../helpers/db';
import { logInAs } from '../helpers/world';
import { at, buildGateWorld, GATE, GATE_PHONES, PHONE, textsTo, type GateWorld } from './gate-world';

describeEachDatabase('gate and family phone over HTTP', (t) => {
  let ctx: AppContext & { clock: TestClock };
  let app: Http;
  let w: GateWorld;

  beforeEach(async () => {
    ctx = await createTestContext(t().database);
    w = await buildGateWorld(ctx);
    ctx.clock.set(at('07:42'));
    app = await buildHttp(ctx, { consoleDir: null });
    await app.ready();
  });
  afterEach(async () => {
    await app.close();
  });

  const signed = (device: { id: string; key: string }, path: string, payload: unknown) => {
    const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
    const headers = deviceRequestHeaders({ deviceId: device.id, key: device.key, method: 'POST', path, body, timestamp: ctx.clock.now(), nonce: randomUUID() });
    return app.inject({ method: 'POST', url: path, headers: { ...headers, 'content-type': 'application/json' }, payload: body });
  };
  const count = async (table: string) => countRows(ctx.database.db, table);
  const SWIPES = '/api/device/gate/swipes';

  it('a gate posts one swipe: the mother gets the safety SMS; the answer says what happened', async () => {
    const r = await signed(GATE, SWIPES, { seq: '1001', card: 'C3001', direction: 'in', time: at('07:42'), gate: '东门' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ accepted: 1, duplicates: 0, unknownCards: 0, results: [{ seq: '1001', result: 'accepted', outcome: 'texted', studentName: '王小兵', sms: 1 }] });
    expect(await textsTo(ctx, GATE_PHONES.liFang)).toEqual(['【阳光小学】您的孩子王小兵已于07:42到校。']);
  });

  it('an offline batch with an unknown card; uploaded again, nothing changes', async () => {
    const batch = { swipes: [
      { seq: '2001', card: 'C3001', direction: 'in', time: at('07:30') },
      { seq: '2002', card: 'ZZ404', direction: 'in', time: at('07:31') },
      { seq: '2003', card: 'C3002', direction: 'in', time: at('07:32') },
    ] };
    const first = await signed(GATE, SWIPES, batch);
    expect(first.json()).toMatchObject({ accepted: 2, unknownCards: 1, duplicates: 0 });
    expect(first.json<{ results: { result: string }[] }>().results.map((x) => x.result)).toEqual(['accepted', 'unknown_card', 'accepted']);
    const again = await signed(GATE, SWIPES, batch);
    expect(again.json()).toMatchObject({ accepted: 0, unknownCards: 0, duplicates: 3 });
    expect(await count('gate_swipes')).toBe(3);
    expect(await textsTo(ctx, GATE_PHONES.liFang)).toHaveLength(1);
  });

  it('malformed batches are refused whole with 400 and write nothing', async () => {
    const bad = [
      { swipes: [{ seq: '1', card: 'C3001', direction: 'in', time: at('07:30') }, { seq: '2', card: 'C3002', direction: 'up', time: at('07:30') }] },
      { swipes: [{ seq: '1', card: 'C3001', direction: 'in', time: at('07:30') }, { seq: '1', card: 'C3002', direction: 'in', time: at('07:31') }] },
      { swipes: [] },
      { swipes: Array.from({ length: 501 }, (_, i) => ({ seq: `x${i}`, card: 'C3001', direction: 'in', time: at('07:30') })) },
      { seq: '9', card: 'C3001', direction: 'in', time: at('09:30') },
      { seq: '9', card: 'C3001', direction: 'in', time: '07:30' },
      '{"seq":',
    ];
    for (const b of bad) {
      const r = await signed(GATE, SWIPES, b);
      expect(r.statusCode, JSON.stringify(b).slice(0, 80)).toBe(400);
      expect(r.json<{ message: string }>().message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect(await count('gate_swipes')).toBe(0);
    expect(await textsTo(ctx, GATE_PHONES.liFang)).toEqual([]);
  });

  it('the wrong device type is refused: a phone cannot swipe, a gate cannot call', async () => {
    const a = await signed(PHONE, SWIPES, { seq: '1', card: 'C3001', direction: 'in', time: at('07:30') });
    expect(a.statusCode).toBe(403);
    expect(a.json()).toMatchObject({ code: 'DEVICE_WRONG_TYPE', message: '只有学校的闸机（刷卡机）可以上传刷卡记录' });
    const b = await signed(GATE, '/api/device/phone/authorize', { callId: 'c1', card: 'C3001', number: '13900003333' });
    expect(b.statusCode).toBe(403);
    expect(await count('gate_swipes')).toBe(0);
    expect(await count('family_calls')).toBe(0);
  });

  it('family numbers: a parent sets them; bad, fourth and other-carrier numbers are refused and change nothing', async () => {
    const mum = await logInAs(app, 'p-lifang');
    const url = `/api/students/${w.wangXiaobing}/family-numbers`;
    const put = (numbers: unknown, headers = mum) => app.inject({ method: 'PUT', url, headers, payload: { numbers } as object });
    const ok = await put([{ phone: '139 0000 3333', name: '妈妈' }, { phone: '13800138000', name: '奶奶' }]);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ numbers: [{ slot: 1, phone: '13900003333', name: '妈妈' }, { slot: 2, phone: '13800138000', name: '奶奶' }], active: true, minutesAllowed: 60, minutesUsed: 0 });
    const refusals: [unknown, string, string][] = [
      [[{ phone: '12345', name: '爸爸' }], 'FAMILY_NUMBER_INVALID', '不是有效的 11 位手机号'],
      [[{ phone: '13900003333', name: '妈妈' }, { phone: '13800138000', name: '奶奶' }, { phone: '13800138001', name: '爷爷' }, { phone: '13800138002', name: '姑姑' }], 'FAMILY_TOO_MANY', '最多设置 3 个'],
      [[{ phone: '18600001111', name: '舅舅' }], 'FAMILY_OTHER_CARRIER', '中国移动'],
      [[{ phone: '13800138000', name: '' }], 'FAMILY_NUMBER_INVALID', '称呼'],
    ];
    for (const [numbers, code, text] of refusals) {
      const r = await put(numbers);
      expect(r.statusCode).toBe(400);
      expect(r.json()).toMatchObject({ code });
      expect(r.json<{ message: string }>().message).toContain(text);
    }
    const now = await app.inject({ url, headers: mum });
    const numbers = now.json<{ numbers: { phone: string }[] }>().numbers;
    expect(numbers).toHaveLength(2);
    expect(numbers.every((n) => /^1\d{10}$/.test(n.phone))).toBe(true);
    // The class teacher sees that numbers are set and the minutes, not relatives' phone numbers.
    const seenByTeacher = (await app.inject({ url, headers: await logInAs(app, 't-wang') })).json<{ numbers: { phone: string }[] }>().numbers;
    expect(seenByTeacher.map((n) => n.phone)).toEqual(numbers.map((n) => `${n.phone.slice(0, 3)}****${n.phone.slice(7)}`));
    // Another child's parent cannot read or set them.
    const other = await logInAs(app, 'p-liqiang');
    expect((await app.inject({ url, headers: other })).statusCode).toBe(403);
    expect((await put([], other)).statusCode).toBe(403);
    // The operator allows other carriers: now 186 is fine.
    await ctx.school.settings.update(w.school, { familyOtherCarriers: true }, 'test');
    expect((await put([{ phone: '18600001111', name: '舅舅' }])).statusCode).toBe(200);
  });

  it('the school phone: a number not on the list is refused; a listed one gets its seconds; the record charges minutes, once', async () => {
    await ctx.school.gate.setFamilyNumbers({ studentId: w.wangXiaobing, numbers: [{ phone: '13800138000', name: '奶奶' }], by: w.liFang });
    const refused = await signed(PHONE, '/api/device/phone/authorize', { callId: 'c0', card: 'C3001', number: '13800138999' });
    expect(refused.statusCode).toBe(200);
    expect(refused.json()).toMatchObject({ allowed: false, seconds: 0, reason: 'not_listed', message: '这个号码不是亲情号码，请家长在家长网校设置' });
    const unknown = await signed(PHONE, '/api/device/phone/authorize', { callId: 'c0', card: 'NOPE1', number: '13800138000' });
    expect(unknown.json()).toMatchObject({ allowed: false, reason: 'unknown_card' });
    expect(await count('family_calls')).toBe(0);

    const ok = await signed(PHONE, '/api/device/phone/authorize', { callId: 'c1', card: 'C3001', number: '13800138000' });
    expect(ok.json()).toMatchObject({ allowed: true, seconds: 3600, studentName: '王小兵', minutesLeft: 60 });
    const rec = { callId: 'c1', card: 'C3001', number: '13800138000', startedAt: at('07:43'), durationSeconds: 61 };
    const charged = await signed(PHONE, '/api/device/phone/calls', rec);
    expect(charged.json()).toMatchObject({ minutesCharged: 2, minutesUsed: 2, minutesLeft: 58, replay: false });
    const replay = await signed(PHONE, '/api/device/phone/calls', rec);
    expect(replay.json()).toMatchObject({ minutesCharged: 2, minutesUsed: 2, replay: true });
    const conflict = await signed(PHONE, '/api/device/phone/calls', { ...rec, durationSeconds: 300 });
    expect(conflict.statusCode).toBe(409);
    const unauthorized = await signed(PHONE, '/api/device/phone/calls', { ...rec, callId: 'never' });
    expect(unauthorized.statusCode).toBe(404);
    expect(unauthorized.json()).toMatchObject({ code: 'CALL_NOT_FOUND' });
    const negative = await signed(PHONE, '/api/device/phone/calls', { ...rec, callId: 'c1', durationSeconds: -1 });
    expect(negative.statusCode).toBe(400);
  });

  it('leave over HTTP: the head teacher marks it; a parent cannot; a teacher reads the class', async () => {
    const teacher = await logInAs(app, 't-wang');
    const mum = await logInAs(app, 'p-lifang');
    const url = `/api/students/${w.wangXiaobing}/leave`;
    expect((await app.inject({ method: 'PUT', url, headers: mum, payload: { day: '2026-09-01', reason: '病假' } })).statusCode).toBe(403);
    const bad = await app.inject({ method: 'PUT', url, headers: teacher, payload: { day: '2026-13-45', reason: '病假' } });
    expect(bad.statusCode).toBe(400);
    const ok = await app.inject({ method: 'PUT', url, headers: teacher, payload: { day: '2026-09-01', reason: '病假' } });
    expect(ok.statusCode, ok.body).toBe(200);
    const cls = await app.inject({ url: `/api/classes/${w.klass}/attendance?day=2026-09-01`, headers: teacher });
    expect(cls.json<{ students: { name: string; status: string }[] }>().students.map((s) => [s.name, s.status])).toEqual([
      ['王小兵', 'leave'],
      ['李想', 'pending'],
    ]);
    ctx.clock.set(at('08:30'));
    await ctx.school.gate.runDueCutoffs();
    const admin = await logInAs(app, 't-admin');
    const abs = await app.inject({ url: `/api/schools/${w.school}/absentees`, headers: admin });
    expect(abs.json()).toMatchObject({ cutoffRan: true, students: [{ name: '李想', status: 'absent', className: '三年级(2)班' }] });
    const late = await app.inject({ method: 'DELETE', url: `${url}?day=2026-09-01`, headers: teacher });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'LEAVE_TOO_LATE' });
    // The parent's portal: today's status.
    const days = await app.inject({ url: `/api/students/${w.wangXiaobing}/attendance`, headers: mum });
    expect(days.json()).toMatchObject({ items: [{ day: '2026-09-01', status: 'leave', leaveReason: '病假' }] });
  });
});
