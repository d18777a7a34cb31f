/**
 * 校讯通 demo, part "roster": 阳光小学 has one uploaded roster waiting for confirmation (two
 * new students, 李想's new card number, and two broken rows — a bad mobile number and an
 * unknown class), so 名册导入 shows a preview at once; and National Day (2026-10-01…07) is a
 * holiday in its calendar with the make-up Sunday before it. Loading twice changes nothing.
 */
import type { AppContext } from '../context';
import type { OrgDemo } from './org.demo';

const HEAD = ['年级', '班级', '学籍号', '学生姓名', '卡号', '家长姓名', '家长手机', '关系'];
const ROWS = [
  HEAD,
  ['三年级', '三年级(2)班', 'G3001', '王小兵', 'C3001', '李芳', '13900003333', '妈妈'],
  ['三年级', '三年级(2)班', 'G3002', '李想', 'C3102', '李强', '13900004444', '爸爸'],
  ['三年级', '三年级(2)班', 'G3003', '周小雨', 'C3003', '周建国', '13900006666', '爸爸'],
  ['五年级', '五年级(1)班', 'G5002', '吴悠', 'C5002', '吴敏', '13900007777', '妈妈'],
  ['三年级', '三年级(2)班', 'G3004', '郑多多', 'C3004', '郑华', '1390000888', '爸爸'],
  ['三年级', '火箭班', 'G3005', '钱多', '', '钱进', '13900009999', '爸爸'],
];
export const DEMO_ROSTER_CSV = `${ROWS.map((r) => r.join(',')).join('\r\n')}\r\n`;

export async function loadRosterDemo(ctx: AppContext, org: OrgDemo): Promise<void> {
  const schoolId = org.schools.yangguang;
  const bytes = Buffer.from(DEMO_ROSTER_CSV, 'utf8');
  const past = await ctx.school.roster.list(schoolId);
  if (!past.some((p) => p.fileName === '新生名册-示例.csv')) {
    await ctx.school.roster.preview({ schoolId, fileName: '新生名册-示例.csv', bytes, by: 'demo' });
  }
  for (let d = 1; d <= 7; d++) {
    await ctx.school.calendar.set(schoolId, { day: `2026-10-0${d}`, kind: 'holiday', note: '国庆节' });
  }
  await ctx.school.calendar.set(schoolId, { day: '2026-09-27', kind: 'school_day', note: '国庆调休上课' });
}
