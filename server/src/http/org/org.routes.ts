/**
 * The tenant tree over HTTP: agencies (with their pre-deposit), outlets (with theirs), schools,
 * classes, students (with card limits), a school's staff and a child's guardians. Every route
 * on one resource declares `scope`, so a role held in one tenant never reaches another; lists
 * show only what the caller's grants reach.
 */
import Type from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context';
import { addGuardian, addStaff, guardiansOf, removeGuardian, schoolStaff, setStaffRoles } from '../../flows/people.flow';
import { agencyBalance, createOutlet, outletBalance } from '../../flows/outlet.flow';
import { actorRef, can, grantsFor } from '../../modules/identity';
import type { Agency, Outlet, School, SchoolClass, Student } from '../../modules/org';
import { toIso } from '../../platform/clock';
import { errors, IsoTime, NullableIsoTime } from '../schemas';
import type { Http } from '../types';
import { PersonSchema, peopleOut } from './people.schemas';

const tags = ['机构与学校'];
const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });
const IdParam = Type.Object({ id: Id });
const Code = Type.String({ minLength: 2, maxLength: 32, description: '编码：大写字母、数字、下划线或连字符' });
const Name = Type.String({ minLength: 1, maxLength: 40 });
const Status = Type.Enum(['active', 'suspended'], { description: '正常 active / 暂停 suspended' });
const Page = {
  q: Type.Optional(Type.String({ maxLength: 40, description: '按编码或名称查找' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
};
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const AgencySchema = Type.Object(
  { id: Type.String(), code: Type.String(), name: Type.String(), region: Nullable(Type.String()), status: Status, createdAt: IsoTime },
  { $id: 'Agency', title: 'Agency' },
);
const OutletSchema = Type.Object(
  { id: Type.String(), agencyId: Type.String(), agencyName: Type.String(), code: Type.String(), name: Type.String(), address: Nullable(Type.String()), status: Status, createdAt: IsoTime },
  { $id: 'Outlet', title: 'Outlet' },
);
const SchoolSchema = Type.Object(
  {
    id: Type.String(),
    agencyId: Nullable(Type.String()),
    agencyName: Nullable(Type.String()),
    code: Type.String(),
    name: Type.String(),
    district: Nullable(Type.String()),
    status: Status,
    students: Type.Integer(),
    createdAt: IsoTime,
  },
  { $id: 'School', title: 'School' },
);
const ClassSchema = Type.Object(
  { id: Type.String(), schoolId: Type.String(), schoolName: Type.String(), grade: Type.Integer(), name: Type.String(), students: Type.Integer(), createdAt: IsoTime },
  { $id: 'SchoolClass', title: 'SchoolClass' },
);
const StudentSchema = Type.Object(
  {
    id: Type.String(),
    schoolId: Type.String(),
    schoolName: Type.String(),
    classId: Type.String(),
    className: Type.String(),
    studentNo: Type.String(),
    name: Type.String(),
    status: Type.Enum(['active', 'left']),
    limits: Type.Object({ daily: Nullable(Type.Integer()), single: Nullable(Type.Integer()), updatedAt: NullableIsoTime }, { description: '校园卡限额（分），null 表示不限' }),
    createdAt: IsoTime,
  },
  { $id: 'Student', title: 'Student' },
);
const Balance = Type.Object({
  accountId: Type.Union([Type.String(), Type.Null()], { description: '预存款账户；null 表示尚未开户（余额为 0）' }),
  name: Type.String(),
  available: Type.Integer({ description: '可用余额（分）' }),
  posted: Type.Integer({ description: '入账余额（分）' }),
  pending: Type.Integer({ description: '冻结中（分）' }),
});

const agencyOut = (a: Agency) => ({ ...a, createdAt: toIso(a.createdAt) });
const outletOut = (o: Outlet) => ({ ...o, createdAt: toIso(o.createdAt) });
const schoolOut = (s: School) => ({ ...s, createdAt: toIso(s.createdAt) });
const classOut = (c: SchoolClass) => ({ ...c, createdAt: toIso(c.createdAt) });
const studentOut = (s: Student) => ({
  ...s,
  limits: { daily: s.limits.daily, single: s.limits.single, updatedAt: s.limits.updatedAt === null ? null : toIso(s.limits.updatedAt) },
  createdAt: toIso(s.createdAt),
});

/** Scopes run before validation: a param or body field is untrusted until then. */
function idOf(request: FastifyRequest): string {
  const id = (request.params as { id?: unknown }).id;
  return typeof id === 'string' ? id : '';
}

function bodyField(request: FastifyRequest, field: string): string | undefined {
  const v = (request.body as Record<string, unknown> | null | undefined)?.[field];
  return typeof v === 'string' ? v : undefined;
}


const listOf = <T extends Parameters<typeof Type.Array>[0]>(item: T) => Type.Object({ items: Type.Array(item), total: Type.Integer() });

export function orgRoutes(app: Http, ctx: AppContext): void {
  const scope = (kind: 'agency' | 'outlet' | 'school' | 'class' | 'student') => ({ scope: (r: FastifyRequest) => ctx.org.scopeOf(kind, idOf(r)) });

  // —— Agencies ——
  app.get('/api/agencies', {
    config: { action: 'agency.read' },
    schema: { tags, summary: '代理商列表（只列出自己可见的）', querystring: Type.Object(Page, { additionalProperties: false }), response: { 200: listOf(AgencySchema), ...errors(400, 401, 403) } },
  }, async (request) => {
    const r = await ctx.org.listAgencies({ grants: grantsFor(request.actor, 'agency.read'), ...request.query });
    return { items: r.items.map(agencyOut), total: r.total };
  });

  app.post('/api/agencies', {
    config: { action: 'agency.manage' },
    schema: {
      tags,
      summary: '新建代理商',
      body: Type.Object({ code: Code, name: Name, region: Type.Optional(Type.String({ maxLength: 80 })) }, { additionalProperties: false }),
      response: { 200: AgencySchema, ...errors(400, 401, 403, 409) },
    },
  }, async (request) => agencyOut(await ctx.org.createAgency(request.body)));

  app.get('/api/agencies/:id', {
    config: { action: 'agency.read', ...scope('agency') },
    schema: { tags, summary: '一个代理商', params: IdParam, response: { 200: AgencySchema, ...errors(401, 403, 404) } },
  }, async (request) => agencyOut(await ctx.org.getAgency(request.params.id)));

  app.get('/api/agencies/:id/balance', {
    config: { action: 'agency.read', ...scope('agency') },
    schema: { tags, summary: '代理商预存款余额', params: IdParam, response: { 200: Balance, ...errors(401, 403, 404) } },
  }, async (request) => agencyBalance(ctx, request.params.id));

  // —— Outlets ——
  app.get('/api/outlets', {
    config: { action: 'outlet.read' },
    schema: {
      tags,
      summary: '营业网点列表（只列出自己可见的）',
      querystring: Type.Object({ ...Page, agencyId: Type.Optional(Id) }, { additionalProperties: false }),
      response: { 200: listOf(OutletSchema), ...errors(400, 401, 403) },
    },
  }, async (request) => {
    const r = await ctx.org.listOutlets({ grants: grantsFor(request.actor, 'outlet.read'), ...request.query });
    return { items: r.items.map(outletOut), total: r.total };
  });

  app.post('/api/outlets', {
    // No (valid) agency: only the platform's operators get as far as validation ('' matches no agency grant).
    config: { action: 'outlet.manage', scope: async (r) => {
      const agencyId = bodyField(r, 'agencyId');
      return agencyId === undefined ? { agencyId: '' } : ctx.org.scopeOf('agency', agencyId);
    } },
    schema: {
      tags,
      summary: '新建营业网点（同时开立预存款账户）',
      body: Type.Object({ agencyId: Id, code: Code, name: Name, address: Type.Optional(Type.String({ maxLength: 120 })) }, { additionalProperties: false }),
      response: { 200: OutletSchema, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request) => outletOut(await createOutlet(ctx, request.body)));

  app.get('/api/outlets/:id', {
    config: { action: 'outlet.read', ...scope('outlet') },
    schema: { tags, summary: '一个营业网点', params: IdParam, response: { 200: OutletSchema, ...errors(401, 403, 404) } },
  }, async (request) => outletOut(await ctx.org.getOutlet(request.params.id)));

  app.get('/api/outlets/:id/balance', {
    config: { action: 'outlet.read', ...scope('outlet') },
    schema: { tags, summary: '营业网点预存款余额', params: IdParam, response: { 200: Balance, ...errors(401, 403, 404) } },
  }, async (request) => outletBalance(ctx, request.params.id));

  // —— Schools ——
  app.get('/api/schools', {
    config: { action: 'school.read' },
    schema: {
      tags,
      summary: '学校列表（只列出自己可见的）',
      querystring: Type.Object({ ...Page, agencyId: Type.Optional(Id) }, { additionalProperties: false }),
      response: { 200: listOf(SchoolSchema), ...errors(400, 401, 403) },
    },
  }, async (request) => {
    const r = await ctx.org.listSchools({ grants: grantsFor(request.actor, 'school.read'), ...request.query });
    return { items: r.items.map(schoolOut), total: r.total };
  });

  app.post('/api/schools', {
    // No agency: only the platform's operators may create it ('' matches no agency grant).
    config: { action: 'school.manage', scope: async (r) => {
      const agencyId = bodyField(r, 'agencyId');
      return agencyId === undefined ? { agencyId: '' } : ctx.org.scopeOf('agency', agencyId);
    } },
    schema: {
      tags,
      summary: '新建学校',
      body: Type.Object({ agencyId: Type.Optional(Id), code: Code, name: Name, district: Type.Optional(Type.String({ maxLength: 80 })) }, { additionalProperties: false }),
      response: { 200: SchoolSchema, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request) => schoolOut(await ctx.org.createSchool(request.body)));

  app.get('/api/schools/:id', {
    config: { action: 'school.read', ...scope('school') },
    schema: { tags, summary: '一所学校', params: IdParam, response: { 200: SchoolSchema, ...errors(401, 403, 404) } },
  }, async (request) => schoolOut(await ctx.org.getSchool(request.params.id)));

  app.patch('/api/schools/:id', {
    config: { action: 'school.manage', ...scope('school') },
    schema: {
      tags,
      summary: '修改学校（名称、区县、状态）',
      params: IdParam,
      body: Type.Object({ name: Type.Optional(Name), district: Type.Optional(Nullable(Type.String({ maxLength: 80 }))), status: Type.Optional(Status) }, { additionalProperties: false, minProperties: 1 }),
      response: { 200: SchoolSchema, ...errors(400, 401, 403, 404) },
    },
  }, async (request) => schoolOut(await ctx.org.updateSchool(request.params.id, request.body)));

  // —— Staff of a school ——
  const StaffRoles = {
    admin: Type.Boolean({ description: '是否学校管理员' }),
    classIds: Type.Array(Id, { maxItems: 50, description: '担任班主任的班级' }),
  };

  app.get('/api/schools/:id/staff', {
    config: { action: 'staff.manage', ...scope('school') },
    schema: { tags, summary: '本校教职工及其班级', params: IdParam, response: { 200: Type.Object({ items: Type.Array(PersonSchema) }), ...errors(401, 403, 404) } },
  }, async (request) => ({ items: await peopleOut(ctx, await schoolStaff(ctx, request.params.id), true) }));

  app.post('/api/schools/:id/staff', {
    config: { action: 'staff.manage', ...scope('school') },
    schema: {
      tags,
      summary: '添加教职工（按手机号找到已有的人，或新建；用短信验证码登录）',
      params: IdParam,
      body: Type.Object({ name: Name, phone: Type.String({ minLength: 11, maxLength: 20 }), ...StaffRoles }, { additionalProperties: false }),
      response: { 200: Type.Object({ person: PersonSchema, created: Type.Boolean() }), ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request) => {
    const r = await addStaff(ctx, request.params.id, request.body);
    return { person: (await peopleOut(ctx, [r.person], true))[0]!, created: r.created };
  });

  app.put('/api/schools/:id/staff/:userId', {
    config: { action: 'staff.manage', ...scope('school') },
    schema: {
      tags,
      summary: '设置一位教职工在本校的角色和班级（其他学校的角色不变）',
      params: Type.Object({ id: Id, userId: Id }),
      body: Type.Object(StaffRoles, { additionalProperties: false }),
      response: { 200: PersonSchema, ...errors(400, 401, 403, 404) },
    },
  }, async (request) => (await peopleOut(ctx, [await setStaffRoles(ctx, request.params.id, request.params.userId, request.body)], true))[0]!);

  // —— Classes ——
  app.get('/api/classes', {
    config: { action: 'class.read' },
    schema: {
      tags,
      summary: '班级列表（班主任只看到自己的班）',
      querystring: Type.Object({ ...Page, schoolId: Type.Optional(Id) }, { additionalProperties: false }),
      response: { 200: listOf(ClassSchema), ...errors(400, 401, 403) },
    },
  }, async (request) => {
    const r = await ctx.org.listClasses({ grants: grantsFor(request.actor, 'class.read'), ...request.query });
    return { items: r.items.map(classOut), total: r.total };
  });

  app.post('/api/schools/:id/classes', {
    config: { action: 'class.manage', ...scope('school') },
    schema: {
      tags,
      summary: '新建班级',
      params: IdParam,
      body: Type.Object({ grade: Type.Integer({ minimum: 1, maximum: 12 }), name: Type.String({ minLength: 1, maxLength: 20 }) }, { additionalProperties: false }),
      response: { 200: ClassSchema, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request) => classOut(await ctx.org.createClass({ schoolId: request.params.id, ...request.body })));

  app.get('/api/classes/:id', {
    config: { action: 'class.read', ...scope('class') },
    schema: { tags, summary: '一个班级及其学生', params: IdParam, response: { 200: Type.Object({ class: ClassSchema, students: Type.Array(StudentSchema) }), ...errors(401, 403, 404) } },
  }, async (request) => {
    const c = await ctx.org.getClass(request.params.id);
    const students = await ctx.org.listStudents({ grants: grantsFor(request.actor, 'class.read'), classId: c.id, limit: 200 });
    return { class: classOut(c), students: students.items.map(studentOut) };
  });

  // —— Students ——
  app.get('/api/students', {
    config: { action: 'student.read' },
    schema: {
      tags,
      summary: '学生列表（家长只看到自己的孩子）',
      querystring: Type.Object({ ...Page, classId: Type.Optional(Id) }, { additionalProperties: false }),
      response: { 200: listOf(StudentSchema), ...errors(400, 401, 403) },
    },
  }, async (request) => {
    const r = await ctx.org.listStudents({ grants: grantsFor(request.actor, 'student.read'), ...request.query });
    return { items: r.items.map(studentOut), total: r.total };
  });

  app.post('/api/classes/:id/students', {
    config: { action: 'student.manage', ...scope('class') },
    schema: {
      tags,
      summary: '在班级中新建学生',
      params: IdParam,
      body: Type.Object({ studentNo: Type.String({ minLength: 4, maxLength: 32, description: '学籍号' }), name: Type.String({ minLength: 1, maxLength: 20 }) }, { additionalProperties: false }),
      response: { 200: StudentSchema, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request) => studentOut(await ctx.org.createStudent({ classId: request.params.id, ...request.body })));

  app.get('/api/students/:id', {
    config: { action: 'student.read', ...scope('student') },
    schema: { tags, summary: '一个学生及其家长', params: IdParam, response: { 200: Type.Object({ student: StudentSchema, guardians: Type.Array(PersonSchema) }), ...errors(401, 403, 404) } },
  }, async (request) => {
    const [student, guardians] = await Promise.all([ctx.org.getStudent(request.params.id), guardiansOf(ctx, request.params.id)]);
    // The school and operators see guardians' numbers (to reach them); teachers and families see them masked.
    const reveal = can(request.actor, 'student.manage', request.scope ?? { studentId: student.id });
    return { student: studentOut(student), guardians: await peopleOut(ctx, guardians, reveal) };
  });

  app.put('/api/students/:id/limits', {
    config: { action: 'student.limits', ...scope('student') },
    schema: {
      tags,
      summary: '设置校园卡限额（家长或学校；学生本人不能改）',
      params: IdParam,
      body: Type.Object(
        { daily: Nullable(Type.Integer({ minimum: 0, maximum: 1_000_000, description: '每日限额（分），null 不限' })), single: Nullable(Type.Integer({ minimum: 0, maximum: 1_000_000, description: '单笔限额（分），null 不限' })) },
        { additionalProperties: false },
      ),
      response: { 200: StudentSchema, ...errors(400, 401, 403, 404) },
    },
  }, async (request) => studentOut(await ctx.org.setStudentLimits(request.params.id, { ...request.body, by: actorRef(request.actor) ?? request.actor.kind })));

  app.post('/api/students/:id/guardians', {
    config: { action: 'student.manage', ...scope('student') },
    schema: {
      tags,
      summary: '为学生添加家长（按手机号找到已有的人，或新建；家长用短信验证码登录）',
      params: IdParam,
      body: Type.Object({ name: Name, phone: Type.String({ minLength: 11, maxLength: 20 }) }, { additionalProperties: false }),
      response: { 200: PersonSchema, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request) => (await peopleOut(ctx, [await addGuardian(ctx, request.params.id, request.body)], false))[0]!);

  app.delete('/api/students/:id/guardians/:userId', {
    config: { action: 'student.manage', ...scope('student') },
    schema: { tags, summary: '解除家长与学生的关联', params: Type.Object({ id: Id, userId: Id }), response: { 200: PersonSchema, ...errors(401, 403, 404) } },
  }, async (request) => (await peopleOut(ctx, [await removeGuardian(ctx, request.params.id, request.params.userId)], false))[0]!);
}

