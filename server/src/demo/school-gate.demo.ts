/**
 * 校讯通 demo, part "gate": the demo gate's swipes on the last school day (uploaded as history,
 * so recorded without SMS) and, during school hours, 王小兵's arrival a moment ago (a real
 * safety SMS to 李芳 in 短信模拟器); 李想 on leave tomorrow; 李芳's family numbers for 王小兵
 * (her own and 奶奶's) with two calls this month. Everything goes through the school module,
 * with stable sequence numbers and call ids, so loading it again changes nothing.
 */
import type { AppContext } from '../context';
import { businessDate, startOfBusinessDay } from '../platform/business-time';
import { isAppError } from '../platform/errors';
import type { OrgDemo } from './org.demo';

const GATE = 'demo-gate-east';
const PHONE = 'demo-phone-family';
const DAY_MS = 86_400_000;

export async function loadGateDemo(ctx: AppContext, org: OrgDemo): Promise<void> {
  const schoolId = org.schools.yangguang;
  const tz = ctx.config.businessTimezone;
  const now = ctx.clock.now();
  const today = businessDate(now, tz);
  const local = (day: string, hhmm: string) => startOfBusinessDay(day, tz) + (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))) * 60_000;
  const dayBefore = (day: string, n: number) => businessDate(startOfBusinessDay(day, tz) - n * DAY_MS + 3_600_000, tz);

  let last = dayBefore(today, 1);
  for (let i = 2; i < 9 && !(await ctx.school.calendar.isSchoolDay(schoolId, last)); i++) {
    last = dayBefore(today, i);
  }
  // The cards school.demo.ts printed (read back, so the two never disagree).
  const cards = new Map((await ctx.org.roster({ studentIds: Object.values(org.students) })).map((s) => [s.id, s.cardNo ?? '']));
  const card = (id: string) => cards.get(id) ?? '';
  const DEMO_CARDS = { wangXiaobing: card(org.students.wangXiaobing), liXiang: card(org.students.liXiang), wangXiaohua: card(org.students.wangXiaohua) };
  const history: [string, 'in' | 'out', string][] = [
    [DEMO_CARDS.wangXiaobing, 'in', '07:42'],
    [DEMO_CARDS.liXiang, 'in', '07:51'],
    [DEMO_CARDS.wangXiaohua, 'in', '07:38'],
    [DEMO_CARDS.wangXiaobing, 'out', '16:35'],
    [DEMO_CARDS.wangXiaohua, 'out', '16:41'],
  ];
  await ctx.school.gate.recordSwipes({
    schoolId,
    deviceId: GATE,
    swipes: history.map(([card, direction, hhmm], i) => ({ seq: `demo-${last}-${i + 1}`, card, direction, time: local(last, hhmm), gate: '东门' })),
  });

  // During school hours on a school day: 王小兵 came in a moment ago (李芳 gets the SMS).
  const hhmm = new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(now));
  if (hhmm >= '07:00' && hhmm < '18:00' && (await ctx.school.calendar.isSchoolDay(schoolId, today))) {
    await ctx.school.gate.recordSwipes({ schoolId, deviceId: GATE, swipes: [{ seq: `demo-${today}-1`, card: DEMO_CARDS.wangXiaobing, direction: 'in', time: now - 2 * 60_000, gate: '东门' }] });
  }

  // 李想 is on leave tomorrow (marked by his head teacher).
  const wang = (await ctx.identity.findPersonByPhone('13900001111'))?.id ?? 'demo';
  await ctx.school.gate.markLeave({ studentId: org.students.liXiang, day: dayBefore(today, -1), reason: '事假：回老家', by: wang });

  const liFang = (await ctx.identity.findPersonByPhone('13900003333'))?.id ?? 'demo';
  await ctx.school.gate.setFamilyNumbers({
    studentId: org.students.wangXiaobing,
    numbers: [
      { phone: '13900003333', name: '妈妈' },
      { phone: '13800138000', name: '奶奶' },
    ],
    by: liFang,
  });
  const month = today.slice(0, 7);
  for (const [i, seconds] of [61, 245].entries()) {
    const callId = `demo-${month}-${i + 1}`;
    const number = i === 0 ? '13900003333' : '13800138000';
    const a = await ctx.school.gate.authorizeCall({ schoolId, deviceId: PHONE, callId, card: DEMO_CARDS.wangXiaobing, number });
    if (!a.allowed) {continue;}
    try {
      await ctx.school.gate.recordCall({ schoolId, deviceId: PHONE, callId, startedAt: now - (i + 1) * 3_600_000, durationSeconds: seconds });
    } catch (e) {
      // Loaded again later the same month: the call is recorded with its first start time.
      if (!(isAppError(e) && e.code === 'CALL_CONFLICT')) {throw e;}
    }
  }
}
