/**
 * 出账 over HTTP: operators start a month's billing run (or a dry run), watch its progress, read
 * its result, download the carrier's billing file and the summary per school and agency; agents'
 * shares and their monthly commission statements. Money moves in flows/billing.flow.ts (the job).
 */
import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { AppContext } from '../../context';
import { billingSummary, startBillingRun } from '../../flows/billing.flow';
import { grantsFor } from '../../modules/identity';
import { SubscriptionErrors, compactMonth } from '../../modules/subscriptions';
import { errors } from '../schemas';
import type { Http } from '../types';
import { Id, Month, Page, RunSchema, ShareSchema, StatementSchema, SummarySchema, listOf, runOut, shareOut, statementOut, userIdOf } from './subscriptions.schemas';

const tags = ['订购与计费'];
const IdParam = Type.Object({ id: Id });
const MonthQuery = Type.Object({ month: Month }, { additionalProperties: false });

function idOf(request: FastifyRequest): string {
  const id = (request.params as { id?: unknown }).id;
  return typeof id === 'string' ? id : '';
}

export function billingRoutes(app: Http, ctx: AppContext): void {
  const billing = ctx.subscriptions.billing;
  const agencyScope = { scope: (r: FastifyRequest) => ctx.org.scopeOf('agency', idOf(r)) };

  // —— Runs ——
  app.get('/api/billing/runs', {
    config: { action: 'billing.runs' },
    schema: { tags, summary: '出账记录（新的在前）：进度、扣费笔数和金额、按规则免费的、失败的', querystring: Type.Object(Page, { additionalProperties: false }), response: { 200: listOf(RunSchema), ...errors(400, 401, 403) } },
  }, async (request) => {
    const r = await billing.runs.list(request.query);
    return { items: r.items.map(runOut), total: r.total };
  });

  app.post('/api/billing/runs', {
    config: { action: 'billing.run' },
    schema: {
      tags,
      summary: '开始出账：为一个已结束的月份扣包月费（试算：只计算不扣费，本月也可以试算）',
      description: '出账在后台进行，用 GET /api/billing/runs/{id} 看进度。同一个月再出账不会重复扣费：每个订购每月只扣一次。',
      body: Type.Object({ month: Month, dryRun: Type.Optional(Type.Boolean({ description: '试算' })) }, { additionalProperties: false }),
      response: { 200: RunSchema, ...errors(400, 401, 403, 409) },
    },
  }, async (request) => runOut(await startBillingRun(ctx, { month: request.body.month, dryRun: request.body.dryRun === true, by: userIdOf(request) })));

  app.get('/api/billing/runs/:id', {
    config: { action: 'billing.runs' },
    schema: { tags, summary: '一次出账的进度和结果', params: IdParam, response: { 200: RunSchema, ...errors(401, 403, 404) } },
  }, async (request) => runOut(await billing.runs.get(request.params.id)));

  app.get('/api/billing/carrier-file', {
    config: { action: 'billing.runs' },
    schema: {
      tags,
      summary: '下载一个月的运营商计费文件（CSV：手机号,业务代码,金额（分）,账期）',
      description: '这个月出账完成后才能下载；包含这个月的全部扣费（含立即扣费）。',
      querystring: MonthQuery,
      produces: ['text/csv'],
      response: { ...errors(400, 401, 403, 409) },
    },
  }, async (request, reply) => {
    const { month } = request.query;
    if (!(await billing.runs.doneOf(month))) {
      throw SubscriptionErrors.BILLING_FILE_NOT_READY({ month });
    }
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="billing-${compactMonth(month)}.csv"`);
    reply.header('cache-control', 'no-store');
    return reply.send(Readable.from(billing.carrierFileChunks(month)) as never);
  });

  app.get('/api/billing/summary', {
    config: { action: 'billing.runs' },
    schema: { tags, summary: '一个月的扣费汇总：按学校、按代理商（含分成和佣金）', querystring: MonthQuery, response: { 200: SummarySchema, ...errors(400, 401, 403) } },
  }, async (request) => {
    const s = await billingSummary(ctx, request.query.month);
    return {
      ...s,
      bySchool: s.bySchool.map((x) => ({ ...x, schoolName: x.schoolName ?? null })),
      byAgency: s.byAgency.map((x) => ({ ...x, agencyName: x.agencyName ?? null })),
    };
  });

  // —— Agents' shares and statements ——
  app.get('/api/billing/shares', {
    config: { action: 'billing.read' },
    schema: { tags, summary: '代理商的分成比例（代理商只看到自己的）', response: { 200: Type.Object({ items: Type.Array(ShareSchema) }), ...errors(401, 403) } },
  }, async (request) => {
    const agencies = await ctx.org.listAgencies({ grants: grantsFor(request.actor, 'billing.read'), limit: 200 });
    const items = [];
    for (const a of agencies.items) {
      items.push(shareOut(await billing.shares.get(a.id), a.name));
    }
    return { items };
  });

  app.put('/api/agencies/:id/billing-share', {
    config: { action: 'billing.run', ...agencyScope },
    schema: {
      tags,
      summary: '设定代理商的分成比例（从以后结算的月份起；已结算的月份不变）',
      params: IdParam,
      body: Type.Object({ shareBp: Type.Integer({ minimum: 0, maximum: 10_000, description: '万分之几：2000 即 20%' }) }, { additionalProperties: false }),
      response: { 200: ShareSchema, ...errors(400, 401, 403, 404) },
    },
  }, async (request) => {
    const agency = await ctx.org.getAgency(request.params.id);
    return shareOut(await billing.shares.set(agency.id, request.body.shareBp, userIdOf(request)), agency.name);
  });

  app.get('/api/agencies/:id/commissions', {
    config: { action: 'billing.read', ...agencyScope },
    schema: {
      tags,
      summary: '代理商的佣金：分成比例，每月结算单（名下学校的信息费、分成、佣金）',
      params: IdParam,
      response: { 200: Type.Object({ share: ShareSchema, statements: Type.Array(StatementSchema) }), ...errors(401, 403, 404) },
    },
  }, async (request) => {
    const agency = await ctx.org.getAgency(request.params.id);
    const [share, statements] = await Promise.all([billing.shares.get(agency.id), billing.statements({ agencyIds: [agency.id] })]);
    return { share: shareOut(share, agency.name), statements: statements.map(statementOut) };
  });
}
