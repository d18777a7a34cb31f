/**
 * 校讯通 demo, part "classwork": 三年级(2)班's timetable, two homework items, 期中考试 with
 * 王小兵's and 李想's results published (each family sees only its own child's), the staff
 * group 三年级组 (王老师, 陈老师) at 阳光小学 and one 办公短信 to it. Loading twice changes nothing.
 */
import type { AppContext } from '../context';
import type { OrgDemo } from './org.demo';

const WEEK: string[][] = [
  ['语文', '数学', '英语', '体育', '美术', '语文'],
  ['数学', '语文', '科学', '音乐', '语文', '道德与法治'],
  ['语文', '数学', '英语', '体育', '数学', '书法'],
  ['数学', '语文', '科学', '美术', '英语', '班会'],
  ['语文', '数学', '音乐', '体育', '阅读', '劳动'],
];

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export async function loadClassworkDemo(ctx: AppContext, org: OrgDemo): Promise<void> {
  const cw = ctx.school.classwork;
  const wang = (await ctx.identity.findPersonByPhone('13900001111'))?.id;
  const chen = (await ctx.identity.findPersonByPhone('13900001112'))?.id;
  const liu = (await ctx.identity.findPersonByPhone('13900002222'))?.id;
  if (!wang || !chen || !liu) {
    return;
  }
  const classId = org.classes.g3c2;
  const teacherOf = (subject: string) => (subject === '语文' ? wang : subject === '数学' ? chen : null);
  await cw.setTimetable({
    classId,
    slots: WEEK.flatMap((day, i) => day.map((subject, j) => ({ weekday: i + 1, period: j + 1, subject, teacherId: teacherOf(subject) }))),
    by: wang,
  });

  const today = ctx.school.calendar.today();
  await cw.postHomework({ classId, subject: '语文', title: '背诵古诗《山行》', text: '背诵并默写《山行》，家长签字。', dueDay: addDays(today, 1), by: wang, key: 'demo-homework-1' });
  await cw.postHomework({ classId, subject: '数学', title: '练习册第 12 页', text: '完成练习册第 12 页第 1 至 5 题，写出计算过程。', dueDay: addDays(today, 2), by: chen, key: 'demo-homework-2' });

  const exam = (await cw.exams(classId)).find((e) => e.name === '期中考试') ?? (await cw.createExam({ classId, name: '期中考试', subjects: ['语文', '数学', '英语'], day: addDays(today, -7), by: wang }));
  if (exam.publishedAt === null) {
    await cw.enterResults({
      classId,
      examId: exam.id,
      by: wang,
      cells: [
        { studentId: org.students.wangXiaobing, subject: '语文', value: '92' },
        { studentId: org.students.wangXiaobing, subject: '数学', value: '88' },
        { studentId: org.students.wangXiaobing, subject: '英语', value: '优' },
        { studentId: org.students.liXiang, subject: '语文', value: '85.5' },
        { studentId: org.students.liXiang, subject: '数学', value: '95' },
        { studentId: org.students.liXiang, subject: '英语', value: '良' },
      ],
    });
    type NotesSend = NonNullable<Parameters<typeof cw.publishExam>[0]['notify']>;
    const send = (ctx.school.notes as { send?: NotesSend }).send;
    await cw.publishExam({ classId, examId: exam.id, by: wang, notify: typeof send === 'function' ? send : null });
  }

  const schoolId = org.schools.yangguang;
  const group = (await cw.staffGroups(schoolId)).find((g) => g.name === '三年级组');
  const saved = await cw.saveStaffGroup({ schoolId, groupId: group?.id, name: '三年级组', memberIds: [wang, chen], by: liu });
  await cw.sendStaffSms({ groupId: saved.id, senderId: liu, key: 'demo-staff-1', text: '周五下午三点在会议室开三年级期中质量分析会，请准时参加。' });
}
