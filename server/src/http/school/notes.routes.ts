/**
 * 校讯通 routes: 家校互动：留言、家长回音、班主任信箱. Teachers write notes to their classes (or
 * chosen students), school admins to any class or the whole school; a note's per-family
 * delivery and read state; templates; the teacher's inbox; and the parent portal's notes.
 * Who may write to whom is checked again in the use-case, whatever the route.
 */
import Type from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context';
import type { Actor, Resource } from '../../modules/identity';
import { toIso } from '../../platform/clock';
import { PlatformErrors } from '../../platform/errors';
import { errors, instant, IsoTime, NullableIsoTime } from '../schemas';
import type { Http } from '../types';

const tags = ['家校互动'];
const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });
const IdParam = Type.Object({ id: Id });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const NoteType = Type.Enum(['performance', 'homework', 'conduct', 'result', 'status', 'notice'], {
  description: '课堂表现 performance / 作业 homework / 操行评语 conduct / 考试成绩 result / 近期状况 status / 通知 notice',
});
const Text = Type.String({ minLength: 1, maxLength: 500, description: '可含 {name}（孩子姓名）和 {result}（该生的个人内容，如成绩）' });
const Key = Type.String({ minLength: 1, maxLength: 80, description: '请求编号：重试时用同一编号，不会重复发送' });
const Compose = {
  type: NoteType,
  text: Text,
  perStudent: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 200 }), { description: '每位学生的个人内容（学生 id → 内容），替换 {result}' })),
  urgent: Type.Optional(Type.Boolean({ description: '紧急：夜间也立即发送（仅学校管理员）' })),
  sendAt: Type.Optional(Type.String({ format: 'date-time', description: '定时发送' })),
  key: Type.Optional(Key),
};
const IdList = Type.Array(Id, { maxItems: 2000 });

const NoteSchema = Type.Object(
  {
    id: Type.String(),
    seq: Type.Integer(),
    schoolId: Type.String(),
    type: NoteType,
    typeTitle: Type.String(),
    text: Type.String(),
    urgent: Type.Boolean(),
    target: Type.Enum(['classes', 'students', 'school']),
    classes: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
    authorId: Type.String(),
    authorName: Type.String(),
    recipients: Type.Integer({ description: '家长份数（每位孩子的每位家长一份）' }),
    smsQueued: Type.Integer({ description: '其中发短信的份数（订购了家校互动的家长；通知发给所有家长）' }),
    studentsRead: Type.Integer(),
    students: Type.Integer(),
    createdAt: IsoTime,
    deliverAt: IsoTime,
  },
  { $id: 'SchoolNote', title: 'SchoolNote' },
);
const SmsState = Type.String({ description: "none 未订购（仅在家长网校查看）；其余为短信状态 queued/submitted/accepted/delivered/failed/expired/blocked/unknown" });
const RecipientSchema = Type.Object(
  {
    studentId: Type.String(),
    studentName: Type.String(),
    classId: Type.String(),
    className: Type.String(),
    guardianId: Type.String(),
    guardianName: Type.String(),
    label: Nullable(Type.String()),
    phone: Nullable(Type.String({ description: '已打码' })),
    text: Type.String(),
    sms: SmsState,
    readAt: NullableIsoTime,
  },
  { $id: 'SchoolNoteRecipient', title: 'SchoolNoteRecipient' },
);
const InboxSchema = Type.Object(
  {
    id: Type.String(),
    seq: Type.Integer(),
    kind: Type.Enum(['reply', 'bzr', 'portal'], { description: '回复留言 reply / 班主任信箱 bzr / 家长网校留言 portal' }),
    guardianName: Type.String(),
    label: Nullable(Type.String({ description: '家长称呼：爸爸、妈妈…' })),
    phone: Type.String(),
    studentId: Nullable(Type.String()),
    studentName: Nullable(Type.String()),
    className: Nullable(Type.String()),
    noteId: Nullable(Type.String()),
    noteText: Nullable(Type.String()),
    text: Type.String(),
    receivedAt: IsoTime,
    answeredAt: NullableIsoTime,
    answers: Type.Array(Type.Object({ text: Type.String(), via: Type.Enum(['console', 'sms']), at: IsoTime, status: Nullable(Type.String()) })),
  },
  { $id: 'SchoolInboxItem', title: 'SchoolInboxItem' },
);
const TemplateSchema = Type.Object(
  { id: Type.String(), schoolId: Type.String(), shared: Type.Boolean({ description: '全校模板' }), title: Type.String(), type: NoteType, text: Type.String(), updatedAt: IsoTime },
  { $id: 'SchoolNoteTemplate', title: 'SchoolNoteTemplate' },
);
const PortalNoteSchema = Type.Object(
  { id: Type.String(), type: NoteType, typeTitle: Type.String(), text: Type.String(), authorId: Type.String(), authorName: Type.String(), urgent: Type.Boolean(), deliverAt: IsoTime, read: Type.Boolean() },
  { $id: 'PortalNote', title: 'PortalNote' },
);
const SendResult = Type.Object({ noteId: Type.String(), recipients: Type.Integer(), smsQueued: Type.Integer(), deliverAt: IsoTime, replay: Type.Boolean() });

type Notes = AppContext['school']['notes'];
type NoteView = Awaited<ReturnType<Notes['list']>>['items'][number];
type RecipientView = Awaited<ReturnType<Notes['detail']>>['recipients'][number];
type InboxView = Awaited<ReturnType<Notes['inbox']['list']>>['items'][number];
type TemplateView = Awaited<ReturnType<Notes['templates']['list']>>[number];
type PortalNote = Awaited<ReturnType<Notes['portal']['notes']>>['notes'][number];

const noteOut = (n: NoteView) => ({ ...n, createdAt: toIso(n.createdAt), deliverAt: toIso(n.deliverAt) });
const recipientOut = (r: RecipientView) => ({ ...r, readAt: toIso(r.readAt) });
const inboxOut = (i: InboxView) => {
  const { teacherId: _t, ...rest } = i;
  return { ...rest, receivedAt: toIso(i.receivedAt), answeredAt: toIso(i.answeredAt), answers: i.answers.map((a) => ({ ...a, at: toIso(a.at) })) };
};
const templateOut = (t: TemplateView) => ({ ...t, updatedAt: toIso(t.updatedAt) });
const portalOut = (n: PortalNote) => ({ ...n, deliverAt: toIso(n.deliverAt) });

function param(request: FastifyRequest, name = 'id'): string {
  const v = (request.params as Record<string, unknown>)[name];
  return typeof v === 'string' ? v : '';
}

function userOf(actor: Actor): { userId: string; roles: Extract<Actor, { kind: 'user' }>['roles'] } {
  if (actor.kind !== 'user') {
    throw PlatformErrors.FORBIDDEN();
  }
  return { userId: actor.userId, roles: actor.roles };
}

export function notesRoutes(app: Http, ctx: AppContext): void {
  const notes = ctx.school.notes;
  const scope = (kind: 'school' | 'class' | 'student') => ({ scope: (r: FastifyRequest) => ctx.org.scopeOf(kind, param(r)) });

  /**
   * Where a school-level thing (a note, a template, an inbox item) sits for this caller: its
   * school, and the class among the given ones the caller teaches (so a teacher's grant can
   * reach it); the use-case then checks it is theirs.
   */
  async function within(request: FastifyRequest, schoolId: string, classIds: readonly string[]): Promise<Resource> {
    const s = await ctx.org.scopeOf('school', schoolId);
    const mine = request.actor.kind === 'user' ? request.actor.roles.filter((g) => g.role === 'teacher').map((g) => g.tenantId) : [];
    const classId = classIds.find((c) => mine.includes(c)) ?? classIds[0];
    return classId ? { ...s, classId } : s;
  }

  const send = async (actor: Actor, schoolId: string, body: { type: NoteView['type']; text: string; perStudent?: Record<string, string>; urgent?: boolean; sendAt?: string; key?: string }, target: { classIds?: string[]; studentIds?: string[] }) => {
    const r = await notes.send({
      authorId: userOf(actor).userId,
      schoolId,
      type: body.type,
      target,
      text: body.text,
      perStudent: body.perStudent,
      urgent: body.urgent,
      sendAt: instant(body.sendAt, 'sendAt'),
      key: body.key,
    });
    return { ...r, deliverAt: toIso(r.deliverAt) };
  };

  // —— Writing notes ——
  app.post('/api/classes/:id/notes', {
    config: { action: 'notes.send', ...scope('class') },
    schema: {
      tags,
      summary: '给一个班的家长（或其中选定的学生家长）发留言',
      params: IdParam,
      body: Type.Object({ ...Compose, studentIds: Type.Optional(IdList) }, { additionalProperties: false }),
      response: { 200: SendResult, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request) => {
    const klass = await ctx.org.getClass(request.params.id);
    const { studentIds, ...body } = request.body;
    return send(request.actor, klass.schoolId, body, studentIds?.length ? { studentIds } : { classIds: [klass.id] });
  });

  app.post('/api/schools/:id/notes', {
    config: { action: 'notes.send', ...scope('school') },
    schema: {
      tags,
      summary: '学校发留言：给几个班、选定的学生家长，或全校（不选班级和学生）',
      params: IdParam,
      body: Type.Object({ ...Compose, classIds: Type.Optional(IdList), studentIds: Type.Optional(IdList) }, { additionalProperties: false }),
      response: { 200: SendResult, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request) => {
    const { classIds, studentIds, ...body } = request.body;
    return send(request.actor, request.params.id, body, { classIds, studentIds });
  });

  app.post('/api/notes', {
    config: { action: 'notes.send' },
    schema: {
      tags,
      summary: '老师发留言：给自己任课的一个或几个班，或其中选定的学生家长',
      body: Type.Object({ ...Compose, schoolId: Id, classIds: Type.Optional(IdList), studentIds: Type.Optional(IdList) }, { additionalProperties: false }),
      response: { 200: SendResult, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request) => {
    const { schoolId, classIds, studentIds, ...body } = request.body;
    if (!classIds?.length && !studentIds?.length) {
      throw PlatformErrors.VALIDATION_FAILED({ field: 'classIds' }, '请选择班级或学生（给全校发留言请用学校的留言入口）');
    }
    return send(request.actor, schoolId, body, { classIds, studentIds });
  });

  // —— Sent notes ——
  app.get('/api/notes', {
    config: { action: 'notes.read' },
    schema: {
      tags,
      summary: '已发留言（老师看自己的，学校管理员看本校的）',
      querystring: Type.Object({ schoolId: Type.Optional(Id), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })), offset: Type.Optional(Type.Integer({ minimum: 0 })) }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(NoteSchema), total: Type.Integer() }), ...errors(400, 401, 403) },
    },
  }, async (request) => {
    const r = await notes.list({ viewer: userOf(request.actor), ...request.query });
    return { items: r.items.map(noteOut), total: r.total };
  });

  const noteScope = async (r: FastifyRequest) => {
    const s = await notes.scopeOf(param(r));
    if (!s) {
      throw PlatformErrors.NOT_FOUND({ noteId: param(r) }, '留言不存在');
    }
    return within(r, s.schoolId, s.classId ? [s.classId] : []);
  };

  app.get('/api/notes/:id', {
    config: { action: 'notes.read', scope: noteScope },
    schema: {
      tags,
      summary: '留言详情：每位家长的短信状态和阅读状态',
      params: IdParam,
      response: {
        200: Type.Object({
          note: NoteSchema,
          recipients: Type.Array(RecipientSchema),
          summary: Type.Object({ delivered: Type.Integer(), pending: Type.Integer(), failed: Type.Integer(), blocked: Type.Integer(), portalOnly: Type.Integer(), read: Type.Integer() }),
        }),
        ...errors(401, 403, 404),
      },
    },
  }, async (request) => {
    const d = await notes.detail({ noteId: request.params.id, viewer: userOf(request.actor) });
    return { note: noteOut(d.note), recipients: d.recipients.map(recipientOut), summary: d.summary };
  });

  app.post('/api/notes/:id/resend', {
    config: { action: 'notes.send', scope: noteScope },
    schema: { tags, summary: '给短信发送失败的家长重发', params: IdParam, response: { 200: Type.Object({ resent: Type.Integer() }), ...errors(401, 403, 404) } },
  }, async (request) => notes.resendFailed({ noteId: request.params.id, viewer: userOf(request.actor) }));

  // —— Templates ——
  app.get('/api/note-templates', {
    config: { action: 'notes.send' },
    schema: {
      tags,
      summary: '留言模板（自己的和全校的）',
      querystring: Type.Object({ schoolId: Id }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(TemplateSchema) }), ...errors(400, 401, 403) },
    },
  }, async (request) => ({ items: (await notes.templates.list({ schoolId: request.query.schoolId, userId: userOf(request.actor).userId })).map(templateOut) }));

  app.post('/api/note-templates', {
    config: { action: 'notes.send' },
    schema: {
      tags,
      summary: '新建留言模板（学校管理员可建全校模板）',
      body: Type.Object({ schoolId: Id, title: Type.String({ minLength: 1, maxLength: 20 }), type: NoteType, text: Text, shared: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      response: { 200: TemplateSchema, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request) => templateOut(await notes.templates.create({ ...request.body, userId: userOf(request.actor).userId })));

  const templateScope = async (r: FastifyRequest) => {
    const schoolId = await notes.templates.schoolOf(param(r));
    if (!schoolId) {
      throw PlatformErrors.NOT_FOUND({ templateId: param(r) }, '模板不存在');
    }
    return within(r, schoolId, await ctx.org.classIdsOf(schoolId));
  };

  app.put('/api/note-templates/:id', {
    config: { action: 'notes.send', scope: templateScope },
    schema: {
      tags,
      summary: '修改留言模板',
      params: IdParam,
      body: Type.Object({ title: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })), type: Type.Optional(NoteType), text: Type.Optional(Text) }, { additionalProperties: false, minProperties: 1 }),
      response: { 200: TemplateSchema, ...errors(400, 401, 403, 404) },
    },
  }, async (request) => templateOut(await notes.templates.update({ id: request.params.id, userId: userOf(request.actor).userId, ...request.body })));

  app.delete('/api/note-templates/:id', {
    config: { action: 'notes.send', scope: templateScope },
    schema: { tags, summary: '删除留言模板', params: IdParam, response: { 200: Type.Object({ deleted: Type.Boolean() }), ...errors(401, 403, 404) } },
  }, async (request) => {
    await notes.templates.remove({ id: request.params.id, userId: userOf(request.actor).userId });
    return { deleted: true };
  });

  // —— The teacher's inbox ——
  app.get('/api/inbox', {
    config: { action: 'inbox.use' },
    schema: {
      tags,
      summary: '我的家长回音（reply）和班主任信箱（bzr）',
      querystring: Type.Object({ kind: Type.Optional(Type.Enum(['reply', 'bzr'])), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })), offset: Type.Optional(Type.Integer({ minimum: 0 })) }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(InboxSchema), total: Type.Integer(), unanswered: Type.Integer() }), ...errors(400, 401, 403) },
    },
  }, async (request) => {
    const r = await notes.inbox.list({ teacherId: userOf(request.actor).userId, ...request.query });
    return { items: r.items.map(inboxOut), total: r.total, unanswered: r.unanswered };
  });

  app.post('/api/inbox/:id/answer', {
    config: {
      action: 'inbox.use',
      scope: async (r) => {
        const s = await notes.inbox.scopeOf(param(r));
        if (!s) {
          throw PlatformErrors.NOT_FOUND({ inboxId: param(r) }, '留言不存在');
        }
        if (!s.classId) {
          return {};
        }
        const klass = await ctx.org.getClass(s.classId);
        return within(r, klass.schoolId, [s.classId]);
      },
    },
    schema: {
      tags,
      summary: '答复家长（以短信发到家长手机，家长可直接回复）',
      params: IdParam,
      body: Type.Object({ text: Type.String({ minLength: 1, maxLength: 300 }), key: Type.Optional(Key) }, { additionalProperties: false }),
      response: { 200: Type.Object({ answered: Type.Boolean(), replay: Type.Boolean() }), ...errors(400, 401, 403, 404) },
    },
  }, async (request) => {
    const r = await notes.inbox.answer({ inboxId: request.params.id, byId: userOf(request.actor).userId, text: request.body.text, key: request.body.key });
    return { answered: r.answered, replay: r.replay };
  });

  // —— The parent portal ——
  app.get('/api/students/:id/notes', {
    config: { action: 'student.read', ...scope('student') },
    schema: {
      tags,
      summary: '家长网校：孩子收到的留言（新的在前）和我给老师的留言',
      params: IdParam,
      response: { 200: Type.Object({ notes: Type.Array(PortalNoteSchema), unread: Type.Integer(), messages: Type.Array(InboxSchema) }), ...errors(401, 403, 404) },
    },
  }, async (request) => {
    const r = await notes.portal.notes({ studentId: request.params.id, viewerId: userOf(request.actor).userId });
    return { notes: r.notes.map(portalOut), unread: r.unread, messages: r.messages.map(inboxOut) };
  });

  app.post('/api/students/:id/notes/:noteId/read', {
    config: { action: 'student.read', ...scope('student') },
    schema: {
      tags,
      summary: '家长网校：标记留言已读',
      params: Type.Object({ id: Id, noteId: Id }),
      response: { 200: Type.Object({ read: Type.Boolean() }), ...errors(401, 403, 404) },
    },
  }, async (request) => notes.portal.markRead({ studentId: request.params.id, noteId: request.params.noteId, viewerId: userOf(request.actor).userId }));

  app.post('/api/students/:id/messages', {
    config: { action: 'portal.reply', ...scope('student') },
    schema: {
      tags,
      summary: '家长网校：给老师留言（回复某条留言的老师，或孩子的班主任）',
      params: IdParam,
      body: Type.Object({ text: Type.String({ minLength: 1, maxLength: 300 }), noteId: Type.Optional(Id), key: Type.Optional(Key) }, { additionalProperties: false }),
      response: { 200: Type.Object({ inboxId: Type.String(), teacherName: Type.String(), forwarded: Type.Boolean() }), ...errors(400, 401, 403, 404) },
    },
  }, async (request) => notes.portal.message({ studentId: request.params.id, guardianId: userOf(request.actor).userId, ...request.body }));
}
