/**
 * 订购与计费各页面共用的类型、中文名称和小工具（纯函数，单元测试见 billing.test.ts）。
 * 类型一律取自服务端生成的 api/schema.d.ts；金额一律是整数“分”，显示用 components/money。
 */
import dayjs from 'dayjs';
import type { components, paths } from '../../api/schema';
import { BUSINESS_TIMEZONE } from '../../components/DateTime';

type Json<P extends keyof paths, M extends 'get' | 'post'> = paths[P][M] extends {
  responses: { 200: { content: { 'application/json': infer T } } };
}
  ? T
  : never;

export type SubscriptionService = components['schemas']['SubscriptionService'];
export type Subscription = components['schemas']['Subscription'];
export type SubscriptionEvent = components['schemas']['SubscriptionEvent'];
export type SubscriptionConsent = components['schemas']['SubscriptionConsent'];
export type SubscriptionCharge = components['schemas']['SubscriptionCharge'];
export type MonthFee = components['schemas']['SubscriptionMonthFee'];
export type SubscriptionHistory = components['schemas']['SubscriptionHistory'];
export type SubscriptionRequest = components['schemas']['SubscriptionRequest'];
export type BillingRun = components['schemas']['BillingRun'];
export type BillingSummary = Json<'/api/billing/summary', 'get'>;
export type AgentShare = components['schemas']['AgentShare'];
export type AgentStatement = components['schemas']['AgentStatement'];
export type Explain = Json<'/api/subscriptions/numbers/{msisdn}/explain', 'get'>;
export type SchoolSubscribers = Json<'/api/subscriptions/schools', 'get'>['items'][number];
export type PortalSubscriptions = Json<'/api/portal/subscriptions', 'get'>;
export type PortalBills = Json<'/api/portal/bills', 'get'>;

type Look = { label: string; color: string };

export const SERVICE_KIND: Record<SubscriptionService['kind'], Look> = {
  paid: { label: '收费', color: 'blue' },
  bundled: { label: '随家校互动赠送', color: 'cyan' },
  free: { label: '免费', color: 'green' },
};

export const SUBSCRIPTION_STATUS: Record<Subscription['status'], Look> = {
  active: { label: '在订', color: 'success' },
  cancelled: { label: '已退订', color: 'default' },
};

export const REQUEST_STATUS: Record<SubscriptionRequest['status'], Look> = {
  pending: { label: '待家长确认', color: 'processing' },
  confirmed: { label: '家长已确认', color: 'success' },
  declined: { label: '家长未同意', color: 'warning' },
  expired: { label: '24小时未回复', color: 'default' },
  withdrawn: { label: '已撤回', color: 'default' },
};

export const RUN_STATUS: Record<BillingRun['status'], Look> = {
  queued: { label: '排队中', color: 'default' },
  running: { label: '进行中', color: 'processing' },
  done: { label: '已完成', color: 'success' },
  failed: { label: '失败', color: 'error' },
};

export const EVENT_KIND: Record<SubscriptionEvent['kind'], Look> = {
  subscribe: { label: '订购', color: 'green' },
  cancel: { label: '退订', color: 'red' },
};

/** 计费规则的简称（表格里用；完整说明是接口给的 ruleText）。 */
export const RULE_SHORT: Record<string, string> = {
  monthly: '包月',
  first_of_month: '规则一：当月订购',
  free_cancel_72h: '规则一：72小时内退订免费',
  after_20th: '规则二：20日后订购本月免费',
  resubscribe: '规则三：再次订购立即扣费',
  not_subscribed: '未订购',
};

export const ruleShort = (rule: string): string => RULE_SHORT[rule] ?? rule;

/** 分成比例（万分之几）→ 百分比文字：2000 → 20%，1250 → 12.5%。 */
export const shareText = (bp: number): string => {
  const whole = Math.trunc(bp / 100);
  const rest = bp % 100;
  return rest === 0 ? `${whole}%` : `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}%`;
};

/** 百分比输入（0–100，最多两位小数）→ 万分之几；不合法时返回 null。 */
export const parseSharePercent = (input: string): number | null => {
  const text = input.trim().replace(/%$/, '').trim();
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(text)) {
    return null;
  }
  const [whole = '0', decimals = ''] = text.split('.');
  const bp = Number(whole) * 100 + Number(decimals.padEnd(2, '0'));
  return bp <= 10_000 ? bp : null;
};

/** 账期 YYYY-MM → “2026年3月”。 */
export const monthText = (month: string): string => {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  return match ? `${match[1]}年${Number(match[2])}月` : month;
};

/** 北京时间的本月（YYYY-MM）。 */
export const currentMonth = (now: number = Date.now()): string => dayjs(now).tz(BUSINESS_TIMEZONE).format('YYYY-MM');

/** 北京时间的上个月（已结束、可以出账的最近一个月）。 */
export const previousMonth = (now: number = Date.now()): string => dayjs(now).tz(BUSINESS_TIMEZONE).startOf('month').subtract(1, 'day').format('YYYY-MM');

/** 距离某个时刻还有多久：“还剩 23 小时 5 分”；已过时返回 null。 */
export const timeLeft = (until: string, now: number = Date.now()): string | null => {
  const ms = new Date(until).getTime() - now;
  if (!Number.isFinite(ms) || ms <= 0) {
    return null;
  }
  const minutes = Math.ceil(ms / 60_000);
  const hours = Math.floor(minutes / 60);
  return hours > 0 ? `还剩 ${hours} 小时 ${minutes % 60} 分` : `还剩 ${minutes} 分钟`;
};

/** 手机号码（11 位，可带 +86、空格、短横线）→ 11 位数字；不像手机号时返回 null。 */
export const normalizeMsisdn = (input: string): string | null => {
  const digits = input.replace(/[\s-]/g, '').replace(/^(\+?86|0086)(?=1\d{10}$)/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
};
