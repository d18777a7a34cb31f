/**
 * 课表、作业、成绩 on both databases, as teachers and families notice them: a timetable slot
 * holds one subject; homework reaches the family's portal once; results are private (a
 * guardian of 王小兵 never sees 李想's scores, through any route); a teacher of another class is
 * refused; typed or imported results with one bad cell write nothing.
 */
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { AppContext } from '../../server/src/context';
import { buildHttp } from '../../server/src/http/server';
import type { Http } from '../../server/src/http/types';
import type { NoteSendOptions } from '../../server/src/modules/school/classwork';
import { createTestContext } from '../helpers/context';
import { countRows, describeEachDatabase } from '../helpers/db';
import { buildSchoolWorld, schoolLogins, type SchoolWorld } from './school-world';

type Headers = Record<string, string>;

describeEachDatabase('classwork: timetable, homework, results', (t) => {
  let ctx: AppContext & { clock: { now(): number } };
  let app: Http;
  let w: SchoolWorld;
  let as: Awaited<ReturnType<typeof schoolLogins>>;

  beforeEach(async () => {
    ctx = await createTestContext(t().database);
    app = await buildHttp(ctx, { consoleDir: null });
    await app.ready();
    w = await buildSchoolWorld(ctx);
    as = await schoolLogins(app);
  }, 60_000);
  afterEach(async () => {
    await app.close();
  });

  const get = (url: string, h: Headers) => app.inject({ url, headers: h });
  const send = (method: 'POST' | 'PUT' | 'DELETE', url: string, h: Headers, payload?: object) => app.inject({ method, url, headers: h, ...(payload ? { payload } : {}) });
  const count = async (table: string) => countRows(ctx.database.db, table);
  const today = () => ctx.school.calendar.today();
  const plusDays = (n: number) => {
    const d = new Date(`${today()}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  };

  async function examWithScores(): Promise<string> {
    const exam = await send('POST', `/api/classes/${w.g3c2}/exams`, as.wang, { name: '期中考试', subjects: ['语文', '数学'], day: plusDays(-3) });
    expect(exam.statusCode).toBe(200);
    const examId = exam.json<{ id: string }>().id;
    const r = await send('PUT', `/api/classes/${w.g3c2}/exams/${examId}/results`, as.wang, {
      cells: [
        { studentId: w.wangXiaobing, subject: '语文', value: '92' },
        { studentId: w.wangXiaobing, subject: '数学', value: '88.5' },
        { studentId: w.liXiang, subject: '语文', value: '77' },
        { studentId: w.liXiang, subject: '数学', value: '缺考' },
      ],
    });
    expect(r.statusCode).toBe(200);
    return examId;
  }

  it('saves a timetable grid; one slot holds one subject; a teacher of another class and a parent are refused', async () => {
    const slots = [
      { weekday: 1, period: 1, subject: '语文', teacherId: w.wang },
      { weekday: 1, period: 2, subject: '数学', teacherId: w.chen },
      { weekday: 5, period: 6, subject: '体育' },
    ];
    const r = await send('PUT', `/api/classes/${w.g3c2}/timetable`, as.wang, { slots });
    expect(r.statusCode).toBe(200);
    expect(r.json<{ slots: unknown[] }>().slots).toEqual([
      { weekday: 1, period: 1, subject: '语文', teacherId: w.wang, teacherName: '王老师' },
      { weekday: 1, period: 2, subject: '数学', teacherId: w.chen, teacherName: '陈老师' },
      { weekday: 5, period: 6, subject: '体育', teacherId: null, teacherName: null },
    ]);

    // Two subjects in one slot: refused, the saved timetable unchanged.
    const dup = await send('PUT', `/api/classes/${w.g3c2}/timetable`, as.wang, { slots: [{ weekday: 2, period: 3, subject: '语文' }, { weekday: 2, period: 3, subject: '数学' }] });
    expect(dup.statusCode).toBe(400);
    expect(dup.json()).toMatchObject({ code: 'TIMETABLE_INVALID', message: '周二第 3 节排了两门课' });
    expect(await count('class_timetable')).toBe(3);
    // The database holds the rule too.
    await expect(sql`insert into class_timetable (class_id, weekday, period, subject, updated_at) values (${w.g3c2}, 1, 1, ${'英语'}, 0)`.execute(ctx.database.db)).rejects.toThrow();

    const bad: [object, string][] = [
      [{ slots: [{ weekday: 8, period: 1, subject: '语文' }] }, 'VALIDATION_FAILED'],
      [{ slots: [{ weekday: 1, period: 11, subject: '语文' }] }, 'VALIDATION_FAILED'],
      [{ slots: [{ weekday: 1, period: 1, subject: '   ' }] }, 'TIMETABLE_INVALID'],
      [{ slots: [{ weekday: 1, period: 1, subject: '语文', teacherId: w.admin }] }, 'TIMETABLE_INVALID'],
      [{}, 'VALIDATION_FAILED'],
    ];
    for (const [body, code] of bad) {
      const x = await send('PUT', `/api/classes/${w.g3c2}/timetable`, as.wang, body);
      expect([x.statusCode, x.json<{ code: string }>().code], JSON.stringify(body)).toEqual([400, code]);
      expect(x.json<{ message: string }>().message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect(await count('class_timetable')).toBe(3);

    // 王老师 teaches 三年级(2)班 only; 五年级(1)班 is not his. A parent writes no timetable.
    expect((await send('PUT', `/api/classes/${w.g5c1}/timetable`, as.wang, { slots })).statusCode).toBe(403);
    expect((await send('PUT', `/api/classes/${w.g3c2}/timetable`, as.liFang, { slots })).statusCode).toBe(403);
    // The school admin may edit any class of the school.
    expect((await send('PUT', `/api/classes/${w.g5c1}/timetable`, as.admin, { slots: [{ weekday: 3, period: 1, subject: '英语' }] })).statusCode).toBe(200);
    // The family sees its child's class's week.
    const portal = await get(`/api/students/${w.wangXiaobing}/classwork`, as.liFang);
    expect(portal.json<{ timetable: { slots: { subject: string }[] } }>().timetable.slots.map((s) => s.subject)).toEqual(['语文', '数学', '体育']);
  });

  it('posts homework once per key; the family sees it; bad input writes nothing', async () => {
    const hw = { subject: '语文', title: '背诵《山行》', text: '背诵并默写，家长签字。', dueDay: plusDays(1), key: 'hw-1' };
    const a = await send('POST', `/api/classes/${w.g3c2}/homework`, as.wang, hw);
    expect(a.statusCode).toBe(200);
    expect(a.json()).toMatchObject({ replay: false, homework: { title: '背诵《山行》', authorName: '王老师', noted: false }, notified: { sent: false } });
    const b = await send('POST', `/api/classes/${w.g3c2}/homework`, as.wang, hw);
    expect(b.json()).toMatchObject({ replay: true, homework: { id: a.json<{ homework: { id: string } }>().homework.id } });
    expect(await count('homework')).toBe(1);
    const reuse = await send('POST', `/api/classes/${w.g3c2}/homework`, as.wang, { ...hw, title: '另一份' });
    expect(reuse.statusCode).toBe(400);

    const portal = await get(`/api/students/${w.wangXiaobing}/classwork`, as.liFang);
    expect(portal.statusCode).toBe(200);
    expect(portal.json<{ homework: { title: string; dueDay: string }[] }>().homework).toEqual([expect.objectContaining({ title: '背诵《山行》', dueDay: plusDays(1) })]);
    // 王小花 is in another class: her page shows none of it.
    expect((await get(`/api/students/${w.wangXiaohua}/classwork`, as.liFang)).json<{ homework: unknown[] }>().homework).toEqual([]);

    const bad: [object, string][] = [
      [{ ...hw, key: 'b1', dueDay: plusDays(-1) }, 'HOMEWORK_INVALID'],
      [{ ...hw, key: 'b2', dueDay: '2026-02-30' }, 'HOMEWORK_INVALID'],
      [{ ...hw, key: 'b3', title: '   ' }, 'HOMEWORK_INVALID'],
      [{ ...hw, key: 'b4', dueDay: '明天' }, 'VALIDATION_FAILED'],
      [{ ...hw, key: 'b5', text: '' }, 'VALIDATION_FAILED'],
      [{ ...hw, key: 'bad key!' }, 'VALIDATION_FAILED'],
    ];
    for (const [body, code] of bad) {
      const x = await send('POST', `/api/classes/${w.g3c2}/homework`, as.wang, body);
      expect([x.statusCode, x.json<{ code: string }>().code], JSON.stringify(body)).toEqual([400, code]);
    }
    expect(await count('homework')).toBe(1);
    // Posted with 同时通知家长: it also goes out as a 作业 note (the notes part).
    const noted = await send('POST', `/api/classes/${w.g3c2}/homework`, as.chen, { subject: '数学', title: '口算一页', text: '口算练习第 3 页', dueDay: plusDays(2), key: 'hw-2', notify: true });
    expect(noted.json()).toMatchObject({ homework: { noted: true, authorName: '陈老师' }, notified: { sent: true } });
    const hwNotes = (await ctx.school.notes.portal.notes({ studentId: w.liXiang, viewerId: w.liQiang })).notes.filter((n) => n.type === 'homework');
    expect(hwNotes.map((n) => n.text)).toEqual([expect.stringContaining('口算一页')]);
    await ctx.database.db.deleteFrom('homework' as never).where('key' as never, '=', 'hw-2' as never).execute();
    expect((await send('POST', `/api/classes/${w.g5c1}/homework`, as.wang, { ...hw, key: 'x' })).statusCode).toBe(403);
    expect((await send('POST', `/api/classes/${w.g3c2}/homework`, as.liFang, { ...hw, key: 'y' })).statusCode).toBe(403);
    expect(await count('homework')).toBe(1);
  });

  it("results are private: 王小兵's family sees his own scores, only once published, and never 李想's through any route", async () => {
    const examId = await examWithScores();
    // Before publishing, the family sees nothing.
    expect((await get(`/api/students/${w.wangXiaobing}/classwork`, as.liFang)).json<{ results: unknown[] }>().results).toEqual([]);
    const pub = await send('POST', `/api/classes/${w.g3c2}/exams/${examId}/publish`, as.wang);
    expect(pub.statusCode).toBe(200);
    expect(pub.json<{ exam: { publishedAt: string | null } }>().exam.publishedAt).not.toBeNull();

    // The family's 考试成绩 note (the notes part) carries its own child's line only.
    expect(pub.json<{ notified: { sent: boolean } }>().notified.sent).toBe(true);
    const notes = (await ctx.school.notes.portal.notes({ studentId: w.wangXiaobing, viewerId: w.liFang })).notes.filter((n) => n.type === 'result');
    expect(notes.map((n) => n.text)).toEqual([expect.stringContaining('王小兵的期中考试成绩：语文 92，数学 88.5')]);
    expect(notes[0]!.text).not.toMatch(/李想|77|缺考/);

    const mine = await get(`/api/students/${w.wangXiaobing}/classwork`, as.liFang);
    expect(mine.json<{ results: unknown[] }>().results).toEqual([
      expect.objectContaining({ name: '期中考试', results: [{ subject: '语文', result: '92' }, { subject: '数学', result: '88.5' }] }),
    ]);
    // Nothing of 李想's in what 李芳 receives: no score of his, no name, no ranking or average.
    expect(mine.body).not.toContain('李想');
    expect(mine.json<{ results: { results: { result: string }[] }[] }>().results.flatMap((e) => e.results.map((r) => r.result))).toEqual(['92', '88.5']);
    expect(mine.body).not.toContain('缺考');
    expect(mine.body).not.toMatch(/rank|average|排名|平均/);

    // Every route that could show 李想's scores refuses 李芳.
    const refused = [
      `/api/students/${w.liXiang}/classwork`,
      `/api/classes/${w.g3c2}/exams`,
      `/api/classes/${w.g3c2}/exams/${examId}/results`,
      `/api/classes/${w.g3c2}/exams/${examId}/template`,
    ];
    for (const url of refused) {
      expect((await get(url, as.liFang)).statusCode, url).toBe(403);
    }
    // 李强 sees 李想's own line.
    const his = await get(`/api/students/${w.liXiang}/classwork`, as.liQiang);
    expect(his.json<{ results: { results: unknown[] }[] }>().results[0]!.results).toEqual([{ subject: '语文', result: '77' }, { subject: '数学', result: '缺考' }]);
    expect(his.body).not.toContain('王小兵');
    // A teacher of another class does not reach this exam; one class's exam is not another's.
    expect((await get(`/api/classes/${w.g3c2}/exams/${examId}/results`, as.zhangFather)).statusCode).toBe(403);
    expect((await get(`/api/classes/${w.g5c1}/exams`, as.wang)).statusCode).toBe(403);
    expect((await get(`/api/classes/${w.g5c1}/exams/${examId}/results`, as.chen)).statusCode).toBe(404);
  });

  it('publishing hands each family its own child line to the notes part, once', async () => {
    const examId = await examWithScores();
    const calls: NoteSendOptions[] = [];
    const notify = async (o: NoteSendOptions) => {
      calls.push(o);
      return { noteId: 'note-1', recipients: 2, smsQueued: 1, deliverAt: null };
    };
    const r = await ctx.school.classwork.publishExam({ classId: w.g3c2, examId, by: w.wang, notify });
    expect(r.notified).toMatchObject({ sent: true, recipients: 2, smsQueued: 1 });
    expect(calls).toEqual([
      {
        authorId: w.wang,
        schoolId: w.school,
        type: 'result',
        target: { classIds: [w.g3c2] },
        text: '{name}的期中考试成绩：{result}',
        perStudent: { [w.wangXiaobing]: '语文 92，数学 88.5', [w.liXiang]: '语文 77，数学 缺考' },
        key: `exam:${examId}:publish`,
      },
    ]);
    const again = await ctx.school.classwork.publishExam({ classId: w.g3c2, examId, by: w.wang, notify });
    expect(again.notified.sent).toBe(false);
    expect(calls).toHaveLength(1);
    // Only some children have a result: only their families are told.
    const some = await ctx.school.classwork.createExam({ classId: w.g3c2, name: '补考', subjects: ['数学'], day: plusDays(-1), by: w.chen });
    await ctx.school.classwork.enterResults({ classId: w.g3c2, examId: some.id, by: w.chen, cells: [{ studentId: w.liXiang, subject: '数学', value: '60' }] });
    await ctx.school.classwork.publishExam({ classId: w.g3c2, examId: some.id, by: w.chen, notify });
    expect(calls[1]).toMatchObject({ target: { studentIds: [w.liXiang] }, perStudent: { [w.liXiang]: '数学 60' } });
    // Without the notes part the results are still published, and the teacher is told.
    const other = await ctx.school.classwork.createExam({ classId: w.g3c2, name: '单元测验', subjects: ['数学'], day: plusDays(-1), by: w.chen });
    await ctx.school.classwork.enterResults({ classId: w.g3c2, examId: other.id, by: w.chen, cells: [{ studentId: w.liXiang, subject: '数学', value: '100' }] });
    const quiet = await ctx.school.classwork.publishExam({ classId: w.g3c2, examId: other.id, by: w.chen, notify: null });
    expect(quiet.notified.sent).toBe(false);
    expect(quiet.notified.message).toContain('未发短信');
  });

  it('typed results: one bad cell names the student and writes nothing', async () => {
    const examId = await examWithScores();
    const before = (await get(`/api/classes/${w.g3c2}/exams/${examId}/results`, as.wang)).json<{ rows: unknown[] }>().rows;
    const cases: [object[], string, RegExp][] = [
      [[{ studentId: w.wangXiaobing, subject: '语文', value: '100' }, { studentId: w.liXiang, subject: '语文', value: '101' }], 'RESULTS_INVALID', /李想 语文：分数 101 超出范围/],
      [[{ studentId: w.wangXiaobing, subject: '语文', value: '9.25' }], 'RESULTS_INVALID', /不正确/],
      [[{ studentId: w.wangXiaobing, subject: '英语', value: '90' }], 'RESULTS_INVALID', /没有“英语”/],
      [[{ studentId: w.wangXiaohua, subject: '语文', value: '90' }], 'RESULTS_INVALID', /不在本班/],
      [[{ studentId: w.wangXiaobing, subject: '语文', value: '很好' }], 'RESULTS_INVALID', /不是分数/],
      [[{ studentId: w.wangXiaobing, subject: '语文', value: '-5' }], 'RESULTS_INVALID', /不正确/],
    ];
    for (const [cells, code, msg] of cases) {
      const r = await send('PUT', `/api/classes/${w.g3c2}/exams/${examId}/results`, as.wang, { cells });
      expect([r.statusCode, r.json<{ code: string }>().code], JSON.stringify(cells)).toEqual([400, code]);
      expect(r.json<{ message: string }>().message).toMatch(msg);
    }
    expect((await send('PUT', `/api/classes/${w.g3c2}/exams/${examId}/results`, as.wang, { cells: [] })).statusCode).toBe(400);
    expect((await get(`/api/classes/${w.g3c2}/exams/${examId}/results`, as.wang)).json<{ rows: unknown[] }>().rows).toEqual(before);
    // Creating an exam with bad input writes nothing either.
    const exams = await count('exams');
    for (const body of [{ name: '', subjects: ['语文'], day: plusDays(0) }, { name: '月考', subjects: ['语文', '语文'], day: plusDays(0) }, { name: '月考', subjects: ['语文'], day: '2026-13-01' }, { name: '月考', subjects: [], day: plusDays(0) }]) {
      expect((await send('POST', `/api/classes/${w.g3c2}/exams`, as.wang, body)).statusCode, JSON.stringify(body)).toBe(400);
    }
    expect(await count('exams')).toBe(exams);
  });

  it('Excel: the template lists the class; the filled file imports; broken files write nothing', async () => {
    const examId = await examWithScores();
    const tpl = await get(`/api/classes/${w.g3c2}/exams/${examId}/template`, as.wang);
    expect(tpl.statusCode).toBe(200);
    expect(tpl.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(tpl.rawPayload as unknown as ExcelJS.Buffer);
    const rows = (wb.worksheets[0]!.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));
    expect(rows).toEqual([
      ['学籍号', '姓名', '语文', '数学'],
      ['G3001', '王小兵', '92', '88.5'],
      ['G3002', '李想', '77', '缺考'],
    ]);

    const file = async (data: (string | number)[][]) => {
      const b = new ExcelJS.Workbook();
      const s = b.addWorksheet('成绩');
      data.forEach((r) => s.addRow(r));
      return Buffer.from(await b.xlsx.writeBuffer()).toString('base64');
    };
    const upload = async (f: string) => send('POST', `/api/classes/${w.g3c2}/exams/${examId}/import`, as.wang, { file: f });
    const sheet = async () => (await get(`/api/classes/${w.g3c2}/exams/${examId}/results`, as.wang)).json<{ rows: { results: Record<string, string> }[] }>().rows.map((r) => r.results);
    const before = await sheet();

    const broken: [string, RegExp][] = [
      [await file([['学籍号', '姓名', '语文', '数学'], ['G3001', '王小兵', 95, 90], ['G9999', '某某', 80, 80]]), /第 3 行：学籍号 G9999 不是本班学生/],
      [await file([['学籍号', '姓名', '语文', '数学'], ['G3001', '王小兵', 95, 90], ['G3002', '李想', 120, 80]]), /第 3 行 语文：分数 120 超出范围/],
      [await file([['学籍号', '姓名', '语文', '数学']]), /没有学生成绩/],
      [await file([]), /表头/],
      [await file([['学籍号', '姓名', '语文', '物理'], ['G3001', '王小兵', 95, 90]]), /物理/],
      [await file([['学籍号', '姓名', '语文'], ['G3001', '王小兵', 95], ['G3001', '王小兵', 96]]), /出现了两次/],
      [Buffer.from('学籍号,姓名,语文\nG3001,王小兵,95').toString('base64'), /无法读取文件/],
      ['!!!not base64!!!', /Base64/],
    ];
    for (const [f, msg] of broken) {
      const r = await upload(f);
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json()).toMatchObject({ code: 'RESULTS_FILE_INVALID' });
      expect(r.json<{ message: string }>().message).toMatch(msg);
    }
    expect(await sheet()).toEqual(before);

    const ok = await upload(await file([['学籍号', '姓名', '语文', '数学'], ['G3001', '王小兵', 95, ''], ['g3002', '李想', '优', 60.5]]));
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json<{ imported: number }>().imported).toBe(3);
    expect(await sheet()).toEqual([{ 语文: '95', 数学: '88.5' }, { 语文: '优', 数学: '60.5' }]);
    // A parent cannot import.
    expect((await send('POST', `/api/classes/${w.g3c2}/exams/${examId}/import`, as.liFang, { file: await file([['学籍号'], ['G3001']]) })).statusCode).toBe(403);
  });
});
