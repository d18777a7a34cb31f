/**
 * 家校互动 over HTTP on both databases: composing (bad input is a clear 400 and writes nothing; a
 * teacher cannot write to another class), a note's detail, templates, the inbox and the parent
 * portal (a guardian cannot read another child's notes).
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { AppContext } from '../../server/src/context';
import { buildHttp } from '../../server/src/http/server';
import type { Http } from '../../server/src/http/types';
import { createTestContext } from '../helpers/context';
import { countRows, describeEachDatabase } from '../helpers/db';
import { buildSchoolWorld, schoolLogins, type SchoolWorld } from './school-world';

describeEachDatabase('school notes over HTTP', (t) => {
  let ctx: AppContext;
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

  const post = (url: string, headers: Record<string, string>, payload: object) => app.inject({ method: 'POST', url, headers, payload });
  const get = (url: string, headers: Record<string, string>) => app.inject({ url, headers });
  type Body = { id: string; noteId: string; message: string; code: string; total: number; summary: { read: number }; recipients: { studentName: string; phone: string; sms: string; text: string }[]; items: { id: string; title: string; shared: boolean }[]; messages: unknown[] };
  const json = (r: { json: <T>() => T }) => r.json<Body>();
  const count = async (table: string) => countRows(ctx.database.db, table);

  it('a teacher writes to their class; the detail shows each family, masked, with its SMS and read state', async () => {
    const r = await post(`/api/classes/${w.g3c2}/notes`, as.wang, { type: 'homework', text: '今天的作业：{name}背诵第三课。', key: 'h1' });
    expect(r.statusCode, r.body).toBe(200);
    expect(json(r)).toMatchObject({ recipients: 2, smsQueued: 1, replay: false });
    const again = await post(`/api/classes/${w.g3c2}/notes`, as.wang, { type: 'homework', text: '今天的作业：{name}背诵第三课。', key: 'h1' });
    expect(json(again)).toMatchObject({ noteId: json(r).noteId, replay: true });
    const d = await get(`/api/notes/${json(r).noteId}`, as.wang);
    expect(d.statusCode).toBe(200);
    expect(json(d).recipients.map((x) => [x.studentName, x.phone, x.sms, x.text])).toEqual([
      ['李想', '139****4444', 'none', '今天的作业：李想背诵第三课。'],
      ['王小兵', '139****3333', 'queued', '今天的作业：王小兵背诵第三课。'],
    ]);
    expect(json(await get('/api/notes', as.wang))).toMatchObject({ total: 1, items: [{ typeTitle: '作业', classes: [{ name: '三年级(2)班' }] }] });
    // 陈老师 teaches in the class too but did not write it; the school admin sees it.
    expect((await get(`/api/notes/${json(r).noteId}`, as.chen)).statusCode).toBe(404);
    expect((await get(`/api/notes/${json(r).noteId}`, as.admin)).statusCode).toBe(200);
    expect(json(await get('/api/notes', as.admin)).total).toBe(1);
  });

  it('bad input is a clear 400 and writes nothing; a teacher cannot write to another class or the whole school', async () => {
    const cases: [string, Record<string, string>, object, number, string?][] = [
      [`/api/classes/${w.g3c2}/notes`, as.wang, { text: '没有类型' }, 400],
      [`/api/classes/${w.g3c2}/notes`, as.wang, { type: 'homework', text: '' }, 400],
      [`/api/classes/${w.g3c2}/notes`, as.wang, { type: 'homework', text: '字'.repeat(501) }, 400],
      [`/api/classes/${w.g3c2}/notes`, as.wang, { type: 'homework', text: '好', sendAt: '明天' }, 400],
      [`/api/classes/${w.g3c2}/notes`, as.wang, { type: 'homework', text: '好', sendAt: '2030-01-01T00:00:00Z' }, 400, 'NOTE_INVALID'],
      [`/api/classes/${w.g3c2}/notes`, as.wang, { type: 'homework', text: '{name}：{result}' }, 400, 'NOTE_INVALID'],
      [`/api/classes/${w.g3c2}/notes`, as.wang, { type: 'homework', text: '好', urgent: true }, 403, 'NOTE_URGENT_FORBIDDEN'],
      [`/api/classes/${w.g5c1}/notes`, as.wang, { type: 'homework', text: '好' }, 403, 'FORBIDDEN'],
      [`/api/classes/${w.g3c2}/notes`, as.liFang, { type: 'homework', text: '好' }, 403, 'FORBIDDEN'],
      [`/api/schools/${w.school}/notes`, as.wang, { type: 'notice', text: '全校' }, 403, 'FORBIDDEN'],
      ['/api/notes', as.wang, { schoolId: w.school, type: 'notice', text: '全校' }, 400, 'VALIDATION_FAILED'],
      ['/api/notes', as.wang, { schoolId: w.school, type: 'homework', text: '好', classIds: [w.g3c2, w.g5c1] }, 403, 'NOTE_FORBIDDEN'],
      ['/api/notes', as.wang, { schoolId: w.school, type: 'homework', text: '好', studentIds: [w.zhangWei] }, 400, 'NOTE_INVALID'],
    ];
    for (const [url, headers, payload, status, code] of cases) {
      const r = await post(url, headers, payload);
      expect(r.statusCode, `${url} ${JSON.stringify(payload)}: ${r.body}`).toBe(status);
      expect(json(r).message).toMatch(/[\u4e00-\u9fa5]/);
      if (code) {
        expect(json(r).code).toBe(code);
      }
    }
    expect(await count('notes')).toBe(0);
    expect(await count('note_recipients')).toBe(0);
    expect(await count('sms_messages')).toBe(0);
    // The admin writes to several classes, or the whole school.
    expect(json(await post(`/api/schools/${w.school}/notes`, as.admin, { type: 'notice', text: '周五家长会', classIds: [w.g3c2, w.g5c1] }))).toMatchObject({ recipients: 3 });
    expect(json(await post(`/api/schools/${w.school}/notes`, as.admin, { type: 'notice', text: '国庆放假', urgent: true }))).toMatchObject({ recipients: 3, smsQueued: 3 });
    // 陈老师 to both of his classes at once.
    expect(json(await post('/api/notes', as.chen, { schoolId: w.school, type: 'homework', text: '数学作业', classIds: [w.g3c2, w.g5c1] }))).toMatchObject({ recipients: 3 });
  });

  it("the portal: a guardian reads their child's notes and marks one read, but not another child's", async () => {
    const r = json(await post(`/api/classes/${w.g3c2}/notes`, as.wang, { type: 'performance', text: '{name}今天表现很好。' }));
    const mine = await get(`/api/students/${w.wangXiaobing}/notes`, as.liFang);
    expect(json(mine)).toMatchObject({ unread: 1, notes: [{ text: '王小兵今天表现很好。', read: false, authorName: '王老师' }] });
    expect((await get(`/api/students/${w.liXiang}/notes`, as.liFang)).statusCode).toBe(403);
    expect((await post(`/api/students/${w.liXiang}/notes/${r.noteId}/read`, as.liFang, {})).statusCode).toBe(403);
    expect((await post(`/api/students/${w.wangXiaobing}/notes/nope/read`, as.liFang, {})).statusCode).toBe(404);
    expect(json(await post(`/api/students/${w.wangXiaobing}/notes/${r.noteId}/read`, as.liFang, {}))).toEqual({ read: true });
    expect(json(await get(`/api/students/${w.wangXiaobing}/notes`, as.liFang))).toMatchObject({ unread: 0, notes: [{ read: true }] });
    expect(json(await get(`/api/notes/${r.noteId}`, as.wang)).summary.read).toBe(1);
  });

  it('a guardian writes to the teacher from the portal; the teacher answers in the inbox; another teacher cannot', async () => {
    const note = json(await post(`/api/classes/${w.g3c2}/notes`, as.wang, { type: 'homework', text: '口算一页。' }));
    expect((await post(`/api/students/${w.wangXiaobing}/messages`, as.liFang, { text: '' })).statusCode).toBe(400);
    expect((await post(`/api/students/${w.liXiang}/messages`, as.liFang, { text: '你好' })).statusCode).toBe(403);
    expect((await post(`/api/students/${w.wangXiaobing}/messages`, as.liFang, { text: '你好', noteId: 'nope' })).statusCode).toBe(404);
    expect(await count('inbox')).toBe(0);
    const m = await post(`/api/students/${w.wangXiaobing}/messages`, as.liFang, { text: '老师，作业做完了。', noteId: note.noteId });
    expect(json(m)).toMatchObject({ teacherName: '王老师', forwarded: true });
    const box = json(await get('/api/inbox?kind=reply', as.wang));
    expect(box).toMatchObject({ total: 1, unanswered: 1, items: [{ kind: 'portal', studentName: '王小兵', className: '三年级(2)班', text: '老师，作业做完了。', noteText: '口算一页。' }] });
    expect(json(await get('/api/inbox', as.chen)).total).toBe(0);
    const id = box.items[0]!.id;
    expect((await post(`/api/inbox/${id}/answer`, as.chen, { text: '好' })).statusCode).toBe(403);
    expect((await post(`/api/inbox/${id}/answer`, as.wang, { text: '' })).statusCode).toBe(400);
    expect((await post(`/api/inbox/${id}/answer`, as.wang, { text: '很好，继续加油！' })).statusCode).toBe(200);
    expect(json(await get('/api/inbox', as.wang))).toMatchObject({ unanswered: 0, items: [{ answers: [{ text: '很好，继续加油！', via: 'console' }] }] });
    expect(json(await get(`/api/students/${w.wangXiaobing}/notes`, as.liFang)).messages).toEqual([expect.objectContaining({ answers: [expect.objectContaining({ text: '很好，继续加油！' })] })]);
  });

  it('templates: a teacher keeps their own, the admin shares one with the school', async () => {
    expect((await post('/api/note-templates', as.wang, { schoolId: w.school, title: '', type: 'homework', text: 'x' })).statusCode).toBe(400);
    expect((await post('/api/note-templates', as.wang, { schoolId: w.school, title: '全校', type: 'notice', text: 'x', shared: true })).statusCode).toBe(403);
    const own = json(await post('/api/note-templates', as.wang, { schoolId: w.school, title: '每日作业', type: 'homework', text: '今天的作业：' }));
    await post('/api/note-templates', as.admin, { schoolId: w.school, title: '放假通知', type: 'notice', text: '{name}家长：国庆放假七天。', shared: true });
    expect(json(await get(`/api/note-templates?schoolId=${w.school}`, as.wang)).items.map((x) => [x.title, x.shared])).toEqual([
      ['每日作业', false],
      ['放假通知', true],
    ]);
    expect(json(await get(`/api/note-templates?schoolId=${w.school}`, as.chen)).items.map((x) => x.title)).toEqual(['放假通知']);
    expect((await app.inject({ method: 'PUT', url: `/api/note-templates/${own.id}`, headers: as.chen, payload: { text: '改' } })).statusCode).toBe(404);
    expect(json(await app.inject({ method: 'PUT', url: `/api/note-templates/${own.id}`, headers: as.wang, payload: { text: '今天的语文作业：' } }))).toMatchObject({ text: '今天的语文作业：' });
    expect(json(await app.inject({ method: 'DELETE', url: `/api/note-templates/${own.id}`, headers: as.wang }))).toEqual({ deleted: true });
    expect(await count('note_templates')).toBe(1);
  });
});
