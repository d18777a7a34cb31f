/**
 * The shapes subscriptions and billing answer in (one source for validation, types and OpenAPI),
 * and the mapping from the front door's views (instants as epoch ms) to them (ISO times).
 * Money is integer fen everywhere.
 */
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { actorRef, grantsFor, type Action, type Actor } from '../../modules/identity';
import type { ChargeView, ConsentView, EventView, History, MonthFeeView, RequestView, RunView, ServiceView, StatementView, ShareView, SubscriptionView } from '../../modules/subscriptions';
import { toIso } from '../../platform/clock';
import { IsoTime, NullableIsoTime } from '../schemas';

export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
export const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });
export const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: '账期 YYYY-MM（北京时间）' });
/** A mobile number as people type it (+86, spaces and dashes allowed); the module normalises and checks it. */
export const Msisdn = Type.String({ minLength: 11, maxLength: 20, pattern: '^[0-9+ -]+$', description: '手机号码' });
export const ServiceCode = Type.String({ minLength: 1, maxLength: 32, pattern: '^[a-z0-9_]+$', description: '业务代码，如 jx（家校互动）' });
export const Fen = (description: string) => Type.Integer({ description: `${description}（分）` });
export const Page = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
};
export const listOf = <T extends Parameters<typeof Type.Array>[0]>(item: T) => Type.Object({ items: Type.Array(item), total: Type.Integer() });

const RuleCode = Type.String({ description: 'monthly 包月 / first_of_month 规则一 / free_cancel_72h 72小时内退订免费 / after_20th 规则二 / resubscribe 规则三 / not_subscribed' });

export const ServiceSchema = Type.Object(
  {
    code: Type.String(),
    name: Type.String(),
    kind: Type.Enum(['paid', 'bundled', 'free'], { description: 'paid 收费 / bundled 随收费业务赠送 / free 免费' }),
    cycle: Type.Enum(['month', 'none'], { description: 'month 包月 / none 不计费' }),
    includes: Type.Array(Type.String(), { description: '包含的业务代码' }),
    billingCode: Type.String({ description: '运营商账单文件里的业务代码' }),
    description: Type.String(),
    onSale: Type.Boolean({ description: '是否在售（暂停后不能新订，已订的不受影响）' }),
    price: Fen('本月价格'),
    nextPrice: Nullable(Type.Object({ fromMonth: Type.String(), amount: Type.Integer() }, { description: '已设定、从以后某月起执行的新价格' })),
    prices: Type.Array(Type.Object({ fromMonth: Type.String(), amount: Type.Integer(), createdBy: Nullable(Type.String()), createdAt: IsoTime })),
    updatedAt: IsoTime,
  },
  { $id: 'SubscriptionService', title: 'SubscriptionService' },
);

export const SubscriptionSchema = Type.Object(
  {
    id: Type.String(),
    msisdn: Type.String(),
    service: Type.String(),
    serviceName: Type.String(),
    status: Type.Enum(['active', 'cancelled'], { description: 'active 在订 / cancelled 已退订' }),
    channel: Type.String(),
    channelText: Type.String({ description: '最近一次变更的渠道：短信、家长网校、代理商代订、运营商、10086客服…' }),
    since: NullableIsoTime,
    schoolId: Nullable(Type.String()),
    schoolName: Nullable(Type.String()),
    agencyId: Nullable(Type.String()),
    agencyName: Nullable(Type.String()),
    updatedAt: IsoTime,
  },
  { $id: 'Subscription', title: 'Subscription' },
);

export const EventSchema = Type.Object(
  {
    id: Type.String(),
    subscriptionId: Type.String(),
    service: Type.String(),
    serviceName: Type.String(),
    kind: Type.Enum(['subscribe', 'cancel'], { description: 'subscribe 订购 / cancel 退订' }),
    at: IsoTime,
    channel: Type.String(),
    channelText: Type.String(),
    actorId: Nullable(Type.String()),
    actorName: Nullable(Type.String({ description: '经办人（代理商、客服、运营商）；家长本人操作时为空' })),
    note: Nullable(Type.String()),
  },
  { $id: 'SubscriptionEvent', title: 'SubscriptionEvent' },
);

export const ConsentSchema = Type.Object(
  {
    id: Type.String(),
    subscriptionId: Type.String(),
    service: Type.String(),
    channel: Type.String(),
    channelText: Type.String(),
    raw: Type.String({ description: '家长本人的订购意愿：收到的短信原文，或在家长网校的操作' }),
    receivedAt: IsoTime,
    retainUntil: Nullable(IsoTime),
  },
  { $id: 'SubscriptionConsent', title: 'SubscriptionConsent' },
);

export const ChargeSchema = Type.Object(
  {
    subscriptionId: Type.String(),
    month: Type.String(),
    msisdn: Type.String(),
    service: Type.String(),
    serviceName: Type.String(),
    amount: Fen('金额'),
    rule: RuleCode,
    ruleText: Type.String({ description: '计费规则的中文说明' }),
    schoolId: Nullable(Type.String()),
    agencyId: Nullable(Type.String()),
    transferId: Type.Integer({ description: '账务流水号' }),
    runId: Nullable(Type.String({ description: '出账批次；立即扣费（规则三）时为空' })),
    chargedAt: IsoTime,
  },
  { $id: 'SubscriptionCharge', title: 'SubscriptionCharge' },
);

export const MonthFeeSchema = Type.Object(
  {
    subscriptionId: Type.String(),
    service: Type.String(),
    month: Type.String(),
    due: Type.Boolean({ description: '这个月是否收费' }),
    rule: RuleCode,
    ruleText: Type.String(),
    amount: Fen('本月费用'),
    charged: Type.Boolean({ description: '是否已扣费' }),
    forecast: Type.Boolean({ description: '本月尚未结束，是预计（例如 72 小时内退订就不收费）' }),
  },
  { $id: 'SubscriptionMonthFee', title: 'SubscriptionMonthFee' },
);

const GuardianSchema = Type.Object({
  name: Type.String(),
  children: Type.Array(Type.Object({ studentId: Type.String(), name: Type.String(), schoolId: Type.String(), schoolName: Type.String(), className: Type.String(), agencyId: Nullable(Type.String()) })),
});

export const HistorySchema = Type.Object(
  {
    msisdn: Type.String(),
    guardian: Nullable(GuardianSchema),
    subscriptions: Type.Array(SubscriptionSchema),
    events: Type.Array(EventSchema),
    consents: Type.Array(ConsentSchema),
    charges: Type.Array(ChargeSchema),
    months: Type.Array(MonthFeeSchema),
  },
  { $id: 'SubscriptionHistory', title: 'SubscriptionHistory' },
);

export const ExplainSchema = Type.Object(
  {
    subscription: SubscriptionSchema,
    month: Type.String(),
    due: Type.Boolean(),
    rule: RuleCode,
    ruleText: Type.String({ description: '这个月收费或不收费的规则说明' }),
    dueAt: NullableIsoTime,
    amount: Fen('金额'),
    events: Type.Array(EventSchema, { description: '到这个月底为止的订购、退订记录' }),
    charge: Nullable(ChargeSchema),
  },
  { $id: 'SubscriptionExplain', title: 'SubscriptionExplain' },
);

export const RequestSchema = Type.Object(
  {
    id: Type.String(),
    msisdn: Type.String(),
    service: Type.String(),
    serviceName: Type.String(),
    schoolId: Type.String(),
    schoolName: Type.String(),
    agencyId: Type.String(),
    requestedBy: Type.String(),
    requestedByName: Type.String(),
    requestedAt: IsoTime,
    expiresAt: IsoTime,
    status: Type.Enum(['pending', 'confirmed', 'declined', 'expired', 'withdrawn'], { description: 'pending 待家长确认 / confirmed 已确认 / declined 家长未同意 / expired 24小时未回复 / withdrawn 已撤回' }),
    resolvedAt: NullableIsoTime,
    replyText: Nullable(Type.String({ description: '家长回复的短信' })),
  },
  { $id: 'SubscriptionRequest', title: 'SubscriptionRequest' },
);

export const RunSchema = Type.Object(
  {
    id: Type.String(),
    month: Type.String(),
    dryRun: Type.Boolean({ description: '试算：只计算，不扣费' }),
    status: Type.Enum(['queued', 'running', 'done', 'failed'], { description: 'queued 排队 / running 进行中 / done 完成 / failed 失败' }),
    total: Type.Integer({ description: '要计算的包月订购数' }),
    processed: Type.Integer(),
    charged: Type.Integer({ description: '扣费笔数（试算：应扣笔数）' }),
    chargedAmount: Fen('扣费金额'),
    free: Type.Integer({ description: '按规则本月不收费的订购数' }),
    failed: Type.Integer({ description: '未能扣费的笔数' }),
    rules: Type.Record(Type.String(), Type.Integer(), { description: '每条计费规则判定的订购数' }),
    startedBy: Nullable(Type.String()),
    startedAt: IsoTime,
    updatedAt: IsoTime,
    finishedAt: NullableIsoTime,
    error: Nullable(Type.String({ description: '失败原因；完成时为未能扣费的说明' })),
    percent: Type.Integer({ minimum: 0, maximum: 100 }),
  },
  { $id: 'BillingRun', title: 'BillingRun' },
);

export const SummarySchema = Type.Object(
  {
    month: Type.String(),
    total: Type.Object({ charges: Type.Integer(), amount: Type.Integer() }),
    bySchool: Type.Array(Type.Object({ schoolId: Nullable(Type.String()), schoolName: Nullable(Type.String()), charges: Type.Integer(), amount: Type.Integer() })),
    byAgency: Type.Array(
      Type.Object({
        agencyId: Nullable(Type.String()),
        agencyName: Nullable(Type.String()),
        charges: Type.Integer(),
        amount: Type.Integer(),
        shareBp: Type.Integer({ description: '分成比例，万分之几（2000 = 20%）' }),
        commission: Fen('佣金'),
        settled: Type.Boolean({ description: '是否已结算（出账完成后结算）' }),
      }),
    ),
  },
  { $id: 'BillingSummary', title: 'BillingSummary' },
);

export const ShareSchema = Type.Object(
  {
    agencyId: Type.String(),
    agencyName: Type.String(),
    shareBp: Type.Integer({ description: '分成比例，万分之几（2000 = 20%）' }),
    isDefault: Type.Boolean({ description: '未单独设置，按默认比例' }),
    updatedBy: Nullable(Type.String()),
    updatedAt: NullableIsoTime,
  },
  { $id: 'AgentShare', title: 'AgentShare' },
);

export const StatementSchema = Type.Object(
  {
    agencyId: Type.String(),
    month: Type.String(),
    charges: Type.Integer(),
    fees: Fen('名下学校的信息费'),
    shareBp: Type.Integer(),
    commission: Fen('佣金'),
    transferId: Nullable(Type.Integer()),
    createdAt: IsoTime,
  },
  { $id: 'AgentStatement', title: 'AgentStatement' },
);

const iso = (t: number | null) => (t === null ? null : toIso(t));

export const serviceOut = (s: ServiceView) => ({ ...s, prices: s.prices.map((p) => ({ ...p, createdAt: toIso(p.createdAt) })), updatedAt: toIso(s.updatedAt) });
export const subscriptionOut = (s: SubscriptionView) => ({
  id: s.id,
  msisdn: s.msisdn,
  service: s.service,
  serviceName: s.serviceName,
  status: s.status,
  channel: s.channel,
  channelText: s.channelText,
  since: iso(s.since),
  schoolId: s.schoolId,
  schoolName: s.schoolName,
  agencyId: s.agencyId,
  agencyName: s.agencyName,
  updatedAt: toIso(s.updatedAt),
});
export const eventOut = (e: EventView) => ({ ...e, at: toIso(e.at) });
export const consentOut = (c: ConsentView) => ({ ...c, receivedAt: toIso(c.receivedAt), retainUntil: iso(c.retainUntil) });
export const chargeOut = (c: ChargeView) => ({ ...c, chargedAt: toIso(c.chargedAt) });
export const monthOut = (m: MonthFeeView) => ({ ...m });
export const historyOut = (h: History) => ({
  msisdn: h.msisdn,
  guardian: h.guardian ? { name: h.guardian.name, children: h.guardian.children.map((c) => ({ ...c })) } : null,
  subscriptions: h.subscriptions.map(subscriptionOut),
  events: h.events.map(eventOut),
  consents: h.consents.map(consentOut),
  charges: h.charges.map(chargeOut),
  months: h.months.map(monthOut),
});
export const requestOut = (r: RequestView) => ({ ...r, requestedAt: toIso(r.requestedAt), expiresAt: toIso(r.expiresAt), resolvedAt: iso(r.resolvedAt) });
export const runOut = (r: RunView) => ({ ...r, rules: { ...r.rules } as Record<string, number>, startedAt: toIso(r.startedAt), updatedAt: toIso(r.updatedAt), finishedAt: iso(r.finishedAt) });
export const shareOut = (s: ShareView, agencyName: string) => ({ ...s, agencyName, updatedAt: iso(s.updatedAt) });
export const statementOut = (s: StatementView) => ({ ...s, createdAt: toIso(s.createdAt) });

/** The acting user's id (routes behind a role rule only ever see users). */
export function userIdOf(request: FastifyRequest): string {
  const id = actorRef(request.actor);
  if (request.actor.kind !== 'user' || id === null) {
    throw new Error('a role-checked route ran without a user');
  }
  return id;
}

/** null: the actor's grant for the action is platform-wide (operator, support); otherwise the agencies their agent grants name. */
export function agencyIdsFor(actor: Actor, action: Action): string[] | null {
  const grants = grantsFor(actor, action);
  if (grants.some((g) => g.tenantType === 'platform')) {
    return null;
  }
  return grants.filter((g) => g.tenantType === 'agency').map((g) => g.tenantId);
}

/** The channel a staff member's change is recorded under: operator, 10086 support, or the agent's back office. */
export function staffChannel(actor: Actor, action: Action): 'operator' | 'support' | 'agent' {
  const roles = new Set(grantsFor(actor, action).map((g) => g.role));
  return roles.has('operator') ? 'operator' : roles.has('support') ? 'support' : 'agent';
}
