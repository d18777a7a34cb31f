/**
 * 人员与角色 for operators (10086 support may look): find people, add one, replace their
 * roles, disable or enable them. Every role names a tenant that exists (flows/people.flow.ts).
 */
import Type from 'typebox';
import type { AppContext } from '../../context';
import { addPerson, setRoles } from '../../flows/people.flow';
import { ROLES, TENANT_TYPES } from '../../modules/identity';
import { errors } from '../schemas';
import type { Http } from '../types';
import { PersonSchema, peopleOut } from './people.schemas';

const tags = ['人员与角色'];
const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });
const Grant = Type.Object(
  { role: Type.Enum([...ROLES]), tenantType: Type.Enum([...TENANT_TYPES]), tenantId: Id },
  { additionalProperties: false, description: '一个角色及其所属机构：运营商管理员/客服属于平台（tenantId 为 platform），代理商属于代理商，营业员属于网点，学校管理员属于学校，教师属于班级，家长和学生属于学生' },
);

export function peopleRoutes(app: Http, ctx: AppContext): void {
  app.get('/api/users', {
    config: { action: 'users.read' },
    schema: {
      tags,
      summary: '人员查询（姓名、账号、手机号、角色）',
      querystring: Type.Object(
        {
          q: Type.Optional(Type.String({ maxLength: 40 })),
          role: Type.Optional(Type.Enum([...ROLES])),
          status: Type.Optional(Type.Enum(['active', 'disabled'])),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
          offset: Type.Optional(Type.Integer({ minimum: 0 })),
        },
        { additionalProperties: false },
      ),
      response: { 200: Type.Object({ items: Type.Array(PersonSchema), total: Type.Integer() }), ...errors(400, 401, 403) },
    },
  }, async (request) => {
    const q = request.query;
    const r = await ctx.identity.listPeople({ q: q.q?.trim() || undefined, role: q.role, status: q.status, limit: q.limit ?? 50, offset: q.offset ?? 0 });
    return { items: await peopleOut(ctx, r.items, true), total: r.total };
  });

  app.get('/api/users/:id', {
    config: { action: 'users.read' },
    schema: { tags, summary: '一个人及其角色', params: Type.Object({ id: Id }), response: { 200: PersonSchema, ...errors(401, 403, 404) } },
  }, async (request) => (await peopleOut(ctx, [await ctx.identity.getPerson(request.params.id)], true))[0]!);

  app.post('/api/users', {
    config: { action: 'users.manage' },
    schema: {
      tags,
      summary: '添加人员（手机号已存在时，为此人增加角色）',
      body: Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 40 }),
          phone: Type.String({ minLength: 11, maxLength: 20 }),
          login: Type.Optional(Type.String({ minLength: 3, maxLength: 32, description: '账号名；不填则用手机号' })),
          roles: Type.Array(Grant, { minItems: 1, maxItems: 50 }),
        },
        { additionalProperties: false },
      ),
      response: {
        200: Type.Object({ person: PersonSchema, created: Type.Boolean(), password: Type.Union([Type.String(), Type.Null()], { description: '新账号的初始密码，只显示这一次' }) }),
        ...errors(400, 401, 403, 404, 409),
      },
    },
  }, async (request) => {
    const r = await addPerson(ctx, request.body);
    return { person: (await peopleOut(ctx, [r.person], true))[0]!, created: r.created, password: r.password };
  });

  app.put('/api/users/:id/roles', {
    config: { action: 'users.manage' },
    schema: {
      tags,
      summary: '设置一个人的全部角色',
      params: Type.Object({ id: Id }),
      body: Type.Object({ roles: Type.Array(Grant, { minItems: 1, maxItems: 50 }) }, { additionalProperties: false }),
      response: { 200: PersonSchema, ...errors(400, 401, 403, 404) },
    },
  }, async (request) => (await peopleOut(ctx, [await setRoles(ctx, request.params.id, request.body.roles)], true))[0]!);

  for (const [verb, status, summary] of [['disable', 'disabled', '停用账号（立即下线）'], ['enable', 'active', '启用账号']] as const) {
    app.post(`/api/users/:id/${verb}`, {
      config: { action: 'users.manage' },
      schema: { tags, summary, params: Type.Object({ id: Id }), response: { 200: PersonSchema, ...errors(400, 401, 403, 404) } },
    }, async (request) => (await peopleOut(ctx, [await ctx.identity.setStatus(request.params.id, status)], true))[0]!);
  }
}
