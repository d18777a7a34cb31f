/**
 * 亲情电话 through the school module on both databases: a child's 60 minutes run out (the
 * last call is cut to what is left and charged no more), the allowance comes back on the 1st
 * (Beijing time), and the service needs a guardian who takes it.
 */
import { beforeEach, expect, it } from 'vitest';
import type { AppContext } from '../../server/src/context';
import type { TestClock } from '../../server/src/platform/clock';
import { createTestContext } from '../helpers/context';
import { describeEachDatabase } from '../helpers/db';
import { at, buildGateWorld, PHONE, type GateWorld } from './gate-world';

describeEachDatabase('亲情电话', (t) => {
  let ctx: AppContext & { clock: TestClock };
  let w: GateWorld;
  let n = 0;

  beforeEach(async () => {
    ctx = await createTestContext(t().database);
    w = await buildGateWorld(ctx);
    ctx.clock.set(at('12:00', '2026-09-30'));
    await ctx.school.gate.setFamilyNumbers({ studentId: w.wangXiaobing, numbers: [{ phone: '13900003333', name: '妈妈' }, { phone: '13800138000', name: '奶奶' }], by: w.liFang });
  });

  const call = async (seconds: number, number = '13800138000', card = 'C3001') => {
    const callId = `call-${++n}`;
    const a = await ctx.school.gate.authorizeCall({ schoolId: w.school, deviceId: PHONE.id, callId, card, number });
    if (!a.allowed) {
      return { a, c: null };
    }
    const c = await ctx.school.gate.recordCall({ schoolId: w.school, deviceId: PHONE.id, callId, startedAt: ctx.clock.now(), durationSeconds: seconds });
    return { a, c };
  };

  it('calls use up the 60 minutes: 61 s is 2 minutes; the allowance shrinks; then refused', async () => {
    expect((await call(61)).c).toMatchObject({ minutesCharged: 2, minutesLeft: 58 });
    expect((await call(55 * 60)).a).toMatchObject({ allowed: true, seconds: 58 * 60 });
    const third = await call(600);
    expect(third.a).toMatchObject({ allowed: true, seconds: 3 * 60 });
    // The phone did not cut the call at 3 minutes: charged 3, never below zero.
    expect(third.c).toMatchObject({ minutesCharged: 3, minutesUsed: 60, minutesLeft: 0, capped: true });
    const fourth = await call(30);
    expect(fourth.a).toMatchObject({ allowed: false, reason: 'no_minutes', message: '本月亲情电话分钟数已用完' });
    expect(await ctx.school.gate.familyPhone(w.wangXiaobing)).toMatchObject({ minutesUsed: 60, minutesLeft: 0, month: '2026-09' });
    // Midnight on 1 October in Beijing (16:00 UTC on the 30th): a new month, 60 minutes again.
    ctx.clock.set(Date.parse('2026-09-30T15:59:59Z'));
    expect((await call(10)).a).toMatchObject({ allowed: false, reason: 'no_minutes' });
    ctx.clock.set(Date.parse('2026-09-30T16:00:00Z'));
    expect((await call(10)).a).toMatchObject({ allowed: true, seconds: 3600 });
    expect(await ctx.school.gate.familyPhone(w.wangXiaobing)).toMatchObject({ month: '2026-10', minutesUsed: 1, minutesLeft: 59 });
  });

  it('a number not on the list, an unknown card, and a child whose guardians do not take the service', async () => {
    expect((await call(10, '13800138999')).a).toMatchObject({ allowed: false, reason: 'not_listed' });
    expect((await call(10, '13800138000', 'C9999')).a).toMatchObject({ allowed: false, reason: 'unknown_card' });
    await ctx.school.gate.setFamilyNumbers({ studentId: w.liXiang, numbers: [{ phone: '13900004444', name: '爸爸' }], by: w.liQiang });
    expect((await call(10, '13900004444', 'C3002')).a).toMatchObject({ allowed: false, reason: 'inactive' });
    expect((await ctx.school.gate.familyPhone(w.liXiang)).active).toBe(false);
  });

  it('asking twice with the same call id answers the same and charges once', async () => {
    const o = { schoolId: w.school, deviceId: PHONE.id, callId: 'same', card: 'C3001', number: '13800138000' };
    const a1 = await ctx.school.gate.authorizeCall(o);
    const a2 = await ctx.school.gate.authorizeCall(o);
    expect(a2).toMatchObject({ allowed: true, seconds: a1.seconds });
    await ctx.school.gate.recordCall({ schoolId: w.school, deviceId: PHONE.id, callId: 'same', startedAt: ctx.clock.now(), durationSeconds: 120 });
    await ctx.school.gate.recordCall({ schoolId: w.school, deviceId: PHONE.id, callId: 'same', startedAt: ctx.clock.now(), durationSeconds: 120 });
    expect((await ctx.school.gate.familyPhone(w.wangXiaobing)).minutesUsed).toBe(2);
  });
});
