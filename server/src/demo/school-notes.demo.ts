/**
 * 校讯通 demo, part "notes": 王老师's 作业 and 考试成绩 (each family sees only its own child's
 * score) to 三年级(2)班, 刘主任's urgent 通知 to the whole school, a reply from 李芳 already in
 * 王老师's 家长回音, and a template each. Keys are fixed, so loading twice changes nothing.
 * The demo runs at the real time: a note written at night waits until 07:00 like any other.
 */
import type { AppContext } from '../context';
import type { OrgDemo } from './org.demo';

export async function loadNotesDemo(ctx: AppContext, org: OrgDemo): Promise<void> {
  const byPhone = async (phone: string) => (await ctx.identity.findPersonByPhone(phone))?.id ?? null;
  const wang = await byPhone('13900001111');
  const admin = await byPhone('13900002222');
  const liFang = await byPhone('13900003333');
  if (!wang || !admin || !liFang) {
    return;
  }
  const school = org.schools.yangguang;
  const homework = await ctx.school.notes.send({
    authorId: wang,
    schoolId: school,
    type: 'homework',
    target: { classIds: [org.classes.g3c2] },
    text: '今天的语文作业：1. 抄写第三课生字两遍；2. 朗读课文并请家长签字。',
    key: 'demo-homework',
  });
  await ctx.school.notes.send({
    authorId: wang,
    schoolId: school,
    type: 'result',
    target: { classIds: [org.classes.g3c2] },
    text: '{name}同学本次语文单元测验成绩：{result}。',
    perStudent: { [org.students.wangXiaobing]: '92 分', [org.students.liXiang]: '87 分' },
    key: 'demo-result',
  });
  await ctx.school.notes.send({
    authorId: admin,
    schoolId: school,
    type: 'notice',
    target: {},
    text: '因明日有大风降温，学校取消户外活动，请给孩子添衣。',
    urgent: true,
    key: 'demo-notice',
  });
  await ctx.school.notes.portal.message({ studentId: org.students.wangXiaobing, guardianId: liFang, text: '王老师好，作业已签字，谢谢老师！', noteId: homework.noteId, key: 'demo-reply' });
  await ctx.school.notes.templates.create({ schoolId: school, userId: wang, title: '每日作业', type: 'homework', text: '今天的作业：' });
  await ctx.school.notes.templates.create({ schoolId: school, userId: admin, shared: true, title: '放假通知', type: 'notice', text: '各位家长：学校将于 X 月 X 日起放假，请注意孩子假期安全。' });
}
