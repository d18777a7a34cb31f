/**
 * 校讯通 routes: 课表、作业、成绩 (a class's, for its teachers and the school's admins; a child's
 * own, for the family) and 办公短信 (staff groups, sending to one, history). Thin: schema,
 * permission, one call, response. Results are private: the family's route returns the child's
 * own results only.
 */
import Type from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context';
import { actorRef, type Actor } from '../../modules/identity';
import { toIso } from '../../platform/clock';
import { PlatformErrors } from '../../platform/errors';
import { errors, IsoTime, NullableIsoTime } from '../schemas';
import type { Http } from '../types';

const tags = ['校讯通：课表作业成绩'];
const staffTags = ['校讯通：办公短信'];
const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });
const IdParam = Type.Object({ id: Id });
const ExamParams = Type.Object({ id: Id, examId: Id });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: '日期 YYYY-MM-DD' });
const Key = Type.String({ minLength: 1, maxLength: 80, pattern: '^[A-Za-z0-9_.:-]+$', description: '请求编号：同一编号只生效一次（重试不会重复发送）' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const TimetableSchema = Type.Object(
  {
    classId: Type.String(),
    slots: Type.Array(Type.Object({ weekday: Type.Integer(), period: Type.Integer(), subject: Type.String(), teacherId: Nullable(Type.String()), teacherName: Nullable(Type.String()) })),
    teachers: Type.Array(Type.Object({ userId: Type.String(), name: Type.String(), subjects: Nullable(Type.String()) })),
    updatedAt: NullableIsoTime,
  },
  { $id: 'Timetable', title: 'Timetable' },
);
const HomeworkSchema = Type.Object(
  {
    id: Type.String(),
    classId: Type.String(),
    subject: Type.String(),
    title: Type.String(),
    text: Type.String(),
    dueDay: Type.String(),
    authorName: Nullable(Type.String()),
    noted: Type.Boolean({ description: '是否已作为家校互动“作业”通知发给家长' }),
    createdAt: IsoTime,
  },
  { $id: 'Homework', title: 'Homework' },
);
const ExamSchema = Type.Object(
  { id: Type.String(), classId: Type.String(), name: Type.String(), subjects: Type.Array(Type.String()), fullMarks: Type.Integer(), day: Type.String(), publishedAt: NullableIsoTime, createdAt: IsoTime },
  { $id: 'Exam', title: 'Exam' },
);
const SheetSchema = Type.Object(
  {
    exam: ExamSchema,
    rows: Type.Array(Type.Object({ studentId: Type.String(), studentNo: Type.String(), name: Type.String(), results: Type.Record(Type.String(), Type.String()) })),
    entered: Type.Integer(),
  },
  { $id: 'ResultsSheet', title: 'ResultsSheet' },
);
const NotifiedSchema = Type.Object({ sent: Type.Boolean(), recipients: Type.Integer(), smsQueued: Type.Integer(), message: Type.String() });
const StaffMessageSchema = Type.Object(
  {
    id: Type.String(),
    schoolId: Type.String(),
    groupId: Type.String(),
    groupName: Type.String(),
    senderName: Nullable(Type.String()),
    text: Type.String(),
    createdAt: IsoTime,
    summary: Type.Object({ recipients: Type.Integer(), delivered: Type.Integer(), failed: Type.Integer(), blocked: Type.Integer(), pending: Type.Integer() }),
    recipients: Type.Array(Type.Object({ name: Nullable(Type.String()), phone: Nullable(Type.String()), state: Type.Enum(['pending', 'delivered', 'failed', 'blocked']) })),
  },
  { $id: 'StaffMessage', title: 'StaffMessage' },
);
const StaffGroupSchema = Type.Object(
  { id: Type.String(), name: Type.String(), members: Type.Array(Type.Object({ userId: Type.String(), name: Type.String(), phone: Nullable(Type.String()) })), updatedAt: IsoTime },
  { $id: 'StaffGroup', title: 'StaffGroup' },
);

type Classwork = AppContext['school']['classwork'];
type Timetable = Awaited<ReturnType<Classwork['timetable']>>;
type Homework = Awaited<ReturnType<Classwork['homework']>>[number];
type Exam = Awaited<ReturnType<Classwork['exams']>>[number];
type StaffMessage = Awaited<ReturnType<Classwork['staffMessages']>>[number];
type NotesSend = NonNullable<Parameters<Classwork['publishExam']>[0]['notify']>;
/** The results file (.xlsx) as Base64: at most 2 MB of bytes. */
const MAX_FILE_BASE64 = Math.ceil((2 * 1024 * 1024 * 4) / 3) + 4;

const timetableOut = (t: Timetable) => ({ ...t, updatedAt: t.updatedAt === null ? null : toIso(t.updatedAt) });
const homeworkOut = (h: Homework) => ({ id: h.id, classId: h.classId, subject: h.subject, title: h.title, text: h.text, dueDay: h.dueDay, authorName: h.authorName, noted: h.noteId !== null, createdAt: toIso(h.createdAt) });
const examOut = (e: Exam) => ({ id: e.id, classId: e.classId, name: e.name, subjects: e.subjects, fullMarks: e.fullMarks, day: e.day, publishedAt: e.publishedAt === null ? null : toIso(e.publishedAt), createdAt: toIso(e.createdAt) });
const staffMessageOut = (m: StaffMessage) => ({ id: m.id, schoolId: m.schoolId, groupId: m.groupId, groupName: m.groupName, senderName: m.senderName, text: m.text, createdAt: toIso(m.createdAt), summary: m.summary, recipients: m.recipients });
const notifiedOut = (n: { sent: boolean; recipients: number; smsQueued: number; message: string }) => ({ sent: n.sent, recipients: n.recipients, smsQueued: n.smsQueued, message: n.message });

function idOf(request: FastifyRequest): string {
  const id = (request.params as { id?: unknown }).id;
  return typeof id === 'string' ? id : '';
}

function by(actor: Actor): string {
  return actorRef(actor) ?? actor.kind;
}

function userOf(actor: Actor): Extract<Actor, { kind: 'user' }> {
  if (actor.kind !== 'user') {
    throw PlatformErrors.FORBIDDEN({}, '请以教职工身份登录');
  }
  return actor;
}

export function classworkRoutes(app: Http, ctx: AppContext): void {
  const scope = (kind: 'school' | 'class' | 'student') => ({ scope: (r: FastifyRequest) => ctx.org.scopeOf(kind, idOf(r)) });
  /** The notes part's send (家校互动 notes), when it is there; classwork never texts families itself. */
  const notesSend = (): NotesSend | null => {
    const send = (ctx.school.notes as { send?: NotesSend }).send;
    return typeof send === 'function' ? send : null;
  };

  // —— Timetable ——
  app.get('/api/classes/:id/timetable', {
    config: { action: 'class.read', ...scope('class') },
    schema: { tags, summary: '班级课表', params: IdParam, response: { 200: TimetableSchema, ...errors(401, 403, 404) } },
  }, async (request) => timetableOut(await ctx.school.classwork.timetable(request.params.id)));

  app.put('/api/classes/:id/timetable', {
    config: { action: 'classwork.manage', ...scope('class') },
    schema: {
      tags,
      summary: '保存班级课表（整张替换）',
      params: IdParam,
      body: Type.Object(
        {
          slots: Type.Array(
            Type.Object(
              {
                weekday: Type.Integer({ minimum: 1, maximum: 7, description: '星期：1 周一 … 7 周日' }),
                period: Type.Integer({ minimum: 1, maximum: 10, description: '第几节' }),
                subject: Type.String({ minLength: 1, maxLength: 10 }),
                teacherId: Type.Optional(Nullable(Id)),
              },
              { additionalProperties: false },
            ),
            { maxItems: 70 },
          ),
        },
        { additionalProperties: false },
      ),
      response: { 200: TimetableSchema, ...errors(400, 401, 403, 404) },
    },
  }, async (request) => timetableOut(await ctx.school.classwork.setTimetable({ classId: request.params.id, slots: request.body.slots, by: by(request.actor) })));

  // —— Homework ——
  app.get('/api/classes/:id/homework', {
    config: { action: 'class.read', ...scope('class') },
    schema: { tags, summary: '班级作业（新的在前）', params: IdParam, response: { 200: Type.Object({ items: Type.Array(HomeworkSchema) }), ...errors(401, 403, 404) } },
  }, async (request) => ({ items: (await ctx.school.classwork.homework({ classId: request.params.id })).map(homeworkOut) }));

  app.post('/api/classes/:id/homework', {
    config: { action: 'classwork.manage', ...scope('class') },
    schema: {
      tags,
      summary: '布置作业（家长端可见；可同时作为“作业”通知发给家长）',
      params: IdParam,
      body: Type.Object(
        {
          subject: Type.String({ minLength: 1, maxLength: 10 }),
          title: Type.String({ minLength: 1, maxLength: 40 }),
          text: Type.String({ minLength: 1, maxLength: 500 }),
          dueDay: Day,
          notify: Type.Optional(Type.Boolean({ description: '同时发家校互动“作业”通知' })),
          key: Key,
        },
        { additionalProperties: false },
      ),
      response: { 200: Type.Object({ homework: HomeworkSchema, replay: Type.Boolean(), notified: NotifiedSchema }), ...errors(400, 401, 403, 404) },
    },
  }, async (request) => {
    const b = request.body;
    const r = await ctx.school.classwork.postHomework({ classId: request.params.id, subject: b.subject, title: b.title, text: b.text, dueDay: b.dueDay, key: b.key, by: by(request.actor), notifyWanted: b.notify === true, notify: notesSend() });
    return { homework: homeworkOut(r.homework), replay: r.replay, notified: notifiedOut(r.notified) };
  });

  app.delete('/api/classes/:id/homework/:homeworkId', {
    config: { action: 'classwork.manage', ...scope('class') },
    schema: { tags, summary: '撤回作业', params: Type.Object({ id: Id, homeworkId: Id }), response: { 200: Type.Object({ ok: Type.Boolean() }), ...errors(401, 403, 404) } },
  }, async (request) => {
    await ctx.school.classwork.deleteHomework({ classId: request.params.id, homeworkId: request.params.homeworkId });
    return { ok: true };
  });

  // —— Exams and results ——
  app.get('/api/classes/:id/exams', {
    config: { action: 'classwork.manage', ...scope('class') },
    schema: { tags, summary: '班级考试列表', params: IdParam, response: { 200: Type.Object({ items: Type.Array(ExamSchema), grades: Type.Array(Type.String()) }), ...errors(401, 403, 404) } },
  }, async (request) => ({ items: (await ctx.school.classwork.exams(request.params.id)).map(examOut), grades: ctx.school.classwork.grades }));

  app.post('/api/classes/:id/exams', {
    config: { action: 'classwork.manage', ...scope('class') },
    schema: {
      tags,
      summary: '新建考试',
      params: IdParam,
      body: Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 30 }),
          subjects: Type.Array(Type.String({ minLength: 1, maxLength: 10 }), { minItems: 1, maxItems: 12 }),
          day: Day,
          fullMarks: Type.Optional(Type.Integer({ minimum: 1, maximum: 300 })),
        },
        { additionalProperties: false },
      ),
      response: { 200: ExamSchema, ...errors(400, 401, 403, 404) },
    },
  }, async (request) => examOut(await ctx.school.classwork.createExam({ classId: request.params.id, ...request.body, by: by(request.actor) })));

  app.get('/api/classes/:id/exams/:examId/results', {
    config: { action: 'classwork.manage', ...scope('class') },
    schema: { tags, summary: '成绩表（全班学生 × 科目；仅任课老师和学校可见）', params: ExamParams, response: { 200: SheetSchema, ...errors(401, 403, 404) } },
  }, async (request) => {
    const s = await ctx.school.classwork.resultsSheet({ classId: request.params.id, examId: request.params.examId });
    return { ...s, exam: examOut(s.exam) };
  });

  app.put('/api/classes/:id/exams/:examId/results', {
    config: { action: 'classwork.manage', ...scope('class') },
    schema: {
      tags,
      summary: '录入成绩（有一处不正确则全部不保存）',
      params: ExamParams,
      body: Type.Object(
        {
          cells: Type.Array(
            Type.Object({ studentId: Id, subject: Type.String({ minLength: 1, maxLength: 10 }), value: Type.String({ maxLength: 10, description: '分数（如 92、92.5）或等级（优、良、缺考…）；空白表示清除' }) }, { additionalProperties: false }),
            { minItems: 1, maxItems: 5000 },
          ),
        },
        { additionalProperties: false },
      ),
      response: { 200: SheetSchema, ...errors(400, 401, 403, 404) },
    },
  }, async (request) => {
    const s = await ctx.school.classwork.enterResults({ classId: request.params.id, examId: request.params.examId, cells: request.body.cells, by: by(request.actor) });
    return { ...s, exam: examOut(s.exam) };
  });

  app.get('/api/classes/:id/exams/:examId/template', {
    config: { action: 'classwork.manage', ...scope('class') },
    schema: { tags, summary: '下载成绩 Excel 模板（已填好本班学生和已录入的成绩）', params: ExamParams, produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'], response: { ...errors(401, 403, 404) } },
  }, async (request, reply) => {
    const f = await ctx.school.classwork.resultsTemplate({ classId: request.params.id, examId: request.params.examId });
    reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    reply.header('content-disposition', `attachment; filename="results.xlsx"; filename*=UTF-8''${encodeURIComponent(f.fileName)}`);
    reply.header('cache-control', 'no-store');
    return reply.send(f.data as never);
  });

  app.post('/api/classes/:id/exams/:examId/import', {
    config: { action: 'classwork.manage', ...scope('class') },
    schema: {
      tags,
      summary: '导入成绩 Excel（有一处错误则全部不导入）',
      params: ExamParams,
      body: Type.Object({ file: Type.String({ minLength: 1, maxLength: MAX_FILE_BASE64, description: '.xlsx 文件内容，Base64' }) }, { additionalProperties: false }),
      response: { 200: Type.Intersect([SheetSchema, Type.Object({ imported: Type.Integer() })]), ...errors(400, 401, 403, 404) },
    },
  }, async (request) => {
    const s = await ctx.school.classwork.importResults({ classId: request.params.id, examId: request.params.examId, file: request.body.file, by: by(request.actor) });
    return { ...s, exam: examOut(s.exam) };
  });

  app.post('/api/classes/:id/exams/:examId/publish', {
    config: { action: 'classwork.manage', ...scope('class') },
    schema: {
      tags,
      summary: '发布成绩：家长只看到自己孩子的成绩（不排名），并通过家校互动通知',
      params: ExamParams,
      response: { 200: Type.Object({ exam: ExamSchema, notified: NotifiedSchema }), ...errors(400, 401, 403, 404) },
    },
  }, async (request) => {
    const r = await ctx.school.classwork.publishExam({ classId: request.params.id, examId: request.params.examId, by: by(request.actor), notify: notesSend() });
    return { exam: examOut(r.exam), notified: notifiedOut(r.notified) };
  });

  // —— The family's view of one child ——
  app.get('/api/students/:id/classwork', {
    config: { action: 'student.read', ...scope('student') },
    schema: {
      tags,
      summary: '孩子的课表、作业和本人成绩（家长端）',
      params: IdParam,
      response: {
        200: Type.Object({
          student: Type.Object({ id: Type.String(), name: Type.String(), classId: Type.String(), className: Type.String() }),
          today: Type.String(),
          timetable: TimetableSchema,
          homework: Type.Array(HomeworkSchema),
          results: Type.Array(Type.Object({ examId: Type.String(), name: Type.String(), day: Type.String(), publishedAt: IsoTime, results: Type.Array(Type.Object({ subject: Type.String(), result: Type.String() })) })),
        }),
        ...errors(401, 403, 404),
      },
    },
  }, async (request) => {
    const c = await ctx.school.classwork.ofStudent(request.params.id);
    return {
      student: c.student,
      today: c.today,
      timetable: { ...timetableOut(c.timetable), teachers: [] },
      homework: c.homework.map(homeworkOut),
      results: c.results.map((r) => ({ ...r, publishedAt: toIso(r.publishedAt) })),
    };
  });

  // —— 办公短信: staff groups (a school admin's) ——
  const StaffSchema = Type.Object({ userId: Type.String(), name: Type.String(), phone: Nullable(Type.String()), roles: Type.Array(Type.String()) });
  const GroupBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 20 }), memberIds: Type.Array(Id, { minItems: 1, maxItems: 500 }) }, { additionalProperties: false });
  const groupOut = (g: { id: string; name: string; members: { userId: string; name: string; phone: string | null }[]; updatedAt: number }) => ({ id: g.id, name: g.name, members: g.members, updatedAt: toIso(g.updatedAt) });

  app.get('/api/schools/:id/staff-groups', {
    config: { action: 'staff.manage', ...scope('school') },
    schema: { tags: staffTags, summary: '教职工分组（及可选的本校教职工）', params: IdParam, response: { 200: Type.Object({ staff: Type.Array(StaffSchema), groups: Type.Array(StaffGroupSchema) }), ...errors(401, 403, 404) } },
  }, async (request) => {
    const [staff, groups] = await Promise.all([ctx.school.classwork.staff(request.params.id), ctx.school.classwork.staffGroups(request.params.id)]);
    return { staff: staff.map((s) => ({ ...s, phone: s.phone ? `${s.phone.slice(0, 3)}****${s.phone.slice(-4)}` : null })), groups: groups.map(groupOut) };
  });

  app.post('/api/schools/:id/staff-groups', {
    config: { action: 'staff.manage', ...scope('school') },
    schema: { tags: staffTags, summary: '新建教职工分组', params: IdParam, body: GroupBody, response: { 200: StaffGroupSchema, ...errors(400, 401, 403, 404, 409) } },
  }, async (request) => groupOut(await ctx.school.classwork.saveStaffGroup({ schoolId: request.params.id, ...request.body, by: by(request.actor) })));

  app.put('/api/schools/:id/staff-groups/:groupId', {
    config: { action: 'staff.manage', ...scope('school') },
    schema: { tags: staffTags, summary: '修改教职工分组（名称、组员）', params: Type.Object({ id: Id, groupId: Id }), body: GroupBody, response: { 200: StaffGroupSchema, ...errors(400, 401, 403, 404, 409) } },
  }, async (request) => groupOut(await ctx.school.classwork.saveStaffGroup({ schoolId: request.params.id, groupId: request.params.groupId, ...request.body, by: by(request.actor) })));

  app.delete('/api/schools/:id/staff-groups/:groupId', {
    config: { action: 'staff.manage', ...scope('school') },
    schema: { tags: staffTags, summary: '删除教职工分组', params: Type.Object({ id: Id, groupId: Id }), response: { 200: Type.Object({ ok: Type.Boolean() }), ...errors(401, 403, 404) } },
  }, async (request) => {
    await ctx.school.classwork.deleteStaffGroup({ schoolId: request.params.id, groupId: request.params.groupId });
    return { ok: true };
  });

  // —— 办公短信: sending (any staff member of the group's school) and history ——
  app.get('/api/staff-sms', {
    config: { action: 'staff.sms' },
    schema: {
      tags: staffTags,
      summary: '我能发办公短信的学校和分组，以及发送记录（含每人送达状态）',
      response: {
        200: Type.Object({
          schools: Type.Array(Type.Object({ schoolId: Type.String(), schoolName: Type.String(), admin: Type.Boolean(), groups: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), members: Type.Integer() })) })),
          messages: Type.Array(StaffMessageSchema),
        }),
        ...errors(401, 403),
      },
    },
  }, async (request) => {
    const user = userOf(request.actor);
    const schools = await ctx.school.classwork.staffSchoolsOf(user.roles);
    const withGroups = await Promise.all(schools.map(async (s) => ({ ...s, groups: (await ctx.school.classwork.staffGroups(s.schoolId)).map((g) => ({ id: g.id, name: g.name, members: g.members.length })) })));
    const messages = await ctx.school.classwork.staffMessages({ viewerId: user.userId, schools });
    return { schools: withGroups, messages: messages.map(staffMessageOut) };
  });

  app.post('/api/staff-sms', {
    config: { action: 'staff.sms' },
    schema: {
      tags: staffTags,
      summary: '给本校一个教职工分组发办公短信（免费）',
      body: Type.Object({ groupId: Id, text: Type.String({ minLength: 1, maxLength: 300 }), key: Key }, { additionalProperties: false }),
      response: { 200: Type.Object({ message: StaffMessageSchema, replay: Type.Boolean() }), ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request) => {
    const user = userOf(request.actor);
    const r = await ctx.school.classwork.sendStaffSms({ ...request.body, senderId: user.userId });
    return { message: staffMessageOut(r.message), replay: r.replay };
  });
}
