/**
 * 平安短信 and attendance through the school module, on both databases: a swipe texts the
 * subscribed guardian only; repeats within the window, late uploads and swipes before the gate
 * opens are recorded, not texted; a batch uploaded again changes nothing; the cut-off tells
 * every guardian of an absent child exactly once, at 08:30:00 and not at 08:29:59, not on a
 * holiday, and not for a child on leave.
 */
import { sql } from 'kysely';
import { beforeEach, expect, it } from 'vitest';
import type { AppContext } from '../../server/src/context';
import type { TestClock } from '../../server/src/platform/clock';
import { isAppError } from '../../server/src/platform/errors';
import { createTestContext } from '../helpers/context';
import { countRows, describeEachDatabase } from '../helpers/db';
import { at, buildGateWorld, GATE, GATE_PHONES, textsTo, type GateWorld } from './gate-world';

const MIN = 60_000;

describeEachDatabase('gate swipes, safety SMS and the cut-off', (t) => {
  let ctx: AppContext & { clock: TestClock };
  let w: GateWorld;
  let seq = 0;

  beforeEach(async () => {
    ctx = await createTestContext(t().database);
    w = await buildGateWorld(ctx);
    ctx.clock.set(at('07:42'));
  });

  const swipe = (card: string, direction: 'in' | 'out', time = ctx.clock.now(), s = `s${++seq}`) =>
    ctx.school.gate.recordSwipes({ schoolId: w.school, deviceId: GATE.id, swipes: [{ seq: s, card, direction, time }] });
  const count = async (table: string) => countRows(ctx.database.db, table);

  it('an arrival texts the subscribed mother, signed with the school, and not the unsubscribed father', async () => {
    const [r] = await swipe('C3001', 'in');
    expect(r).toMatchObject({ result: 'accepted', outcome: 'texted', studentName: '王小兵', sms: 1 });
    expect(await textsTo(ctx, GATE_PHONES.liFang)).toEqual(['【阳光小学】您的孩子王小兵已于07:42到校。']);
    expect(await textsTo(ctx, GATE_PHONES.wangJian)).toEqual([]);
    ctx.clock.set(at('16:35'));
    await swipe('c3001', 'out');
    expect((await textsTo(ctx, GATE_PHONES.liFang))[1]).toBe('【阳光小学】您的孩子王小兵已于16:35离校。');
    const day = await ctx.school.gate.classAttendance({ classId: w.klass });
    const me = day.students.find((s) => s.name === '王小兵')!;
    expect(me).toMatchObject({ status: 'present', arrivedAt: at('07:42'), leftAt: at('16:35'), sms: 2 });
  });

  it('a child whose guardians do not subscribe: recorded, no SMS', async () => {
    const [r] = await swipe('C3002', 'in');
    expect(r).toMatchObject({ result: 'accepted', outcome: 'no_subscriber', sms: 0 });
    expect(await textsTo(ctx, GATE_PHONES.liQiang)).toEqual([]);
    expect((await ctx.school.gate.classAttendance({ classId: w.klass })).students.find((s) => s.name === '李想')!.status).toBe('present');
  });

  it('repeated swipes within 5 minutes text once; after the window, again', async () => {
    await swipe('C3001', 'in', at('07:42'));
    const [again] = await swipe('C3001', 'in', at('07:46:59'));
    expect(again!.outcome).toBe('repeat');
    const [out] = await swipe('C3001', 'out', at('07:47'));
    expect(out!.outcome).toBe('texted');
    ctx.clock.set(at('07:48'));
    const [later] = await swipe('C3001', 'in', at('07:47:01'));
    expect(later!.outcome).toBe('texted');
    expect(await textsTo(ctx, GATE_PHONES.liFang)).toHaveLength(3);
  });

  it('a batch uploaded 31 minutes late is recorded (attendance) but not texted; 30 minutes late still texts', async () => {
    ctx.clock.set(at('08:15'));
    const r = await ctx.school.gate.recordSwipes({
      schoolId: w.school,
      deviceId: GATE.id,
      swipes: [
        { seq: 'b1', card: 'C3001', direction: 'in', time: at('07:44') },
        { seq: 'b2', card: 'C3002', direction: 'in', time: at('07:45') },
      ],
    });
    expect(r.map((x) => x.outcome)).toEqual(['late_upload', 'no_subscriber']);
    expect(await textsTo(ctx, GATE_PHONES.liFang)).toEqual([]);
    const [ok] = await swipe('C3001', 'out', at('07:45'));
    expect(ok!.outcome).toBe('texted');
    const day = await ctx.school.gate.classAttendance({ classId: w.klass });
    expect(day.students.find((s) => s.name === '王小兵')).toMatchObject({ status: 'present', arrivedAt: at('07:44') });
  });

  it('before the gate opens: recorded, not an arrival, not texted', async () => {
    ctx.clock.set(at('06:29:59'));
    const [r] = await swipe('C3001', 'in');
    expect(r!.outcome).toBe('before_gate_open');
    expect(await textsTo(ctx, GATE_PHONES.liFang)).toEqual([]);
    expect((await ctx.school.gate.classAttendance({ classId: w.klass })).students[0]!.arrivedAt).toBeNull();
  });

  it('the same batch uploaded again changes nothing and texts nobody twice', async () => {
    const batch = [
      { seq: 'r1', card: 'C3001', direction: 'in' as const, time: at('07:40') },
      { seq: 'r2', card: 'X9999', direction: 'in' as const, time: at('07:41') },
    ];
    const first = await ctx.school.gate.recordSwipes({ schoolId: w.school, deviceId: GATE.id, swipes: batch });
    expect(first.map((r) => r.result)).toEqual(['accepted', 'unknown_card']);
    const swipes = await count('gate_swipes');
    const again = await ctx.school.gate.recordSwipes({ schoolId: w.school, deviceId: GATE.id, swipes: batch });
    expect(again.map((r) => [r.result, r.swipeId])).toEqual([
      ['duplicate', first[0]!.swipeId],
      ['duplicate', first[1]!.swipeId],
    ]);
    expect(await count('gate_swipes')).toBe(swipes);
    expect(await textsTo(ctx, GATE_PHONES.liFang)).toHaveLength(1);
  });

  it('gate readers uploading at once share a transaction; the same swipe twice at once is recorded and texted once', async () => {
    const one = (seq: string, card: string) => ctx.school.gate.recordSwipes({ schoolId: w.school, deviceId: GATE.id, swipes: [{ seq, card, direction: 'in', time: at('07:41') }] });
    const r = await Promise.all([one('c1', 'C3001'), one('c1', 'C3001'), one('c2', 'C3002'), one('c3', 'NOPE9')]);
    expect(r.map((x) => x[0]!.result).sort()).toEqual(['accepted', 'accepted', 'duplicate', 'unknown_card']);
    expect(await count('gate_swipes')).toBe(3);
    expect(await textsTo(ctx, GATE_PHONES.liFang)).toEqual(['【阳光小学】您的孩子王小兵已于07:41到校。']);
    const day = await ctx.school.gate.classAttendance({ classId: w.klass });
    expect(day.students.map((s) => [s.name, s.status, s.sms])).toEqual([
      ['王小兵', 'present', 1],
      ['李想', 'present', 0],
    ]);
  });

  it('a malformed batch (one bad swipe) writes nothing', async () => {
    const bad = [
      { seq: 'm1', card: 'C3001', direction: 'in' as const, time: at('07:40') },
      { seq: 'm2', card: 'C3002', direction: 'sideways' as 'in', time: at('07:41') },
    ];
    const e = await ctx.school.gate.recordSwipes({ schoolId: w.school, deviceId: GATE.id, swipes: bad }).catch((x: unknown) => x);
    expect(isAppError(e) && e.code).toBe('SWIPE_INVALID');
    expect(isAppError(e) && e.message).toContain('第 2 条');
    const future = await ctx.school.gate.recordSwipes({ schoolId: w.school, deviceId: GATE.id, swipes: [{ seq: 'f1', card: 'C3001', direction: 'in', time: at('07:48') }] }).catch((x: unknown) => x);
    expect(isAppError(future) && future.message).toContain('校准设备时钟');
    expect(await count('gate_swipes')).toBe(0);
    expect(await count('gate_attendance')).toBe(0);
    expect(await textsTo(ctx, GATE_PHONES.liFang)).toEqual([]);
  });

  it('the cut-off: nothing at 08:29:59; at 08:30:00 every guardian of the absent child is told, once', async () => {
    ctx.clock.set(at('08:29:59'));
    expect(await ctx.school.gate.runDueCutoffs()).toEqual([]);
    expect(await textsTo(ctx, GATE_PHONES.liFang)).toEqual([]);
    ctx.clock.set(at('08:30:00'));
    const runs = await ctx.school.gate.runDueCutoffs();
    expect(runs).toEqual([{ schoolId: w.school, day: '2026-09-01', absent: 2, messages: 3 }]);
    const absence = '【阳光小学】您的孩子王小兵今天（9月1日）截至08:30未到校，也未请假，请尽快与班主任联系。';
    // Regulatory: the unsubscribed father is told too.
    expect(await textsTo(ctx, GATE_PHONES.liFang)).toEqual([absence]);
    expect(await textsTo(ctx, GATE_PHONES.wangJian)).toEqual([absence]);
    expect((await textsTo(ctx, GATE_PHONES.liQiang))[0]).toContain('李想');
    ctx.clock.set(at('08:31'));
    expect(await ctx.school.gate.runDueCutoffs()).toEqual([]);
    expect(await textsTo(ctx, GATE_PHONES.liFang)).toHaveLength(1);
    const day = await ctx.school.gate.classAttendance({ classId: w.klass });
    expect(day.cutoffRan).toBe(true);
    expect(day.students.map((s) => s.status)).toEqual(['absent', 'absent']);
    // Arriving late after the notice: the record says late, and the text says so.
    ctx.clock.set(at('08:47'));
    await swipe('C3001', 'in');
    expect((await textsTo(ctx, GATE_PHONES.liFang))[1]).toBe('【阳光小学】您的孩子王小兵已于08:47到校（迟到）。');
    expect((await ctx.school.gate.classAttendance({ classId: w.klass })).students[0]!.status).toBe('late');
  });

  it('present and on-leave children get no absence notice; leave cannot be marked after the cut-off', async () => {
    await swipe('C3002', 'in');
    await ctx.school.gate.markLeave({ studentId: w.wangXiaobing, day: '2026-09-01', reason: '病假', by: w.wang });
    ctx.clock.set(at('08:30'));
    expect(await ctx.school.gate.runDueCutoffs()).toEqual([{ schoolId: w.school, day: '2026-09-01', absent: 0, messages: 0 }]);
    expect(await textsTo(ctx, GATE_PHONES.liFang)).toEqual([]);
    const day = await ctx.school.gate.classAttendance({ classId: w.klass });
    expect(day.students.map((s) => [s.name, s.status, s.leaveReason])).toEqual([
      ['王小兵', 'leave', '病假'],
      ['李想', 'present', null],
    ]);
    const late = await ctx.school.gate.markLeave({ studentId: w.liXiang, day: '2026-09-01', reason: '事假', by: w.wang }).catch((x: unknown) => x);
    expect(isAppError(late) && late.code).toBe('LEAVE_TOO_LATE');
    // Tomorrow is still open.
    await ctx.school.gate.markLeave({ studentId: w.liXiang, day: '2026-09-02', reason: '事假', by: w.wang });
    expect(await count('gate_leaves')).toBe(2);
  });

  it('a holiday and a weekend: no absences', async () => {
    await ctx.school.calendar.set(w.school, { day: '2026-09-01', kind: 'holiday', note: '调休' });
    ctx.clock.set(at('09:00'));
    expect(await ctx.school.gate.runDueCutoffs()).toEqual([]);
    ctx.clock.set(at('09:00', '2026-09-05'));
    expect(await ctx.school.gate.runDueCutoffs()).toEqual([]);
    expect(await count('gate_cutoff_runs')).toBe(0);
    expect(await textsTo(ctx, GATE_PHONES.liFang)).toEqual([]);
  });

  it('an SMS left pending by a crash after the commit is sent by the retry, once', async () => {
    await swipe('C3001', 'in');
    // As if the process died between commit and send.
    await sql`update gate_swipes set sms_state = 'pending'`.execute(ctx.database.db);
    ctx.clock.advance(MIN);
    expect(await ctx.school.gate.retryPendingSafety({ olderThanMs: 30_000 })).toBe(1);
    expect(await ctx.school.gate.retryPendingSafety({ olderThanMs: 30_000 })).toBe(0);
    expect(await textsTo(ctx, GATE_PHONES.liFang)).toHaveLength(1);
  });

  it('a parent sees the child’s recent days', async () => {
    await swipe('C3001', 'in', at('07:42'));
    ctx.clock.set(at('07:50', '2026-09-02'));
    const days = await ctx.school.gate.studentAttendance({ studentId: w.wangXiaobing, days: 7 });
    expect(days.map((d) => [d.day, d.status])).toEqual([
      ['2026-09-02', 'pending'],
      ['2026-09-01', 'present'],
    ]);
    ctx.clock.set(at('08:30', '2026-09-02'));
    await ctx.school.gate.runDueCutoffs();
    expect((await ctx.school.gate.studentAttendance({ studentId: w.wangXiaobing }))[0]).toMatchObject({ day: '2026-09-02', status: 'absent', sms: 2 });
  });
});
