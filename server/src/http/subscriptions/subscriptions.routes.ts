/**
 * 订购查询 and the agents' back office over HTTP:
 * - operators, 10086 support and agents look a number up (its guardian and children, subscriptions,
 *   every change with channel and who, the consents, charges and each month's fee), have one
 *   month's charge explained, and unsubscribe a family on its request;
 * - agents see their schools' subscriptions and subscriber counts, subscribe a family on its behalf
 *   (pending until the guardian replies Y within 24 hours) and withdraw a pending request.
 * An agent reaches a number only when it sits in one of their agencies' schools.
 */
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { AppContext } from '../../context';
import { grantsFor, type Action, type Resource } from '../../modules/identity';
import { smsText } from '../../modules/messaging';
import { SubscriptionErrors } from '../../modules/subscriptions';
import { toIso } from '../../platform/clock';
import { errors } from '../schemas';
import type { Http } from '../types';
import {
  ExplainSchema,
  HistorySchema,
  Id,
  Month,
  Msisdn,
  Page,
  RequestSchema,
  ServiceCode,
  SubscriptionSchema,
  agencyIdsFor,
  eventOut,
  historyOut,
  listOf,
  requestOut,
  staffChannel,
  subscriptionOut,
  chargeOut,
  userIdOf,
} from './subscriptions.schemas';

const tags = ['订购与计费'];
const NumberParam = Type.Object({ msisdn: Msisdn });
const IdParam = Type.Object({ id: Id });

function param(request: FastifyRequest, name: string): string {
  const v = (request.params as Record<string, unknown>)[name];
  return typeof v === 'string' ? v : '';
}

function bodyField(request: FastifyRequest, field: string): string | undefined {
  const v = (request.body as Record<string, unknown> | null | undefined)?.[field];
  return typeof v === 'string' ? v : undefined;
}

export function subscriptionRoutes(app: Http, ctx: AppContext): void {
  const subs = ctx.subscriptions;

  /**
   * Where a number sits: the agencies of its children's schools and of the schools its
   * subscriptions were sold under. One the caller's agent grants name if any (so an agent of either
   * reaches it); a number in no agency's school reaches no agent (platform roles reach everything).
   * A number that is not one (bad input) is left to validation's 400.
   */
  const numberScope = (action: Action) => ({
    scope: async (request: FastifyRequest): Promise<Resource> => {
      const msisdn = smsText.normalizeMsisdn(param(request, 'msisdn'));
      if (msisdn === null || grantsFor(request.actor, action).some((g) => g.tenantType === 'platform')) {
        return {};
      }
      const guardian = await subs.guardianOf(msisdn);
      const sold = await subs.list({ msisdn, limit: 200 });
      const agencies = new Set([
        ...(guardian?.children ?? []).flatMap((c) => (c.agencyId ? [c.agencyId] : [])),
        ...sold.items.filter((s) => s.msisdn === msisdn).flatMap((s) => (s.agencyId ? [s.agencyId] : [])),
      ]);
      const mine = agencyIdsFor(request.actor, action) ?? [];
      return { agencyId: [...agencies].find((a) => mine.includes(a)) ?? [...agencies][0] ?? '' };
    },
  });

  // —— Lists ——
  app.get('/api/subscriptions', {
    config: { action: 'subscriptions.read' },
    schema: {
      tags,
      summary: '订购列表（代理商只看到自己名下学校的）',
      querystring: Type.Object(
        {
          schoolId: Type.Optional(Id),
          service: Type.Optional(ServiceCode),
          status: Type.Optional(Type.Enum(['active', 'cancelled'])),
          msisdn: Type.Optional(Type.String({ maxLength: 20, pattern: '^[0-9]*$', description: '按号码查找（可输入部分号码）' })),
          ...Page,
        },
        { additionalProperties: false },
      ),
      response: { 200: listOf(SubscriptionSchema), ...errors(400, 401, 403) },
    },
  }, async (request) => {
    const { schoolId, ...q } = request.query;
    const r = await subs.list({ ...q, schoolIds: schoolId ? [schoolId] : null, agencyIds: agencyIdsFor(request.actor, 'subscriptions.read') });
    return { items: r.items.map(subscriptionOut), total: r.total };
  });

  app.get('/api/subscriptions/schools', {
    config: { action: 'subscriptions.read' },
    schema: {
      tags,
      summary: '学校的订购情况：学生数、家校互动在订人数、待家长确认的代订（代理商：自己名下的学校）',
      response: {
        200: Type.Object({
          items: Type.Array(
            Type.Object({
              schoolId: Type.String(),
              schoolName: Type.String(),
              agencyId: Type.Union([Type.String(), Type.Null()]),
              agencyName: Type.Union([Type.String(), Type.Null()]),
              students: Type.Integer(),
              subscribers: Type.Integer({ description: '家校互动在订人数' }),
              cancelled: Type.Integer({ description: '已退订家校互动的号码数' }),
            }),
          ),
        }),
        ...errors(401, 403),
      },
    },
  }, async (request) => {
    const schools = await ctx.org.listSchools({ grants: grantsFor(request.actor, 'subscriptions.read'), limit: 200 });
    const counts = await subs.countsBySchool(schools.items.map((s) => s.id), 'jx');
    const items = schools.items.map((s) => {
      const c = counts.get(s.id) ?? { active: 0, cancelled: 0 };
      return { schoolId: s.id, schoolName: s.name, agencyId: s.agencyId, agencyName: s.agencyName, students: s.students, subscribers: c.active, cancelled: c.cancelled };
    });
    return { items };
  });

  // —— One number ——
  app.get('/api/subscriptions/numbers/:msisdn', {
    config: { action: 'subscriptions.read', ...numberScope('subscriptions.read') },
    schema: {
      tags,
      summary: '查一个号码：家长和孩子、订购、每次订购退订（渠道、经办人、时间）、订购凭据、扣费和每月费用',
      params: NumberParam,
      response: { 200: HistorySchema, ...errors(400, 401, 403) },
    },
  }, async (request) => historyOut(await subs.history(request.params.msisdn)));

  app.get('/api/subscriptions/numbers/:msisdn/explain', {
    config: { action: 'subscriptions.read', ...numberScope('subscriptions.read') },
    schema: {
      tags,
      summary: '说明一个月的费用：按哪条计费规则收或不收、依据的订购退订记录、扣费流水',
      params: NumberParam,
      querystring: Type.Object({ subscriptionId: Id, month: Month }, { additionalProperties: false }),
      response: { 200: ExplainSchema, ...errors(400, 401, 403, 404) },
    },
  }, async (request) => {
    const history = await subs.history(request.params.msisdn);
    if (!history.subscriptions.some((s) => s.id === request.query.subscriptionId)) {
      throw SubscriptionErrors.SUB_NOT_FOUND({ id: request.query.subscriptionId });
    }
    const e = await subs.explain(request.query);
    return {
      ...e,
      subscription: subscriptionOut(e.subscription),
      dueAt: e.dueAt === null ? null : toIso(e.dueAt),
      events: e.events.map(eventOut),
      charge: e.charge ? chargeOut(e.charge) : null,
    };
  });

  app.post('/api/subscriptions/numbers/:msisdn/cancel', {
    config: { action: 'subscriptions.manage', ...numberScope('subscriptions.manage') },
    schema: {
      tags,
      summary: '应家长要求退订（代理商、运营商、10086 客服）：即时生效，短信通知家长；退订家校互动同时停止亲情电话和平安短信',
      params: NumberParam,
      body: Type.Object(
        {
          service: ServiceCode,
          note: Type.Optional(Type.String({ maxLength: 200, description: '备注，如 家长来电要求退订' })),
        },
        { additionalProperties: false },
      ),
      response: { 200: SubscriptionSchema, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request) =>
    subscriptionOut(
      await subs.cancel({ msisdn: request.params.msisdn, service: request.body.service, channel: staffChannel(request.actor, 'subscriptions.manage'), actorId: userIdOf(request), note: request.body.note ?? null }),
    ),
  );

  // —— 代客订购 ——
  app.get('/api/subscription-requests', {
    config: { action: 'subscriptions.read' },
    schema: {
      tags,
      summary: '代订申请（代理商：自己名下学校的）；待确认的在 24 小时内等家长回复 Y',
      querystring: Type.Object({ status: Type.Optional(Type.Enum(['pending', 'confirmed', 'declined', 'expired', 'withdrawn'])), ...Page }, { additionalProperties: false }),
      response: { 200: listOf(RequestSchema), ...errors(400, 401, 403) },
    },
  }, async (request) => {
    const r = await subs.requests.list({ agencyIds: agencyIdsFor(request.actor, 'subscriptions.read'), ...request.query });
    return { items: r.items.map(requestOut), total: r.total };
  });

  app.post('/api/subscription-requests', {
    config: { action: 'subscriptions.request', scope: (r: FastifyRequest) => ctx.org.scopeOf('school', bodyField(r, 'schoolId') ?? '') },
    schema: {
      tags,
      summary: '代客订购：给学校登记的家长号码发确认短信，家长 24 小时内回复 Y 才订购',
      body: Type.Object({ msisdn: Msisdn, schoolId: Id, service: ServiceCode }, { additionalProperties: false }),
      response: { 200: RequestSchema, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request) =>
    requestOut(
      await subs.requests.create({ ...request.body, agentId: userIdOf(request), agencyIds: agencyIdsFor(request.actor, 'subscriptions.request') }),
    ),
  );

  app.post('/api/subscription-requests/:id/withdraw', {
    config: {
      action: 'subscriptions.request',
      scope: async (r: FastifyRequest) => {
        const s = await subs.requests.scopeOf(param(r, 'id'));
        if (!s) {
          throw SubscriptionErrors.SUB_REQUEST_NOT_FOUND({ id: param(r, 'id') });
        }
        return s;
      },
    },
    schema: { tags, summary: '撤回待家长确认的代订申请（家长之后回复也不会订购）', params: IdParam, response: { 200: RequestSchema, ...errors(401, 403, 404, 409) } },
  }, async (request) => requestOut(await subs.requests.withdraw(request.params.id)));
}
