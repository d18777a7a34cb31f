/**
 * 家校互动 end to end over loopback CMPP 2.0 (the real protocol path, against the in-process
 * ISMG simulator), on both databases: a note to a class reaches subscribed guardians only; a
 * parent's reply lands in the teacher's inbox and on the teacher's phone; the teacher's SMS
 * answer reaches the parent; BZR with one child, and with two (numbered question, then "2").
 */
import { beforeEach, expect, it } from 'vitest';
import type { IsmgSimulator } from '../../server/src/adapters/sms/cmpp/ismg-simulator';
import { useIsmg } from '../helpers/cmpp';
import { describeEachDatabase } from '../helpers/db';
import { until } from '../helpers/until';
import { buildSchoolWorld, PHONES } from './school-world';

describeEachDatabase('school notes end to end over CMPP', (t) => {
  const cmpp = useIsmg();
  let ismg: IsmgSimulator;
  beforeEach(() => {
    ismg = cmpp.ismg();
  });

  it('a note, a reply, the teacher answering by SMS, and BZR with one and with two children', async () => {
    const { ctx, worker } = await cmpp.start(t().database);
    const w = await buildSchoolWorld(ctx);
    /** Parts the ISMG took for a number (first parts carry the beginning of a text). */
    const to = (phone: string) => ismg.submits.filter((s) => s.to === phone && s.result === 0);
    const has = (phone: string, fragment: string) => to(phone).some((s) => s.text.includes(fragment));
    const mo = async (from: string, dest: string, text: string) => {
      await ismg.injectMo({ from, to: dest, text, msgFmt: 8 });
      await worker.drain();
    };

    const note = await ctx.school.notes.send({ authorId: w.wang, schoolId: w.school, type: 'homework', target: { classIds: [w.g3c2] }, text: '今天的作业：口算一页。' });
    await worker.drain();
    await until('note delivered', async () => (await ctx.school.notes.detail({ noteId: note.noteId, viewer: { userId: w.wang, roles: [] } })).summary.delivered === 1);
    expect(to(PHONES.liFang)).toHaveLength(1);
    expect(to(PHONES.liQiang)).toHaveLength(0);
    const noteNumber = to(PHONES.liFang)[0]!.srcId;
    expect(noteNumber).toMatch(/^106570991\d+$/);
    expect(to(PHONES.liFang)[0]!.text).toBe('【阳光小学】[作业]三年级(2)班 王老师：今天的作业：口算一页。');

    // The parent replies to the note.
    await mo(PHONES.liFang, noteNumber, '收到，谢谢老师');
    await until('forwarded to the teacher', async () => has(PHONES.wang, '收到，谢谢老师'));
    expect((await ctx.school.notes.inbox.list({ teacherId: w.wang, kind: 'reply' })).items).toEqual([expect.objectContaining({ studentName: '王小兵', text: '收到，谢谢老师' })]);
    const thread = to(PHONES.wang)[0]!.srcId;
    expect(thread).toMatch(/^106570993\d+$/);

    // The teacher answers by replying to the forwarded SMS.
    await mo(PHONES.wang, thread, '好的，辛苦了');
    await until('answer reaches the parent', async () => has(PHONES.liFang, '王老师答复：好的，辛苦了'));
    expect(to(PHONES.liFang).find((s) => s.text.includes('王老师答复'))!.srcId).toBe(thread);

    // BZR with one child: 李想's father to the head teacher of 三年级(2)班.
    await mo(PHONES.liQiang, '10657099', 'BZR 李想明天请假');
    await until('BZR forwarded', async () => has(PHONES.wang, '李想明天请假'));
    expect((await ctx.school.notes.inbox.list({ teacherId: w.wang, kind: 'bzr' })).total).toBe(1);

    // BZR with children in two classes: the question, then "2" → 王小花's head teacher 陈老师.
    await mo(PHONES.liFang, '10657099', 'BZR 孩子这周要早退一天');
    await until('question asked', async () => has(PHONES.liFang, '请问留言给哪个孩子的班主任'));
    const question = to(PHONES.liFang).find((s) => s.text.includes('请问留言给哪个孩子'))!;
    expect(question.srcId).toBe('106570992');
    await mo(PHONES.liFang, question.srcId, '2');
    await until('BZR to 陈老师', async () => has(PHONES.chen, '孩子这周要早退一天'));
    expect((await ctx.school.notes.inbox.list({ teacherId: w.chen, kind: 'bzr' })).items).toEqual([expect.objectContaining({ studentName: '王小花', text: '孩子这周要早退一天' })]);
  }, 60_000);
});
