/**
 * SMS for operators: search and one message's life, send and bulk send with their reports
 * and "resend the failed ones", MOs, the opt-out list, and the gateways' status.
 */
import Type from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context';
import type { BulkReport, BulkView, MessageLife, MessageView, MoView, OptoutView, PartView } from '../../modules/messaging';
import { phoneRef } from '../../platform/audit';
import { toIso } from '../../platform/clock';
import { formatMinuteOfDay, SMS_CLASSES } from '../../platform/config-sms';
import { noteAudit } from '../plugins/audit';
import { errors, instant, IsoTime, NullableIsoTime } from '../schemas';
import type { Http } from '../types';

const STATUSES = ['queued', 'blocked', 'submitted', 'accepted', 'delivered', 'failed', 'expired', 'unknown'] as const;
const Status = Type.Enum([...STATUSES], { description: '排队 queued / 拦截 blocked / 已提交 submitted / 网关已接收 accepted / 已送达 delivered / 失败 failed / 过期 expired / 结果未知 unknown' });
const Class = Type.Enum([...SMS_CLASSES], { description: '验证码 verification / 通知 notice / 服务 service / 营销 marketing' });
const Msisdn = Type.String({ minLength: 5, maxLength: 20, description: '手机号码' });
const Key = Type.String({ minLength: 1, maxLength: 120, pattern: '^[\\x21-\\x7e]+$', description: '请求编号：同一编号只发送一次' });
const Service = Type.String({ pattern: '^[a-z][a-z0-9_.-]{0,31}$', description: '业务代码，例如 platform、jx、safety' });

const Message = Type.Object(
  {
    id: Type.String(),
    service: Type.String(),
    key: Type.String(),
    class: Class,
    to: Type.String(),
    carrier: Type.Union([Type.String(), Type.Null()]),
    srcId: Type.String(),
    text: Type.String(),
    encoding: Type.String(),
    parts: Type.Integer(),
    bulkId: Type.Union([Type.String(), Type.Null()]),
    replyToMoId: Type.Union([Type.String(), Type.Null()]),
    status: Status,
    reason: Type.Union([Type.String(), Type.Null()]),
    notBefore: IsoTime,
    gateway: Type.Union([Type.String(), Type.Null()]),
    createdAt: IsoTime,
    updatedAt: IsoTime,
    doneAt: NullableIsoTime,
  },
  { $id: 'SmsMessage', title: 'SmsMessage' },
);

const Part = Type.Object({
  seq: Type.Integer(),
  status: Type.String(),
  gateway: Type.Union([Type.String(), Type.Null()]),
  gatewayMsgId: Type.Union([Type.String(), Type.Null()]),
  attempts: Type.Integer(),
  error: Type.Union([Type.String(), Type.Null()]),
  reportStat: Type.Union([Type.String(), Type.Null()]),
  queuedAt: IsoTime,
  submittedAt: NullableIsoTime,
  acceptedAt: NullableIsoTime,
  doneAt: NullableIsoTime,
});

const Mo = Type.Object(
  {
    id: Type.String(),
    gateway: Type.String(),
    from: Type.String(),
    to: Type.String(),
    msgFmt: Type.Integer(),
    text: Type.String(),
    status: Type.String(),
    route: Type.Union([Type.String(), Type.Null()]),
    service: Type.Union([Type.String(), Type.Null()]),
    result: Type.Union([Type.String(), Type.Null()]),
    parts: Type.Integer(),
    receivedAt: IsoTime,
    handledAt: NullableIsoTime,
  },
  { $id: 'SmsMo', title: 'SmsMo' },
);

const Bulk = Type.Object(
  {
    id: Type.String(),
    service: Type.String(),
    class: Class,
    text: Type.String(),
    key: Type.String(),
    createdBy: Type.Union([Type.String(), Type.Null()]),
    recipients: Type.Integer(),
    createdAt: IsoTime,
  },
  { $id: 'SmsBulk', title: 'SmsBulk' },
);

const Summary = Type.Object({ recipients: Type.Integer(), delivered: Type.Integer(), failed: Type.Integer(), blocked: Type.Integer(), pending: Type.Integer() });

const Optout = Type.Object({ msisdn: Type.String(), service: Type.String(), serviceTitle: Type.String(), source: Type.String(), note: Type.Union([Type.String(), Type.Null()]), createdAt: IsoTime });

const GatewayStatus = Type.Object({
  name: Type.String(),
  url: Type.String({ description: '网关地址（密码已隐去）' }),
  kind: Type.String(),
  state: Type.String(),
  connections: Type.Array(Type.Object({ id: Type.Integer(), state: Type.String(), windowInUse: Type.Integer(), window: Type.Integer() })),
  rate: Type.Union([Type.Number(), Type.Null()]),
  submitted: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()]),
  lastErrorAt: NullableIsoTime,
  carriers: Type.Array(Type.String(), { description: '路由到此网关的运营商' }),
});

/** Operators never see a verification code: its digits are hidden in their views. */
function redacted(m: MessageView): string {
  return m.class === 'verification' ? m.text.replace(/\d{4,8}/g, (d) => '*'.repeat(d.length)) : m.text;
}

export function messageOut(m: MessageView) {
  return { ...m, text: redacted(m), notBefore: toIso(m.notBefore), createdAt: toIso(m.createdAt), updatedAt: toIso(m.updatedAt), doneAt: toIso(m.doneAt) };
}
function partOut(p: PartView) {
  return { ...p, queuedAt: toIso(p.queuedAt), submittedAt: toIso(p.submittedAt), acceptedAt: toIso(p.acceptedAt), doneAt: toIso(p.doneAt) };
}
export function moOut(m: MoView) {
  return { ...m, receivedAt: toIso(m.receivedAt), handledAt: toIso(m.handledAt) };
}
function bulkOut(b: BulkView) {
  return { ...b, createdAt: toIso(b.createdAt) };
}
function lifeOut(l: MessageLife) {
  return { message: messageOut(l.message), serviceTitle: l.serviceTitle, parts: l.parts.map(partOut), replyTo: l.replyTo ? moOut(l.replyTo) : null };
}
function reportOut(r: BulkReport) {
  return { bulk: bulkOut(r.bulk), summary: r.summary, byStatus: r.byStatus };
}
function optoutOut(o: OptoutView) {
  return { ...o, createdAt: toIso(o.createdAt) };
}

/** A gateway URL for display: the password never leaves the server. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') {
      u.password = '***';
    }
    return u.toString();
  } catch {
    return '(无效地址)';
  }
}

function userOf(request: FastifyRequest): string {
  return request.actor.kind === 'user' ? request.actor.userId : 'system';
}

export function messagingRoutes(app: Http, ctx: AppContext): void {
  const tags = ['短信'];
  const IdParam = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
  const Page = { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })), offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })) };

  app.get(
    '/api/sms/messages',
    {
      config: { action: 'sms.read' },
      schema: {
        tags,
        summary: '短信查询（号码、状态、时间、业务）',
        querystring: Type.Object(
          { to: Type.Optional(Type.String({ maxLength: 20 })), status: Type.Optional(Status), service: Type.Optional(Type.String({ maxLength: 32 })), from: Type.Optional(IsoTime), until: Type.Optional(IsoTime), bulkId: Type.Optional(Type.String({ maxLength: 64 })), ...Page },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(Message), total: Type.Integer() }), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const q = request.query;
      const r = await ctx.messaging.searchMessages({ ...q, from: instant(q.from, 'from'), until: instant(q.until, 'until') });
      return { items: r.items.map(messageOut), total: r.total };
    },
  );

  app.get(
    '/api/sms/messages/:id',
    {
      config: { action: 'sms.read' },
      schema: {
        tags,
        summary: '一条短信的全过程（每一段的提交、网关接收、送达时间）',
        params: IdParam,
        response: { 200: Type.Object({ message: Message, serviceTitle: Type.String(), parts: Type.Array(Part), replyTo: Type.Union([Mo, Type.Null()]) }), ...errors(401, 403, 404) },
      },
    },
    async (request) => lifeOut(await ctx.messaging.messageLife(request.params.id)),
  );

  app.post(
    '/api/sms/messages',
    {
      config: { action: 'sms.send' },
      schema: {
        tags,
        summary: '发送一条短信',
        body: Type.Object(
          { to: Msisdn, text: Type.String({ minLength: 1, maxLength: 1000 }), key: Key, class: Type.Optional(Class), service: Type.Optional(Service), extension: Type.Optional(Type.String({ pattern: '^\\d{0,12}$' })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ message: Message, replay: Type.Boolean() }), ...errors(400, 401, 403, 409) },
      },
    },
    async (request) => {
      const b = request.body;
      const r = await ctx.messaging.send({ to: b.to, text: b.text, key: `${userOf(request)}:${b.key}`, class: b.class ?? 'notice', service: b.service ?? 'platform', extension: b.extension });
      return { message: messageOut(r.message), replay: r.replay };
    },
  );

  app.get(
    '/api/sms/bulks',
    {
      config: { action: 'sms.read' },
      schema: { tags, summary: '群发任务列表（最近 50 个）', response: { 200: Type.Object({ items: Type.Array(Type.Object({ bulk: Bulk, summary: Summary })) }), ...errors(401, 403) } },
    },
    async () => {
      const bulks = await ctx.messaging.listBulks(50);
      const items = await Promise.all(bulks.map(async (b) => ({ bulk: bulkOut(b), summary: (await ctx.messaging.bulkReport(b.id)).summary })));
      return { items };
    },
  );

  app.post(
    '/api/sms/bulks',
    {
      config: { action: 'sms.send' },
      schema: {
        tags,
        summary: '群发：一次发给多个号码（每个号码独立的状态）',
        body: Type.Object(
          {
            text: Type.String({ minLength: 1, maxLength: 1000 }),
            recipients: Type.Array(Type.Union([Msisdn, Type.Object({ to: Msisdn, text: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })) }, { additionalProperties: false })]), { minItems: 1, maxItems: 20_000 }),
            key: Key,
            class: Type.Optional(Class),
            service: Type.Optional(Service),
            extension: Type.Optional(Type.String({ pattern: '^\\d{0,12}$', description: '扩展号：家长直接回复即回到这个会话' })),
            notBefore: Type.Optional(IsoTime),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ bulk: Bulk, replay: Type.Boolean() }), ...errors(400, 401, 403, 409) },
      },
    },
    async (request) => {
      const b = request.body;
      const r = await ctx.messaging.sendBulk({
        text: b.text,
        recipients: b.recipients,
        key: `${userOf(request)}:${b.key}`,
        class: b.class ?? 'notice',
        service: b.service ?? 'platform',
        createdBy: request.actor.kind === 'user' ? request.actor.login : 'system',
        extension: b.extension,
        notBefore: instant(b.notBefore, 'notBefore'),
      });
      return { bulk: bulkOut(r.bulk), replay: r.replay };
    },
  );

  app.get(
    '/api/sms/bulks/:id',
    {
      config: { action: 'sms.read' },
      schema: {
        tags,
        summary: '群发报告：已送达 / 失败 / 处理中',
        params: IdParam,
        response: { 200: Type.Object({ bulk: Bulk, summary: Summary, byStatus: Type.Record(Type.String(), Type.Integer()) }), ...errors(401, 403, 404) },
      },
    },
    async (request) => reportOut(await ctx.messaging.bulkReport(request.params.id)),
  );

  app.get(
    '/api/sms/bulks/:id/messages',
    {
      config: { action: 'sms.read' },
      schema: {
        tags,
        summary: '群发中每个号码的最新状态',
        params: IdParam,
        querystring: Type.Object({ status: Type.Optional(Status) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(Message) }), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      await ctx.messaging.bulkReport(request.params.id);
      return { items: (await ctx.messaging.bulkMessages(request.params.id, request.query.status)).map(messageOut) };
    },
  );

  app.post(
    '/api/sms/bulks/:id/resend-failed',
    {
      config: { action: 'sms.send' },
      schema: { tags, summary: '重发失败的号码（每个失败只重发一次）', params: IdParam, response: { 200: Type.Object({ resent: Type.Integer() }), ...errors(401, 403, 404) } },
    },
    async (request) => ctx.messaging.resendFailed(request.params.id),
  );

  app.get(
    '/api/sms/mo',
    {
      config: { action: 'sms.read' },
      schema: {
        tags,
        summary: '上行短信（用户发来的短信）及其处理结果',
        querystring: Type.Object({ from: Type.Optional(Type.String({ maxLength: 20 })), ...Page }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(Mo), total: Type.Integer() }), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const r = await ctx.messaging.searchMo(request.query);
      return { items: r.items.map(moOut), total: r.total };
    },
  );

  app.get(
    '/api/sms/optouts',
    {
      config: { action: 'sms.read' },
      schema: {
        tags,
        summary: '退订名单',
        querystring: Type.Object({ msisdn: Type.Optional(Type.String({ maxLength: 20 })), ...Page }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(Optout), total: Type.Integer() }), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const r = await ctx.messaging.listOptouts(request.query);
      return { items: r.items.map(optoutOut), total: r.total };
    },
  );

  app.post(
    '/api/sms/optouts',
    {
      config: { action: 'sms.optouts' },
      schema: {
        tags,
        summary: '加入退订名单（service 为 * 表示退订全部）',
        body: Type.Object({ msisdn: Msisdn, service: Type.String({ minLength: 1, maxLength: 32 }), note: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ added: Type.Boolean() }), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      noteAudit(request, { details: { phone: phoneRef(request.body.msisdn), service: request.body.service } });
      return { added: await ctx.messaging.addOptout({ ...request.body, source: 'console' }) };
    },
  );

  app.post(
    '/api/sms/optouts/remove',
    {
      config: { action: 'sms.optouts' },
      schema: {
        tags,
        summary: '移出退订名单（恢复接收）',
        body: Type.Object({ msisdn: Msisdn, service: Type.String({ minLength: 1, maxLength: 32 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ removed: Type.Boolean() }), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      noteAudit(request, { details: { phone: phoneRef(request.body.msisdn), service: request.body.service } });
      return { removed: await ctx.messaging.removeOptout(request.body) };
    },
  );

  app.get(
    '/api/sms/gateways',
    {
      config: { action: 'sms.read' },
      schema: { tags, summary: '短信网关状态（连接、窗口占用、速率、最近错误）', response: { 200: Type.Object({ items: Type.Array(GatewayStatus) }), ...errors(401, 403) } },
    },
    async () => {
      const routes = ctx.config.sms.gateways;
      return {
        items: ctx.messaging.gatewayStatus().map((g) => ({
          ...g,
          url: redactUrl(g.url),
          lastErrorAt: toIso(g.lastErrorAt),
          carriers: Object.entries(routes)
            .filter(([, url]) => url === g.url)
            .map(([carrier]) => carrier),
        })),
      };
    },
  );

  app.get(
    '/api/sms/settings',
    {
      config: { action: 'sms.read' },
      schema: {
        tags,
        summary: '短信设置：服务代码、签名、最多条数、发送时段、频率上限',
        response: {
          200: Type.Object({
            serviceCode: Type.String(),
            signature: Type.String(),
            maxParts: Type.Integer(),
            quietHours: Type.Record(Type.String(), Type.Object({ from: Type.String(), to: Type.String() })),
            caps: Type.Record(Type.String(), Type.Array(Type.Object({ limit: Type.Integer(), windowSeconds: Type.Integer() }))),
          }),
          ...errors(401, 403),
        },
      },
    },
    async () => {
      const s = ctx.config.sms;
      return {
        serviceCode: s.serviceCode,
        signature: s.signature,
        maxParts: s.maxParts,
        quietHours: Object.fromEntries(Object.entries(s.quietHours).map(([k, w]) => [k, { from: formatMinuteOfDay(w.from), to: formatMinuteOfDay(w.to) }])),
        caps: Object.fromEntries(Object.entries(s.caps).map(([k, caps]) => [k, caps.map((c) => ({ limit: c.limit, windowSeconds: c.windowMs / 1000 }))])),
      };
    },
  );

  app.get(
    '/api/sms/services',
    {
      config: { action: 'sms.read' },
      schema: { tags, summary: '业务代码及名称', response: { 200: Type.Object({ items: Type.Array(Type.Object({ code: Type.String(), title: Type.String() })) }), ...errors(401, 403) } },
    },
    async () => ({ items: ctx.messaging.services() }),
  );
}
