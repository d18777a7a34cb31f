/**
 * 家校互动 notes on both databases, through the in-process SMS simulator: who gets an SMS
 * (subscribed guardians; 通知 to everyone), each family's own text, who may write to whom, the
 * night hold, scheduled and urgent notes, idempotent retries, resending failures, the portal's
 * read state; then replies, BZR with one and two children, and teachers answering by SMS.
 */
import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { deliverTime, inQuietHours, personalise } from '../../server/src/modules/school/notes/rules';
import { createTestContext } from '../helpers/context';
import { simSettle } from '../helpers/sim-settle';
import { countRows, describeEachDatabase } from '../helpers/db';
import { buildSchoolWorld, PHONES } from './school-world';

type Ctx = Awaited<ReturnType<typeof createTestContext>>;

const TZ = 'Asia/Shanghai';
const Q = { quietFrom: '21:00', quietUntil: '07:00', timeZone: TZ };
/** A local (Shanghai) time on 2026-09-01 as an instant. */
const local = (hhmm: string, day = '2026-09-01') => new Date(`${day}T${hhmm}:00+08:00`).getTime();

describe('note rules', () => {
  it('holds a note written in the quiet hours until 07:00, at 20:59/21:00/06:59/07:00 local', () => {
    expect(deliverTime({ now: local('20:59'), urgent: false, ...Q })).toBe(local('20:59'));
    expect(deliverTime({ now: local('21:00'), urgent: false, ...Q })).toBe(local('07:00', '2026-09-02'));
    expect(deliverTime({ now: local('23:59'), urgent: false, ...Q })).toBe(local('07:00', '2026-09-02'));
    expect(deliverTime({ now: local('06:59'), urgent: false, ...Q })).toBe(local('07:00'));
    expect(deliverTime({ now: local('07:00'), urgent: false, ...Q })).toBe(local('07:00'));
    expect(inQuietHours(local('07:00'), Q, TZ)).toBe(false);
  });

  it('sends an urgent note at once, and a scheduled one at its time (moved out of the quiet hours)', () => {
    expect(deliverTime({ now: local('22:30'), urgent: true, ...Q })).toBe(local('22:30'));
    expect(deliverTime({ now: local('10:00'), sendAt: local('16:00'), urgent: false, ...Q })).toBe(local('16:00'));
    expect(deliverTime({ now: local('10:00'), sendAt: local('22:00'), urgent: false, ...Q })).toBe(local('07:00', '2026-09-02'));
    // A time already past is now.
    expect(deliverTime({ now: local('10:00'), sendAt: local('09:00'), urgent: false, ...Q })).toBe(local('10:00'));
  });

  it("puts each child's name and own result in the family's copy", () => {
    expect(personalise('{name}同学本次数学成绩：{result}', '王小兵', '95 分')).toBe('王小兵同学本次数学成绩：95 分');
    expect(personalise('请家长督促{name}完成作业', '李想', undefined)).toBe('请家长督促李想完成作业');
  });
});

async function setup(db: Parameters<typeof createTestContext>[0]) {
  const ctx = await createTestContext(db);
  const { sim, settle } = await simSettle(ctx);
  const w = await buildSchoolWorld(ctx);
  /** What a phone received (whole messages, in order), and from which number. */
  const inbox = (to: string) => {
    const seen = new Set<string>();
    return sim.received.filter((p) => p.to === to && !seen.has(p.messageId) && seen.add(p.messageId)).map((p) => ({ from: p.srcId, text: p.text }));
  };
  return { ctx, sim, settle, w, inbox };
}

const count = async (ctx: Ctx, table: string) => countRows(ctx.database.db, table);

describeEachDatabase('school notes', (t) => {
  it('a note to a class: every family in the portal, an SMS only to subscribed guardians, replies come back to its number', async () => {
    const { ctx, settle, w, inbox } = await setup(t().database);
    const r = await ctx.school.notes.send({ authorId: w.wang, schoolId: w.school, type: 'homework', target: { classIds: [w.g3c2] }, text: '今天的语文作业：抄写第三课生字两遍。' });
    expect(r).toMatchObject({ recipients: 2, smsQueued: 1, deliverAt: ctx.clock.now() });
    await settle();
    const got = inbox(PHONES.liFang);
    expect(got.map((m) => m.text)).toEqual(['【阳光小学】[作业]三年级(2)班 王老师：今天的语文作业：抄写第三课生字两遍。']);
    expect(got[0]!.from).toMatch(/^106570991\d+$/);
    expect(inbox(PHONES.liQiang)).toEqual([]);
    // 李强 is not subscribed: he reads it in the portal.
    const portal = await ctx.school.notes.portal.notes({ studentId: w.liXiang, viewerId: w.liQiang });
    expect(portal.notes).toEqual([expect.objectContaining({ text: '今天的语文作业：抄写第三课生字两遍。', typeTitle: '作业', authorName: '王老师', read: false })]);
    const detail = await ctx.school.notes.detail({ noteId: r.noteId, viewer: { userId: w.wang, roles: [] } });
    expect(detail.recipients.map((x) => [x.studentName, x.guardianName, x.phone, x.sms])).toEqual([
      ['李想', '李强', '139****4444', 'none'],
      ['王小兵', '李芳', '139****3333', 'delivered'],
    ]);
  });

  it('scores go to each family privately; a guardian with two children gets two texts', async () => {
    const { ctx, settle, w, inbox } = await setup(t().database);
    await ctx.school.notes.send({
      authorId: w.admin,
      schoolId: w.school,
      type: 'result',
      target: {},
      text: '{name}同学期中数学成绩：{result}',
      perStudent: { [w.wangXiaobing]: '95 分', [w.liXiang]: '88 分', [w.wangXiaohua]: '99 分' },
    });
    await settle();
    expect(inbox(PHONES.liFang).map((m) => m.text).sort()).toEqual(['【阳光小学】[考试成绩]刘主任：王小兵同学期中数学成绩：95 分', '【阳光小学】[考试成绩]刘主任：王小花同学期中数学成绩：99 分']);
    const portal = await ctx.school.notes.portal.notes({ studentId: w.liXiang, viewerId: w.liQiang });
    expect(portal.notes.map((n) => n.text)).toEqual(['李想同学期中数学成绩：88 分']);
  });

  it('a 通知 goes free to every guardian, subscribed or not; failures can be sent again', async () => {
    const { ctx, settle, w, inbox } = await setup(t().database);
    const r = await ctx.school.notes.send({ authorId: w.admin, schoolId: w.school, type: 'notice', target: { classIds: [w.g3c2] }, text: '周五下午三点召开家长会。' });
    expect(r.smsQueued).toBe(2);
    await settle();
    expect(inbox(PHONES.liFang)).toHaveLength(1);
    // The simulator does not deliver to numbers ending in 4: 李强's SMS failed.
    const detail = await ctx.school.notes.detail({ noteId: r.noteId, viewer: { userId: w.admin, roles: [] } });
    expect(detail.summary).toMatchObject({ delivered: 1, failed: 1 });
    expect((await ctx.school.notes.resendFailed({ noteId: r.noteId, viewer: { userId: w.admin, roles: [] } })).resent).toBe(1);
    await settle();
    expect(inbox(PHONES.liQiang)).toHaveLength(2);
    expect(inbox(PHONES.liFang)).toHaveLength(1);
  });

  it('who may write to whom: a teacher to their classes only, a whole school and urgent notes by admins; refused sends write nothing', async () => {
    const { ctx, w } = await setup(t().database);
    const base = { schoolId: w.school, type: 'homework' as const, text: '作业' };
    await expect(ctx.school.notes.send({ ...base, authorId: w.wang, target: { classIds: [w.g5c1] } })).rejects.toMatchObject({ code: 'NOTE_FORBIDDEN' });
    await expect(ctx.school.notes.send({ ...base, authorId: w.wang, target: { studentIds: [w.wangXiaohua] } })).rejects.toMatchObject({ code: 'NOTE_FORBIDDEN' });
    await expect(ctx.school.notes.send({ ...base, authorId: w.wang, target: {} })).rejects.toMatchObject({ code: 'NOTE_FORBIDDEN', message: '只有学校管理员可以给全校发送留言' });
    await expect(ctx.school.notes.send({ ...base, authorId: w.wang, target: { classIds: [w.g3c2] }, urgent: true })).rejects.toMatchObject({ code: 'NOTE_URGENT_FORBIDDEN' });
    await expect(ctx.school.notes.send({ ...base, authorId: w.admin, target: { classIds: [w.y7c3] } })).rejects.toMatchObject({ code: 'NOTE_INVALID', message: '所选班级不存在或不属于本校' });
    await expect(ctx.school.notes.send({ ...base, authorId: w.wang, target: { classIds: [w.g3c2] }, text: '{name}：{result}' })).rejects.toMatchObject({ code: 'NOTE_INVALID' });
    await expect(ctx.school.notes.send({ ...base, authorId: w.wang, target: { classIds: [w.g3c2] }, text: '  ' })).rejects.toMatchObject({ code: 'NOTE_INVALID' });
    await expect(ctx.school.notes.send({ ...base, authorId: w.wang, target: { classIds: [w.g3c2] }, type: 'gossip' as 'homework' })).rejects.toMatchObject({ code: 'NOTE_INVALID' });
    expect(await count(ctx, 'notes')).toBe(0);
    expect(await count(ctx, 'sms_messages')).toBe(0);
    // 陈老师 teaches 数学 in 三年级(2)班 and may write there and to its students.
    await expect(ctx.school.notes.send({ ...base, authorId: w.chen, target: { studentIds: [w.liXiang] } })).resolves.toMatchObject({ recipients: 1 });
  });

  it('a note written at night waits until 07:00 (the portal shows it from then); an urgent one goes at once', async () => {
    const { ctx, settle, w, inbox } = await setup(t().database);
    ctx.clock.set(local('21:30'));
    const r = await ctx.school.notes.send({ authorId: w.wang, schoolId: w.school, type: 'status', target: { classIds: [w.g3c2] }, text: '明天带好雨具。' });
    expect(r.deliverAt).toBe(local('07:00', '2026-09-02'));
    await settle();
    // Only notes (from 10657099 + '1' + seq): other parts text about attendance on the same clock.
    const notesTo = (to: string) => inbox(to).filter((m) => m.from.startsWith('106570991'));
    expect(notesTo(PHONES.liFang)).toEqual([]);
    expect((await ctx.school.notes.portal.notes({ studentId: w.wangXiaobing, viewerId: w.liFang })).notes).toEqual([]);
    await ctx.school.notes.send({ authorId: w.admin, schoolId: w.school, type: 'notice', target: { classIds: [w.g3c2] }, text: '明天停课。', urgent: true });
    await settle();
    expect(notesTo(PHONES.liFang).map((m) => m.text)).toEqual(['【阳光小学】[通知]三年级(2)班 刘主任：明天停课。']);
    ctx.clock.set(local('07:00', '2026-09-02'));
    await settle();
    expect(notesTo(PHONES.liFang).map((m) => m.text)).toContain('【阳光小学】[近期状况]三年级(2)班 王老师：明天带好雨具。');
    expect((await ctx.school.notes.portal.notes({ studentId: w.wangXiaobing, viewerId: w.liFang })).notes.map((n) => n.text)).toEqual(['明天带好雨具。', '明天停课。']);
  });

  it('the same key twice is one note and one SMS per family', async () => {
    const { ctx, settle, w, inbox } = await setup(t().database);
    const o = { authorId: w.wang, schoolId: w.school, type: 'homework' as const, target: { classIds: [w.g3c2] }, text: '背诵古诗。', key: 'k1' };
    const a = await ctx.school.notes.send(o);
    const b = await ctx.school.notes.send(o);
    expect(b).toMatchObject({ noteId: a.noteId, replay: true });
    await expect(ctx.school.notes.send({ ...o, text: '另一条' })).rejects.toMatchObject({ code: 'NOTE_KEY_CONFLICT' });
    await settle();
    expect(await count(ctx, 'notes')).toBe(1);
    expect(inbox(PHONES.liFang)).toHaveLength(1);
  });

  it('a note to a large school goes as several bulks; a retry with the same key texts nobody twice', async () => {
    const { ctx, settle, w, sim } = await setup(t().database);
    const now = ctx.clock.now();
    const klass = (await ctx.org.createClass({ schoolId: w.school, grade: 6, name: '六年级(1)班' })).id;
    const students = Array.from({ length: 300 }, (_, i) => ({ id: `bulk-s${i}`, school_id: w.school, class_id: klass, student_no: `L${1000 + i}`, name: `学生${i}`, status: 'active', created_at: now, updated_at: now }));
    const users = students.flatMap((st, i) => [0, 1].map((g) => ({ id: `bulk-u${i}-${g}`, login: `bulk-${i}-${g}`, name: `家长${i}-${g}`, phone: `1370${String(i * 2 + g).padStart(6, '0')}0`, status: 'active', created_at: now, updated_at: now, sid: st.id })));
    const db = ctx.database.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
    for (let i = 0; i < students.length; i += 100) {
      await db.insertInto('students').values(students.slice(i, i + 100)).execute();
    }
    for (let i = 0; i < users.length; i += 100) {
      const chunk = users.slice(i, i + 100);
      await db.insertInto('users').values(chunk.map(({ sid: _s, ...u }) => u)).execute();
      await db.insertInto('user_roles').values(chunk.map((u) => ({ user_id: u.id, role: 'guardian', tenant_type: 'student', tenant_id: u.sid, created_at: now }))).execute();
    }
    const o = { authorId: w.admin, schoolId: w.school, type: 'notice' as const, target: {}, text: '明天运动会，请穿校服。', key: 'big' };
    const first = await ctx.school.notes.send(o);
    // 600 new guardians, 李芳 twice (two children), 李强: 603 texts to 602 numbers.
    expect(first).toMatchObject({ recipients: 603, smsQueued: 603 });
    expect(await ctx.school.notes.send(o)).toMatchObject({ noteId: first.noteId, replay: true });
    expect(Number((await sql<{ n: number }>`select count(*) as n from note_bulks where note_id = ${first.noteId}`.execute(ctx.database.db)).rows[0]?.n)).toBe(3);
    await settle();
    const texts = sim.received.filter((p) => p.text.includes('明天运动会'));
    expect(new Set(texts.map((p) => p.messageId)).size).toBe(603);
    expect(texts.filter((p) => p.to === PHONES.liFang)).toHaveLength(2);
    expect(texts.filter((p) => p.to === '13700000000')).toHaveLength(1);
  });

  it('the portal marks a note read for the guardian who opened it; the teacher sees it', async () => {
    const { ctx, w } = await setup(t().database);
    const r = await ctx.school.notes.send({ authorId: w.wang, schoolId: w.school, type: 'performance', target: { studentIds: [w.wangXiaobing] }, text: '{name}今天上课积极发言。' });
    await ctx.school.notes.portal.markRead({ studentId: w.wangXiaobing, noteId: r.noteId, viewerId: w.liFang });
    expect((await ctx.school.notes.portal.notes({ studentId: w.wangXiaobing, viewerId: w.liFang })).notes[0]).toMatchObject({ read: true, text: '王小兵今天上课积极发言。' });
    const list = await ctx.school.notes.list({ viewer: { userId: w.wang, roles: [{ role: 'teacher', tenantType: 'class', tenantId: w.g3c2 }] } });
    expect(list.items[0]).toMatchObject({ studentsRead: 1, students: 1, typeTitle: '课堂表现' });
    await expect(ctx.school.notes.portal.markRead({ studentId: w.liXiang, noteId: r.noteId, viewerId: w.liQiang })).rejects.toMatchObject({ code: 'NOTE_NOT_FOUND' });
  });

  it("a parent's SMS reply lands in the teacher's 家长回音 and on the teacher's phone; the teacher's SMS answer reaches the parent", async () => {
    const { ctx, sim, settle, w, inbox } = await setup(t().database);
    await ctx.school.notes.send({ authorId: w.wang, schoolId: w.school, type: 'homework', target: { classIds: [w.g3c2] }, text: '今天的作业：口算一页。' });
    await settle();
    const noteNumber = inbox(PHONES.liFang)[0]!.from;
    await sim.sendMo({ from: PHONES.liFang, to: noteNumber, text: '收到，谢谢王老师！' });
    await settle();
    const box = await ctx.school.notes.inbox.list({ teacherId: w.wang, kind: 'reply' });
    expect(box.items).toEqual([expect.objectContaining({ kind: 'reply', studentName: '王小兵', guardianName: '李芳', text: '收到，谢谢王老师！', noteText: '今天的作业：口算一页。', phone: '139****3333' })]);
    const forwarded = inbox(PHONES.wang);
    expect(forwarded.map((m) => m.text)).toEqual(['【一卡通】[家长回音]王小兵妈妈 李芳：收到，谢谢王老师！（直接回复本短信即答复家长）']);
    expect(forwarded[0]!.from).toMatch(/^106570993\d+$/);
    expect(inbox(PHONES.liFang).at(-1)!.text).toBe('【一卡通】您的回复已转给王老师');
    // The teacher answers by replying to the forwarded SMS.
    await sim.sendMo({ from: PHONES.wang, to: forwarded[0]!.from, text: '好的，请督促孩子按时完成。' });
    await settle();
    expect(inbox(PHONES.liFang).at(-1)).toEqual({ from: forwarded[0]!.from, text: '【一卡通】王老师答复：好的，请督促孩子按时完成。' });
    const answered = (await ctx.school.notes.inbox.list({ teacherId: w.wang })).items[0]!;
    expect(answered.answeredAt).not.toBeNull();
    expect(answered.answers.map((a) => a.via)).toEqual(['sms']);
    // A stranger replying to the note's number is told, and nothing lands.
    await sim.sendMo({ from: '13800138000', to: noteNumber, text: '你好' });
    await settle();
    expect((await ctx.school.notes.inbox.list({ teacherId: w.wang })).total).toBe(1);
  });

  it('BZR with one child reaches that class\'s head teacher; with children in two classes the parent chooses', async () => {
    const { ctx, sim, settle, w, inbox } = await setup(t().database);
    await sim.sendMo({ from: PHONES.liQiang, to: '10657099', text: 'bzr 李想明天请假一天' });
    await settle();
    expect((await ctx.school.notes.inbox.list({ teacherId: w.wang, kind: 'bzr' })).items).toEqual([expect.objectContaining({ kind: 'bzr', studentName: '李想', text: '李想明天请假一天' })]);
    expect(inbox(PHONES.wang).map((m) => m.text)).toEqual(['【一卡通】[班主任信箱]李想爸爸 李强：李想明天请假一天（直接回复本短信即答复家长）']);
    expect(inbox(PHONES.liQiang).at(-1)!.text).toBe('【一卡通】您的留言已转给三年级(2)班班主任王老师');

    await sim.sendMo({ from: PHONES.liFang, to: '10657099', text: 'BZR 孩子最近睡得晚，请老师多关注' });
    await settle();
    const question = inbox(PHONES.liFang).at(-1)!;
    expect(question).toEqual({ from: '106570992', text: '【一卡通】请问留言给哪个孩子的班主任？请回复序号：1 王小兵 三年级(2)班，2 王小花 五年级(1)班' });
    expect((await ctx.school.notes.inbox.list({ teacherId: w.chen })).total).toBe(0);
    await sim.sendMo({ from: PHONES.liFang, to: question.from, text: '3' });
    await settle();
    expect(inbox(PHONES.liFang).at(-1)!.text).toBe('【一卡通】请回复序号 1 到 2 之一');
    await sim.sendMo({ from: PHONES.liFang, to: question.from, text: '2' });
    await settle();
    expect((await ctx.school.notes.inbox.list({ teacherId: w.chen, kind: 'bzr' })).items).toEqual([expect.objectContaining({ studentName: '王小花', text: '孩子最近睡得晚，请老师多关注' })]);
    expect(inbox(PHONES.chen)).toHaveLength(1);
    expect((await ctx.school.notes.inbox.list({ teacherId: w.wang, kind: 'bzr' })).total).toBe(1);
  });

  it('an unanswered "which child?" expires after a day: the late answer is told so, and the job forgets it', async () => {
    const { ctx, sim, settle, w, inbox } = await setup(t().database);
    await sim.sendMo({ from: PHONES.liFang, to: '10657099', text: 'BZR 明天家长会我请假' });
    await settle();
    expect(await count(ctx, 'bzr_pending')).toBe(1);
    ctx.clock.advance(24 * 3_600_000 + 1);
    await sim.sendMo({ from: PHONES.liFang, to: '106570992', text: '1' });
    await settle();
    expect(inbox(PHONES.liFang).at(-1)!.text).toBe('【一卡通】选择已过期。请发送“BZR+留言内容”给班主任留言，如：BZR 孩子今天请假一天');
    expect((await ctx.school.notes.inbox.list({ teacherId: w.wang })).total).toBe(0);
    // The hourly job has run on the advanced clock.
    expect(await count(ctx, 'bzr_pending')).toBe(0);
    expect(await ctx.school.notes.expireChoices()).toEqual({ deleted: 0 });
  });

  it('BZR from someone who is not a guardian, or to a class without a head teacher, gets a helpful answer', async () => {
    const { ctx, sim, settle, inbox } = await setup(t().database);
    await sim.sendMo({ from: '13800138000', to: '10657099', text: 'BZR 你好' });
    await sim.sendMo({ from: PHONES.zhangFather, to: '10657099', text: 'BZR 张伟今天发烧' });
    await sim.sendMo({ from: PHONES.liQiang, to: '10657099', text: 'BZR' });
    await settle();
    expect(inbox('13800138000').map((m) => m.text)).toEqual(['【一卡通】未找到您登记为家长的学生，请联系学校登记您的手机号']);
    expect(inbox(PHONES.zhangFather).map((m) => m.text)).toEqual(['【一卡通】初一(3)班尚未设置班主任，请直接联系学校']);
    expect(inbox(PHONES.liQiang).map((m) => m.text)).toEqual(['【一卡通】请发送“BZR+留言内容”给班主任留言，如：BZR 孩子今天请假一天']);
    expect(await count(ctx, 'inbox')).toBe(0);
  });

  it('a guardian writes from the portal; the teacher answers from the console and the parent gets it by SMS', async () => {
    const { ctx, settle, w, inbox } = await setup(t().database);
    const m = await ctx.school.notes.portal.message({ studentId: w.wangXiaohua, guardianId: w.liFang, text: '老师好，王小花这周需要早退一天。', key: 'p1' });
    expect(m.teacherName).toBe('陈老师');
    await ctx.school.notes.portal.message({ studentId: w.wangXiaohua, guardianId: w.liFang, text: '老师好，王小花这周需要早退一天。', key: 'p1' });
    expect(await count(ctx, 'inbox')).toBe(1);
    await expect(ctx.school.notes.inbox.answer({ inboxId: m.inboxId, byId: w.wang, text: '好' })).rejects.toMatchObject({ code: 'INBOX_FORBIDDEN' });
    await expect(ctx.school.notes.inbox.answer({ inboxId: m.inboxId, byId: w.chen, text: ' ' })).rejects.toMatchObject({ code: 'MESSAGE_INVALID' });
    await ctx.school.notes.inbox.answer({ inboxId: m.inboxId, byId: w.chen, text: '知道了，请提前到门卫处登记。' });
    await settle();
    expect(inbox(PHONES.liFang).map((x) => x.text)).toEqual(['【一卡通】陈老师答复：知道了，请提前到门卫处登记。']);
    const portal = await ctx.school.notes.portal.notes({ studentId: w.wangXiaohua, viewerId: w.liFang });
    expect(portal.messages).toEqual([expect.objectContaining({ text: '老师好，王小花这周需要早退一天。', answers: [expect.objectContaining({ text: '知道了，请提前到门卫处登记。' })] })]);
  });
});
