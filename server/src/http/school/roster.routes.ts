/**
 * 校讯通 routes: 名册导入 (template, upload → preview, rows, apply with progress, history) and
 * 学校设置与校历 (gate times, cut-offs, quiet hours, family minutes, school days; holidays and
 * make-up days). Everything sits under /api/schools/:id/…, scoped to that school.
 */
import Type from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context';
import { applyRosterImport } from '../../flows/roster-import.flow';
import { actorRef, type Actor } from '../../modules/identity';
import { RosterErrors, type RosterImport, type SchoolSettings } from '../../modules/school';
import { toIso } from '../../platform/clock';
import { errors, IsoTime, NullableIsoTime } from '../schemas';
import type { Http } from '../types';

const tags = ['校讯通'];
const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });
const IdParam = Type.Object({ id: Id });
const ImportParams = Type.Object({ id: Id, importId: Id });
/** 5,000 rows of CSV are about 0.5 MB; xlsx less. */
const MAX_FILE_BYTES = 6 * 1024 * 1024;
const Counts = Type.Object({ new: Type.Integer(), changed: Type.Integer(), unchanged: Type.Integer(), error: Type.Integer() });
const Status = Type.Enum(['new', 'changed', 'unchanged', 'error'], { description: '新增 new / 变更 changed / 未变 unchanged / 错误 error' });

const ImportSchema = Type.Object(
  {
    id: Type.String(),
    schoolId: Type.String(),
    fileName: Type.String(),
    sha256: Type.String(),
    status: Type.Enum(['previewed', 'applying', 'applied', 'expired'], { description: '待确认 previewed / 应用中 applying / 已应用 applied / 已过期 expired' }),
    summary: Type.Object({ students: Counts, teachers: Counts, newClasses: Type.Array(Type.String(), { description: '应用时新建的班级' }), newPeople: Type.Integer({ description: '新建的家长和教师账号' }) }),
    result: Type.Union([
      Type.Object({
        classesCreated: Type.Integer(),
        studentsCreated: Type.Integer(),
        studentsUpdated: Type.Integer(),
        guardianGrants: Type.Integer(),
        teacherGrants: Type.Integer(),
        headTeachers: Type.Integer(),
        peopleCreated: Type.Integer(),
        unchanged: Type.Integer(),
        skippedErrors: Type.Integer(),
      }),
      Type.Null(),
    ]),
    error: Type.Union([Type.String(), Type.Null()], { description: '上次应用失败的原因（可再次应用）' }),
    progress: Type.Object({ done: Type.Integer(), total: Type.Integer() }),
    createdBy: Type.String(),
    createdAt: IsoTime,
    appliedBy: Type.Union([Type.String(), Type.Null()]),
    appliedAt: NullableIsoTime,
  },
  { $id: 'RosterImport', title: 'RosterImport' },
);
const LineSchema = Type.Object(
  {
    kind: Type.Enum(['student', 'teacher']),
    rowNo: Type.Integer({ description: '文件中的行号（与 Excel 显示的一致）' }),
    status: Status,
    values: Type.Record(Type.String(), Type.String()),
    notes: Type.Array(Type.String(), { description: '错误原因，或将要做的变更' }),
  },
  { $id: 'RosterImportLine', title: 'RosterImportLine' },
);
const Hhmm = Type.String({ pattern: '^\\d{2}:\\d{2}$', description: '时:分，如 08:30' });
const SettingsSchema = Type.Object(
  {
    schoolId: Type.String(),
    gateOpen: Hhmm,
    arriveCutoff: Hhmm,
    leaveFrom: Hhmm,
    quietFrom: Hhmm,
    quietUntil: Hhmm,
    dedupeMinutes: Type.Integer(),
    lateUploadMinutes: Type.Integer(),
    familyMinutes: Type.Integer(),
    familyOtherCarriers: Type.Boolean(),
    schoolDays: Type.String({ description: '上课的星期：1（周一）到 7（周日），如 12345' }),
    updatedAt: NullableIsoTime,
  },
  { $id: 'SchoolSettings', title: 'SchoolSettings' },
);
const SettingsPatch = Type.Object(
  {
    gateOpen: Type.Optional(Hhmm),
    arriveCutoff: Type.Optional(Hhmm),
    leaveFrom: Type.Optional(Hhmm),
    quietFrom: Type.Optional(Hhmm),
    quietUntil: Type.Optional(Hhmm),
    dedupeMinutes: Type.Optional(Type.Integer()),
    lateUploadMinutes: Type.Optional(Type.Integer()),
    familyMinutes: Type.Optional(Type.Integer()),
    familyOtherCarriers: Type.Optional(Type.Boolean()),
    schoolDays: Type.Optional(Type.String({ maxLength: 7 })),
  },
  { additionalProperties: false },
);
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const CalendarDaySchema = Type.Object({ day: Type.String(), kind: Type.Enum(['school_day', 'holiday']), note: Type.Union([Type.String(), Type.Null()]) }, { $id: 'CalendarDay', title: 'CalendarDay' });

const importOut = (r: RosterImport) => ({ ...r, createdAt: toIso(r.createdAt), appliedAt: r.appliedAt === null ? null : toIso(r.appliedAt) });
const settingsOut = (s: SchoolSettings) => ({ ...s, updatedAt: s.updatedAt === null ? null : toIso(s.updatedAt) });

function by(actor: Actor): string {
  return actorRef(actor) ?? actor.kind;
}

function idOf(request: FastifyRequest): string {
  const id = (request.params as { id?: unknown }).id;
  return typeof id === 'string' ? id : '';
}

/** The uploaded file from base64 (a data: URL prefix is allowed); a clear 400 when it is not base64. */
function fileBytes(b64: string): Buffer {
  const clean = b64.replace(/^data:[^,]*,/, '').replace(/\s/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) {
    throw RosterErrors.ROSTER_FILE_INVALID({ field: 'file' }, '文件内容应为 Base64 编码');
  }
  const bytes = Buffer.from(clean, 'base64');
  if (bytes.length > MAX_FILE_BYTES) {
    throw RosterErrors.ROSTER_TOO_LARGE({ bytes: bytes.length }, '文件太大：名册文件不超过 6 MB');
  }
  return bytes;
}

export function rosterRoutes(app: Http, ctx: AppContext): void {
  const school = { scope: (r: FastifyRequest) => ctx.org.scopeOf('school', idOf(r)) };

  // —— 名册导入 ——
  app.get('/api/schools/:id/roster/template', {
    config: { action: 'roster.import', ...school },
    schema: { tags, summary: '下载名册导入模板（.xlsx：学生、教师、说明三个工作表）', params: IdParam, produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'], response: { ...errors(401, 403, 404) } },
  }, async (_request, reply) => {
    const data = await ctx.school.roster.template();
    reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    reply.header('content-disposition', `attachment; filename="roster-template.xlsx"; filename*=UTF-8''${encodeURIComponent('名册导入模板.xlsx')}`);
    reply.header('cache-control', 'no-store');
    return reply.send(data as never);
  });

  app.post('/api/schools/:id/roster/imports', {
    config: { action: 'roster.import', ...school },
    bodyLimit: Math.ceil((MAX_FILE_BYTES * 4) / 3) + 64 * 1024,
    schema: {
      tags,
      summary: '上传名册并预览（新增 / 变更 / 未变 / 错误）；确认后再应用',
      params: IdParam,
      body: Type.Object(
        {
          fileName: Type.String({ minLength: 1, maxLength: 200, description: '文件名，如 名册.xlsx 或 名册.csv' }),
          file: Type.String({ minLength: 1, maxLength: Math.ceil((MAX_FILE_BYTES * 4) / 3) + 32, description: '文件内容，Base64（.xlsx，或 UTF-8 / GBK 编码的 CSV）' }),
        },
        { additionalProperties: false },
      ),
      response: { 200: ImportSchema, ...errors(400, 401, 403, 404) },
    },
  }, async (request) => importOut(await ctx.school.roster.preview({ schoolId: request.params.id, fileName: request.body.fileName, bytes: fileBytes(request.body.file), by: by(request.actor) })));

  app.get('/api/schools/:id/roster/imports', {
    config: { action: 'roster.import', ...school },
    schema: { tags, summary: '本校的名册导入记录（最新在前）', params: IdParam, response: { 200: Type.Object({ items: Type.Array(ImportSchema) }), ...errors(401, 403, 404) } },
  }, async (request) => ({ items: (await ctx.school.roster.list(request.params.id)).map(importOut) }));

  app.get('/api/schools/:id/roster/imports/:importId', {
    config: { action: 'roster.import', ...school },
    schema: { tags, summary: '一次名册导入：汇总、状态和应用进度', params: ImportParams, response: { 200: ImportSchema, ...errors(401, 403, 404) } },
  }, async (request) => importOut(await ctx.school.roster.get(request.params.id, request.params.importId)));

  app.get('/api/schools/:id/roster/imports/:importId/rows', {
    config: { action: 'roster.import', ...school },
    schema: {
      tags,
      summary: '预览的各行（按文件顺序，可按状态筛选）',
      params: ImportParams,
      querystring: Type.Object(
        {
          kind: Type.Optional(Type.Enum(['student', 'teacher'])),
          status: Type.Optional(Status),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          offset: Type.Optional(Type.Integer({ minimum: 0 })),
        },
        { additionalProperties: false },
      ),
      response: { 200: Type.Object({ items: Type.Array(LineSchema), total: Type.Integer() }), ...errors(400, 401, 403, 404) },
    },
  }, async (request) => ctx.school.roster.lines({ schoolId: request.params.id, importId: request.params.importId, ...request.query }));

  app.post('/api/schools/:id/roster/imports/:importId/apply', {
    config: { action: 'roster.import', ...school },
    schema: {
      tags,
      summary: '确认并应用名册导入（只应用无错误的行；进度见导入详情）',
      params: ImportParams,
      response: { 200: ImportSchema, ...errors(401, 403, 404, 409) },
    },
  }, async (request) => importOut(await applyRosterImport(ctx, { schoolId: request.params.id, importId: request.params.importId, by: by(request.actor) })));

  // —— 学校设置与校历 ——
  app.get('/api/schools/:id/settings', {
    config: { action: 'school.read', ...school },
    schema: { tags, summary: '学校设置：开门、到校截止、放学时间，免打扰时段，亲情电话分钟数，上课日', params: IdParam, response: { 200: SettingsSchema, ...errors(401, 403, 404) } },
  }, async (request) => {
    await ctx.org.getSchool(request.params.id);
    return settingsOut(await ctx.school.settings.get(request.params.id));
  });

  app.put('/api/schools/:id/settings', {
    config: { action: 'school.settings', ...school },
    schema: { tags, summary: '修改学校设置（只改提交的项）', params: IdParam, body: SettingsPatch, response: { 200: SettingsSchema, ...errors(400, 401, 403, 404) } },
  }, async (request) => settingsOut(await ctx.school.settings.update(request.params.id, request.body, by(request.actor))));

  app.get('/api/schools/:id/calendar', {
    config: { action: 'school.read', ...school },
    schema: {
      tags,
      summary: '校历：某段日期内的假日和调休上课日（其余按上课日规则）',
      params: IdParam,
      querystring: Type.Object({ from: Day, to: Day }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(CalendarDaySchema), schoolDays: Type.String() }), ...errors(400, 401, 403, 404) },
    },
  }, async (request) => {
    await ctx.org.getSchool(request.params.id);
    const { from, to } = request.query;
    const items = await ctx.school.calendar.list(request.params.id, from, to);
    return { items, schoolDays: (await ctx.school.settings.get(request.params.id)).schoolDays };
  });

  app.put('/api/schools/:id/calendar/:day', {
    config: { action: 'school.settings', ...school },
    schema: {
      tags,
      summary: '标记一天：假日 holiday、调休上课 school_day，或清除标记（null）',
      params: Type.Object({ id: Id, day: Day }),
      body: Type.Object({ kind: Type.Union([Type.Enum(['school_day', 'holiday']), Type.Null()]), note: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])) }, { additionalProperties: false }),
      response: { 200: Type.Object({ day: Type.String(), kind: Type.Union([Type.Enum(['school_day', 'holiday']), Type.Null()]), note: Type.Union([Type.String(), Type.Null()]), isSchoolDay: Type.Boolean() }), ...errors(400, 401, 403, 404) },
    },
  }, async (request) => {
    const { id, day } = request.params;
    await ctx.school.calendar.set(id, { day, kind: request.body.kind, note: request.body.note ?? null });
    const mark = (await ctx.school.calendar.list(id, day, day))[0];
    return { day, kind: mark?.kind ?? null, note: mark?.note ?? null, isSchoolDay: await ctx.school.calendar.isSchoolDay(id, day) };
  });
}
