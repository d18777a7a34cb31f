/**
 * The demo school's roster details that every part of 校讯通 uses: campus card numbers, head
 * teachers, teachers' subjects, guardians' relations, 阳光小学's gate times, and who subscribes
 * to 家校互动 (李芳 does; 李强 does not, so he reads notes only in the parent portal).
 * Then each part's own demo (notes, swipes, family numbers, homework…).
 */
import type { AppContext } from '../context';
import type { OrgDemo } from './org.demo';
import { loadClassworkDemo } from './school-classwork.demo';
import { loadGateDemo } from './school-gate.demo';
import { loadNotesDemo } from './school-notes.demo';
import { loadRosterDemo } from './school-roster.demo';

/** Card numbers printed on the demo students' campus cards (the gate simulator offers them). */
export const DEMO_CARDS = { wangXiaobing: 'C3001', liXiang: 'C3002', wangXiaohua: 'C5001', zhangWei: 'Y7001' } as const;

export async function loadSchoolDemo(ctx: AppContext, org: OrgDemo): Promise<void> {
  for (const [key, cardNo] of Object.entries(DEMO_CARDS) as [keyof typeof DEMO_CARDS, string][]) {
    await ctx.org.updateStudent(org.students[key], { cardNo });
  }
  const byPhone = async (phone: string) => (await ctx.identity.findPersonByPhone(phone))?.id ?? null;
  const wang = await byPhone('13900001111');
  const chen = await byPhone('13900001112');
  const liFang = await byPhone('13900003333');
  const liQiang = await byPhone('13900004444');
  if (wang) {
    await ctx.org.setHeadTeacher(org.classes.g3c2, wang);
    await ctx.identity.setGrantLabel(wang, { role: 'teacher', tenantType: 'class', tenantId: org.classes.g3c2 }, '语文');
    await ctx.identity.setGrantLabel(wang, { role: 'guardian', tenantType: 'student', tenantId: org.students.zhangWei }, '爸爸');
  }
  if (chen) {
    await ctx.org.setHeadTeacher(org.classes.g5c1, chen);
    await ctx.identity.setGrantLabel(chen, { role: 'teacher', tenantType: 'class', tenantId: org.classes.g5c1 }, '语文');
    await ctx.identity.setGrantLabel(chen, { role: 'teacher', tenantType: 'class', tenantId: org.classes.g3c2 }, '数学');
  }
  if (liFang) {
    await ctx.identity.setGrantLabel(liFang, { role: 'guardian', tenantType: 'student', tenantId: org.students.wangXiaobing }, '妈妈');
    await ctx.identity.setGrantLabel(liFang, { role: 'guardian', tenantType: 'student', tenantId: org.students.wangXiaohua }, '妈妈');
  }
  if (liQiang) {
    await ctx.identity.setGrantLabel(liQiang, { role: 'guardian', tenantType: 'student', tenantId: org.students.liXiang }, '爸爸');
  }
  await ctx.school.settings.update(org.schools.yangguang, { gateOpen: '06:30', arriveCutoff: '08:30', leaveFrom: '11:30' }, 'demo');
  // 家校互动 (with 亲情电话 and 平安短信): 李芳 and 王老师 (as 张伟's father) subscribe; 李强 does not.
  // Both since months ago (by SMS JX), so a billing run of last month charges them.
  const day = 86_400_000;
  const since = (days: number) => ctx.clock.now() - days * day;
  await ctx.subscriptions.set({ msisdn: '13900003333', service: 'jx', active: true, channel: 'sms', at: since(100), raw: '短信“JX”发送至10657099' });
  await ctx.subscriptions.set({ msisdn: '13900001111', service: 'jx', active: true, channel: 'sms', at: since(70), raw: '短信“JX”发送至10657099' });

  await loadRosterDemo(ctx, org);
  await loadNotesDemo(ctx, org);
  await loadGateDemo(ctx, org);
  await loadClassworkDemo(ctx, org);
}
