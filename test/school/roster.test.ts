/**
 * Roster import as a school admin meets it: a file is read (xlsx, CSV in UTF-8 with or without
 * BOM, or GBK as Excel saves it), checked and compared into a preview that lists new, changed,
 * unchanged and broken rows with their row numbers and reasons; nothing changes until it is
 * applied; applying twice or importing the same file again changes nothing; siblings share a
 * guardian by mobile number; a teacher who is also a parent is one person.
 */
import { beforeEach, expect, it } from 'vitest';
import type { AppContext } from '../../server/src/context';
import { applyRosterImport } from '../../server/src/flows/roster-import.flow';
import type { TestClock } from '../../server/src/platform/clock';
import { createTestContext } from '../helpers/context';
import { describeEachDatabase } from '../helpers/db';
import { STUDENT_HEAD, TEACHER_HEAD, bigRoster, csvGbk, csvMojibake, csvUtf8, xlsx } from '../fixtures/roster/files';

describeEachDatabase('roster import', (t) => {
  let ctx: AppContext & { clock: TestClock };
  let school: string;
  let g3c2: string;
  let existing: string;

  beforeEach(async () => {
    ctx = await createTestContext(t().database);
    school = (await ctx.org.createSchool({ code: 'SCH1', name: '阳光小学' })).id;
    g3c2 = (await ctx.org.createClass({ schoolId: school, grade: 3, name: '三年级(2)班' })).id;
    existing = (await ctx.org.createStudent({ classId: g3c2, studentNo: 'G3001', name: '王小兵', cardNo: 'C3001' })).id;
  }, 60_000);

  const preview = (bytes: Buffer, fileName = 'roster.xlsx') => ctx.school.roster.preview({ schoolId: school, fileName, bytes, by: 'admin' });
  const apply = (importId: string) => applyRosterImport(ctx, { schoolId: school, importId, by: 'admin' });
  const lines = async (importId: string, status?: 'new' | 'changed' | 'unchanged' | 'error') => (await ctx.school.roster.lines({ schoolId: school, importId, status, limit: 500 })).items;
  const studentCount = async () => (await ctx.org.studentsOfSchool(school)).length;

  const sample = (): (string | number)[][] => [
    STUDENT_HEAD,
    ['三年级', '三年级(2)班', 'G3001', '王小兵', 'C3009', '李芳', '13900003333', '妈妈', '', '', ''],
    ['3', '三年级（2）班', 'G3002', '李想', 'C3002', '李强', '139-0000-4444', '爸爸', '', '', ''],
    ['五年级', '五年级(1)班', 'G5001', '王小花', 'C5001', '李芳', '13900003333', '妈妈', '王大明', '13900005555', '爸爸'],
  ];

  it('previews an xlsx without changing the roster, then applies it: new class, new students, siblings share their mother', async () => {
    const p = await preview(await xlsx({ 学生: sample(), 教师: [TEACHER_HEAD, ['王老师', '13900001111', '三年级(2)班', '语文', '是'], ['陈老师', '13900001112', '五年级(1)班', '语文 数学', '是']] }));
    expect(p.status).toBe('previewed');
    expect(p.summary.students).toEqual({ new: 2, changed: 1, unchanged: 0, error: 0 });
    expect(p.summary.teachers).toEqual({ new: 2, changed: 0, unchanged: 0, error: 0 });
    expect(p.summary.newClasses).toEqual(['五年级(1)班']);
    expect((await lines(p.id, 'changed'))[0]).toMatchObject({ rowNo: 2, notes: ['卡号 C3001 → C3009', '新增家长 李芳（妈妈）'] });
    // Nothing written yet.
    expect(await studentCount()).toBe(1);
    expect(await ctx.identity.findPersonByPhone('13900003333')).toBeNull();

    const done = await apply(p.id);
    expect(done).toMatchObject({ status: 'applied', progress: { done: 6, total: 6 }, result: { classesCreated: 1, studentsCreated: 2, studentsUpdated: 1, headTeachers: 2 } });
    const roster = await ctx.org.roster({ schoolId: school });
    expect(roster.map((s) => `${s.studentNo} ${s.name} ${s.cardNo}`).sort()).toEqual(['G3001 王小兵 C3009', 'G3002 李想 C3002', 'G5001 王小花 C5001']);
    const mother = await ctx.identity.findPersonByPhone('13900003333');
    const ids = roster.map((s) => s.id);
    const guardians = await ctx.identity.holdersOf({ role: 'guardian', tenantType: 'student', tenantIds: ids });
    // One 李芳 for both children, labelled 妈妈; the second guardian of 王小花 too.
    expect(guardians.filter((g) => g.phone === '13900003333').map((g) => [g.userId, g.label])).toEqual([[mother!.id, '妈妈'], [mother!.id, '妈妈']]);
    expect(guardians.map((g) => g.name).sort()).toEqual(['李强', '李芳', '李芳', '王大明']);
    const classes = await ctx.org.classes({ schoolId: school });
    const wang = await ctx.identity.findPersonByPhone('13900001111');
    expect(classes.find((c) => c.name === '三年级(2)班')!.headTeacherId).toBe(wang!.id);
    const teachers = await ctx.identity.holdersOf({ role: 'teacher', tenantType: 'class', tenantIds: classes.map((c) => c.id) });
    expect(teachers.map((x) => `${x.name}:${x.label}`).sort()).toEqual(['王老师:语文', '陈老师:语文、数学']);
  });

  it('applies once: a second apply is refused, and re-importing the same file finds everything unchanged and writes nothing', async () => {
    const file = await xlsx({ 学生: sample() });
    const p = await preview(file);
    await apply(p.id);
    await expect(apply(p.id)).rejects.toMatchObject({ code: 'ROSTER_IMPORT_CLOSED' });
    const again = await preview(file);
    expect(again.summary.students).toEqual({ new: 0, changed: 0, unchanged: 3, error: 0 });
    expect(again.sha256).toBe(p.sha256);
    const before = JSON.stringify(await ctx.org.studentsOfSchool(school));
    const r = await apply(again.id);
    expect(r.result).toMatchObject({ studentsCreated: 0, studentsUpdated: 0, guardianGrants: 0, unchanged: 3 });
    expect(JSON.stringify(await ctx.org.studentsOfSchool(school))).toBe(before);
  });

  it('reads CSV in UTF-8, UTF-8 with BOM and GBK (whatever the file is called) to the same preview', async () => {
    const rows = sample();
    for (const [bytes, name] of [[csvUtf8(rows), 'a.csv'], [csvUtf8(rows, true), 'b.csv'], [csvGbk(rows), 'utf8-名册.csv']] as const) {
      const p = await preview(bytes, name);
      expect(p.summary.students, name).toEqual({ new: 2, changed: 1, unchanged: 0, error: 0 });
      expect((await lines(p.id, 'new')).map((l) => l.values['学生姓名'])).toEqual(['李想', '王小花']);
    }
  });

  it('refuses files it cannot read with a clear message and stores nothing', async () => {
    const cases: [Buffer, string, string, RegExp][] = [
      [csvMojibake(sample()), 'x.csv', 'ROSTER_ENCODING_INVALID', /编码/],
      [Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x00, 0xd8]), 'x.csv', 'ROSTER_ENCODING_INVALID', /编码/],
      [Buffer.alloc(0), 'x.csv', 'ROSTER_FILE_EMPTY', /空/],
      [await xlsx({ 学生: [] }), 'x.xlsx', 'ROSTER_FILE_EMPTY', /表头/],
      [await xlsx({ 学生: [STUDENT_HEAD] }), 'x.xlsx', 'ROSTER_FILE_EMPTY', /只有表头/],
      [csvUtf8([['班级', '学生姓名'], ['三年级(2)班', '张三']]), 'x.csv', 'ROSTER_FILE_EMPTY', /表头/],
      [csvUtf8([['学籍号', '学生姓名'], ['G1', '张三']]), 'x.csv', 'ROSTER_COLUMNS_MISSING', /缺少列：班级/],
      [Buffer.from('PK\u0003\u0004garbage'), 'x.xlsx', 'ROSTER_FILE_INVALID', /损坏/],
      [Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2]), 'x.xls', 'ROSTER_FILE_INVALID', /xlsx/],
    ];
    for (const [bytes, name, code, msg] of cases) {
      const e = await preview(bytes, name).catch((x: unknown) => x);
      expect(e, code).toMatchObject({ code });
      expect((e as Error).message).toMatch(msg);
    }
    expect(await ctx.school.roster.list(school)).toEqual([]);
  });

  it('lists broken rows with their row numbers and reasons, and applies only the good ones', async () => {
    await ctx.org.createStudent({ classId: g3c2, studentNo: 'G3003', name: '赵六', cardNo: 'C7777' });
    const p = await preview(
      csvUtf8([
        STUDENT_HEAD,
        ['三年级', '三年级(2)班', 'G3010', '好学生', 'C3010', '张家长', '13911112222', '爸爸', '', '', ''],
        ['三年级', '三年级(2)班', 'G3011', '坏手机', '', '张家长2', '1391111', '爸爸', '', '', ''],
        ['三年级', '三年级(2)班', 'G3010', '重复号', '', '', '', '', '', '', ''],
        ['三年级', '火星班', 'G3012', '未知班', '', '', '', '', '', '', ''],
        ['三年级', '三年级(2)班', 'G3013', '坏卡号', 'C-1', '', '', '', '', '', ''],
        ['三年级', '三年级(2)班', 'G3014', '抢卡号', 'C7777', '', '', '', '', '', ''],
        ['四年级', '三年级(2)班', 'G3015', '年级错', '', '', '', '', '', '', ''],
        ['三年级', '三年级(2)班', 'G3016', '', '', '', '', '', '', '', ''],
      ]),
      'broken.csv',
    );
    expect(p.summary.students).toEqual({ new: 1, changed: 0, unchanged: 0, error: 7 });
    const errs = Object.fromEntries((await lines(p.id, 'error')).map((l) => [l.rowNo, l.notes.join('；')]));
    expect(errs[3]).toMatch(/家长手机“1391111”不是 11 位手机号/);
    expect(errs[4]).toMatch(/学籍号 G3010 重复（与第 2 行相同）/);
    expect(errs[5]).toMatch(/未知班级“火星班”/);
    expect(errs[6]).toMatch(/卡号“C-1”/);
    expect(errs[7]).toMatch(/卡号 C7777 已属于本校学生 赵六/);
    expect(errs[8]).toMatch(/是 3 年级的，与年级列不符/);
    expect(errs[9]).toMatch(/学生姓名为空/);
    const r = await apply(p.id);
    expect(r.result).toMatchObject({ studentsCreated: 1, skippedErrors: 7 });
    expect((await ctx.org.roster({ schoolId: school })).map((s) => s.studentNo).sort()).toEqual(['G3001', 'G3003', 'G3010']);
  });

  it('refuses two head teachers for one class and unknown classes in the teachers sheet; a teacher who is a parent is one person', async () => {
    const p = await preview(
      await xlsx({
        学生: [STUDENT_HEAD, ['三年级', '三年级(2)班', 'G3001', '王小兵', 'C3001', '王老师', '13900001111', '爸爸', '', '', '']],
        教师: [TEACHER_HEAD, ['王老师', '13900001111', '三年级(2)班', '语文', '是'], ['陈老师', '13900001112', '三年级(2)班', '数学', '是'], ['李老师', '13900001113', '九年级(9)班', '英语', '否'], ['赵老师', '1390000', '三年级(2)班', '', '也许']],
      }),
    );
    expect(p.summary.teachers).toEqual({ new: 1, changed: 0, unchanged: 0, error: 3 });
    const errs = (await lines(p.id, 'error')).map((l) => `${l.rowNo}:${l.notes.join('；')}`);
    expect(errs[0]).toMatch(/^3:三年级\(2\)班 在第 2 行已有班主任/);
    expect(errs[1]).toMatch(/^4:未知班级“九年级\(9\)班”/);
    expect(errs[2]).toMatch(/^5:手机“1390000”不是 11 位手机号；是否班主任应填/);
    await apply(p.id);
    const wang = (await ctx.identity.findPersonByPhone('13900001111'))!;
    expect(wang.roles.map((r) => `${r.role}:${r.tenantId}`).sort()).toEqual([`guardian:${existing}`, `teacher:${g3c2}`]);
  });

  it('swaps two cards, moves a student to another class, brings back one who left and changes a relation', async () => {
    const other = (await ctx.org.createStudent({ classId: g3c2, studentNo: 'G3002', name: '李想', cardNo: 'C3002' })).id;
    await ctx.org.updateStudent(other, { status: 'left' });
    const first = await preview(await xlsx({ 学生: [STUDENT_HEAD, ['三年级', '三年级(2)班', 'G3001', '王小兵', 'C3001', '李芳', '13900003333', '妈妈', '', '', '']] }));
    await apply(first.id);
    const p = await preview(
      await xlsx({
        学生: [
          STUDENT_HEAD,
          // Cards as numbers and a mobile as a number, the way Excel stores them.
          ['四年级', '四年级(1)班', 'G3001', '王小兵', 'C3002', '李芳', 13900003333, '母亲', '', '', ''],
          ['三年级', '三年级(2)班', 'G3002', '李想', 'C3001', '', '', '', '', '', ''],
        ],
      }),
    );
    expect((await lines(p.id)).map((l) => `${l.rowNo}:${l.status}:${l.notes.join('，')}`)).toEqual([
      '2:changed:班级 三年级(2)班 → 四年级(1)班，卡号 C3001 → C3002，家长 李芳 关系 妈妈 → 母亲',
      '3:changed:卡号 C3002 → C3001，重新在读（曾为离校）',
    ]);
    await apply(p.id);
    const roster = await ctx.org.roster({ schoolId: school });
    expect(roster.map((s) => `${s.studentNo}:${s.cardNo}`).sort()).toEqual(['G3001:C3002', 'G3002:C3001']);
    const [g] = await ctx.identity.holdersOf({ role: 'guardian', tenantType: 'student', tenantIds: [existing] });
    expect(g).toMatchObject({ phone: '13900003333', label: '母亲' });
  });

  it('refuses a preview older than a day, and lets only one of two simultaneous applies through', async () => {
    const stale = await preview(csvUtf8(sample()), 'a.csv');
    ctx.clock.advance(25 * 60 * 60 * 1000);
    await expect(apply(stale.id)).rejects.toMatchObject({ code: 'ROSTER_IMPORT_CLOSED' });
    expect((await ctx.school.roster.get(school, stale.id)).status).toBe('expired');
    expect(await studentCount()).toBe(1);

    const p = await preview(csvUtf8(sample()), 'b.csv');
    const results = await Promise.allSettled([apply(p.id), apply(p.id)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: expect.stringMatching(/^ROSTER_IMPORT_(BUSY|CLOSED)$/) as unknown } });
    expect(await studentCount()).toBe(3);
  });

  it('imports 5,000 rows and reports progress as it goes', async () => {
    const p = await preview(csvUtf8(bigRoster(5000)), 'big.csv');
    expect(p.summary.students).toEqual({ new: 5000, changed: 0, unchanged: 0, error: 0 });
    expect(p.summary.newClasses).toEqual(['三年级(1)班', '三年级(3)班', '三年级(4)班']);
    const seen: number[] = [];
    const r = await applyRosterImport(ctx, { schoolId: school, importId: p.id, by: 'admin', onProgress: (d) => seen.push(d) });
    expect(r.result).toMatchObject({ studentsCreated: 5000, guardianGrants: 5000, peopleCreated: 4500 });
    expect(seen.length).toBeGreaterThan(5);
    expect(seen.at(-1)).toBe(5003);
    expect(await studentCount()).toBe(5001);
  }, 120_000);
});
