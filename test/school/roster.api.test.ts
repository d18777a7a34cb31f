/**
 * 名册导入 over HTTP as a school admin uses it: download the template, upload a file (base64),
 * page through the preview by status, apply it, see progress and history. Bad input is a clear
 * 400 that stores nothing; another school's admin and a teacher get nowhere.
 */
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { AppContext } from '../../server/src/context';
import { buildHttp } from '../../server/src/http/server';
import type { Http } from '../../server/src/http/types';
import type { Role } from '../../server/src/modules/identity';
import { createTestContext } from '../helpers/context';
import { describeEachDatabase } from '../helpers/db';
import { buildWorld, type World } from '../helpers/world';
import { STUDENT_HEAD, csvGbk, csvUtf8 } from '../fixtures/roster/files';

describeEachDatabase('roster import over HTTP', (t) => {
  let ctx: AppContext;
  let app: Http;
  let w: World;

  beforeEach(async () => {
    ctx = await createTestContext(t().database);
    app = await buildHttp(ctx, { consoleDir: null });
    await app.ready();
    w = await buildWorld(ctx, app);
  }, 60_000);
  afterEach(async () => {
    await app.close();
  });

  const get = (url: string, role: Role = 'school_admin') => app.inject({ url, headers: w.as[role] });
  const post = (url: string, payload: object | undefined, role: Role = 'school_admin') => app.inject({ method: 'POST', url, headers: w.as[role], ...(payload ? { payload } : {}) });
  const upload = (bytes: Buffer, fileName = '名册.csv', role: Role = 'school_admin', school = w.a.school) =>
    post(`/api/schools/${school}/roster/imports`, { fileName, file: bytes.toString('base64') }, role);
  const imports = async () => (await get(`/api/schools/${w.a.school}/roster/imports`)).json<{ items: { id: string; status: string }[] }>().items;

  const rows = [
    STUDENT_HEAD,
    ['三年级', '三年级A班', 'NOA0001', '学生A', 'CA0001', '张家长', '13911110001', '爸爸', '', '', ''],
    ['三年级', '三年级A班', 'NOA0002', '新同学', 'CA0002', '张家长', '13911110001', '爸爸', '', '', ''],
    ['三年级', '三年级A班', 'NOA0003', '坏家长', '', '李', '12345', '妈妈', '', '', ''],
  ];

  it('downloads a template that the import reads back as an empty roster', async () => {
    const r = await get(`/api/schools/${w.a.school}/roster/template`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['学生', '教师', '说明']);
    expect((wb.getWorksheet('学生')!.getRow(1).values as string[]).slice(1)).toEqual(STUDENT_HEAD);
    // The template as downloaded has headers only: uploading it is "no data rows", not fake students.
    const up = await upload(r.rawPayload, '名册导入模板.xlsx');
    expect(up.statusCode).toBe(400);
    expect(up.json()).toMatchObject({ code: 'ROSTER_FILE_EMPTY' });
  });

  it('uploads a GBK CSV, shows the preview by status with row numbers, applies it and keeps the history', async () => {
    const up = await upload(csvGbk(rows));
    expect(up.statusCode).toBe(200);
    const imp = up.json<{ id: string }>();
    expect(imp).toMatchObject({ status: 'previewed', fileName: '名册.csv', summary: { students: { new: 1, changed: 1, unchanged: 0, error: 1 } } });
    const errs = (await get(`/api/schools/${w.a.school}/roster/imports/${imp.id}/rows?status=error`)).json<{ items: { notes: string[] }[] }>();
    expect(errs).toMatchObject({ total: 1, items: [{ rowNo: 4, status: 'error', values: { 学生姓名: '坏家长' } }] });
    expect(errs.items[0]!.notes.join()).toContain('家长手机“12345”不是 11 位手机号');
    expect((await get(`/api/schools/${w.a.school}/roster/imports/${imp.id}/rows?limit=2&offset=1`)).json()).toMatchObject({ total: 3, items: [{ rowNo: 3 }, { rowNo: 4 }] });

    const applied = await post(`/api/schools/${w.a.school}/roster/imports/${imp.id}/apply`, undefined);
    expect(applied.statusCode).toBe(200);
    expect(applied.json()).toMatchObject({ status: 'applied', progress: { done: 2, total: 2 }, result: { studentsCreated: 1, studentsUpdated: 1, skippedErrors: 1 } });
    expect((await get(`/api/schools/${w.a.school}/roster/imports/${imp.id}`)).json()).toMatchObject({ status: 'applied' });
    const again = await post(`/api/schools/${w.a.school}/roster/imports/${imp.id}/apply`, undefined);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'ROSTER_IMPORT_CLOSED' });
    const students = (await get(`/api/students?classId=${w.a.class}`, 'operator')).json<{ items: { name: string }[] }>().items.map((s) => s.name).sort();
    expect(students).toEqual(['学生A', '新同学']);
    expect(await imports()).toMatchObject([{ id: imp.id, status: 'applied' }]);
  });

  it('answers bad uploads with a clear 400 and stores nothing', async () => {
    const bad: [object, string][] = [
      [{ fileName: 'a.csv', file: '***not base64***' }, 'ROSTER_FILE_INVALID'],
      [{ fileName: 'a.csv', file: Buffer.from('学籍号,学生姓名\nG1,张\n').toString('base64') }, 'ROSTER_COLUMNS_MISSING'],
      [{ fileName: 'a.csv', file: Buffer.from(STUDENT_HEAD.join(',') + '\n').toString('base64') }, 'ROSTER_FILE_EMPTY'],
      [{ fileName: 'a.csv' }, 'VALIDATION_FAILED'],
      [{ fileName: '', file: 'AAAA' }, 'VALIDATION_FAILED'],
      [{ fileName: 'a.csv', file: 'AAAA', extra: 1 }, 'VALIDATION_FAILED'],
    ];
    for (const [payload, code] of bad) {
      const r = await post(`/api/schools/${w.a.school}/roster/imports`, payload);
      expect(r.statusCode, code).toBe(400);
      expect(r.json<{ code: string }>().code).toBe(code);
      expect(r.json<{ message: string }>().message).toMatch(/[\u4e00-\u9fff]/);
    }
    // A file over 6 MB is refused with the limit named; a body over the route's limit is refused before it is read.
    const big = await post(`/api/schools/${w.a.school}/roster/imports`, { fileName: 'big.csv', file: Buffer.alloc(6 * 1024 * 1024 + 10, 0x41).toString('base64') });
    expect(big.statusCode).toBe(400);
    expect(big.json<{ code: string; message: string }>()).toMatchObject({ code: 'ROSTER_TOO_LARGE', message: expect.stringContaining('6 MB') as unknown });
    const huge = await post(`/api/schools/${w.a.school}/roster/imports`, { fileName: 'huge.csv', file: 'A'.repeat(10 * 1024 * 1024) });
    expect(huge.statusCode).toBe(400);
    expect(huge.json<{ code: string }>().code).toBe('PAYLOAD_TOO_LARGE');
    expect(await imports()).toEqual([]);
    expect((await post(`/api/schools/${w.a.school}/roster/imports/nope/apply`, undefined)).statusCode).toBe(404);
    expect((await get(`/api/schools/${w.a.school}/roster/imports/nope/rows?status=maybe`)).statusCode).toBe(400);
  });

  it('keeps each school to itself: another school, a teacher and a guardian get nowhere', async () => {
    expect((await upload(csvUtf8(rows), 'a.csv', 'school_admin', w.b.school)).statusCode).toBe(403);
    expect((await upload(csvUtf8(rows), 'a.csv', 'teacher')).statusCode).toBe(403);
    expect((await upload(csvUtf8(rows), 'a.csv', 'guardian')).statusCode).toBe(403);
    const imp = (await upload(csvUtf8(rows))).json<{ id: string }>();
    // An import id of school A under school B's path is not found, not applied.
    expect((await post(`/api/schools/${w.b.school}/roster/imports/${imp.id}/apply`, undefined, 'operator')).statusCode).toBe(404);
    expect((await get(`/api/schools/${w.a.school}/roster/imports`, 'agent')).statusCode).toBe(200);
    expect((await upload(csvUtf8(rows), 'a.csv', 'agent')).statusCode).toBe(200);
  });
});
