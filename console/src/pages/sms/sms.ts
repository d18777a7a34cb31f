/**
 * 短信中心各页面共用的类型、中文名称和小工具（纯函数，单元测试见 sms.test.ts）。
 * 类型一律取自服务端生成的 api/schema.d.ts。
 */
import dayjs from 'dayjs';
import type { components, paths } from '../../api/schema';
// DateTime 同时为 dayjs 装好 utc、timezone 插件。
import type { CsvCell } from '../../components/csv';
import { BUSINESS_TIMEZONE, formatDateTime } from '../../components/DateTime';

type Json<P extends keyof paths, M extends 'get' | 'post'> = paths[P][M] extends {
  responses: { 200: { content: { 'application/json': infer T } } };
}
  ? T
  : never;
type Body<P extends keyof paths> = paths[P]['post'] extends { requestBody: { content: { 'application/json': infer T } } }
  ? T
  : never;

export type SmsMessage = components['schemas']['SmsMessage'];
export type SmsStatus = SmsMessage['status'];
export type SmsClass = SmsMessage['class'];
export type SmsMo = components['schemas']['SmsMo'];
export type SmsBulk = components['schemas']['SmsBulk'];
export type MessageLife = Json<'/api/sms/messages/{id}', 'get'>;
export type SmsPart = MessageLife['parts'][number];
export type BulkListItem = Json<'/api/sms/bulks', 'get'>['items'][number];
export type BulkSummary = BulkListItem['summary'];
export type BulkReport = Json<'/api/sms/bulks/{id}', 'get'>;
export type Optout = Json<'/api/sms/optouts', 'get'>['items'][number];
export type Gateway = Json<'/api/sms/gateways', 'get'>['items'][number];
export type GatewayConnection = Gateway['connections'][number];
export type SmsService = Json<'/api/sms/services', 'get'>['items'][number];
export type SimInfo = Json<'/api/sim/info', 'get'>;
export type PhoneLine = Json<'/api/sim/phones/{msisdn}', 'get'>['items'][number];
export type SendSmsBody = Body<'/api/sms/messages'>;
export type SendBulkBody = Body<'/api/sms/bulks'>;
export type MessageQuery = NonNullable<paths['/api/sms/messages']['get']['parameters']['query']>;

/** antd Tag 的颜色名，或预设状态（success、processing、error、warning、default）。 */
type Look = { label: string; color: string };

// ---- 短信状态 ----

/** 短信状态的中文名、标签颜色和一句话说明；查询条件、表格、详情和群发报告都用这一份。 */
export const SMS_STATUS: Record<SmsStatus, Look & { description: string }> = {
  queued: { label: '排队中', color: 'default', description: '已受理，等待发送（或按发送时段顺延）' },
  blocked: { label: '已拦截', color: 'magenta', description: '号码已退订或超过发送频率上限，未发送' },
  submitted: { label: '已提交', color: 'processing', description: '已提交给短信网关，等待网关应答' },
  accepted: { label: '网关已接收', color: 'cyan', description: '网关已接收，等待手机的状态报告' },
  delivered: { label: '已送达', color: 'success', description: '状态报告：已送达手机' },
  failed: { label: '失败', color: 'error', description: '网关拒绝或状态报告为无法送达' },
  expired: { label: '已过期', color: 'warning', description: '超过时限仍没有状态报告' },
  unknown: { label: '结果未知', color: 'gold', description: '提交后网关没有应答，结果待查' },
};

export const SMS_STATUSES = Object.keys(SMS_STATUS) as SmsStatus[];

export const isSmsStatus = (value: unknown): value is SmsStatus =>
  typeof value === 'string' && Object.hasOwn(SMS_STATUS, value);

/** 任意状态代码（短信或分段）的中文名和颜色；不认识的代码原样显示。 */
export const smsStatusLook = (status: string): Look =>
  isSmsStatus(status) ? SMS_STATUS[status] : { label: status, color: 'default' };

/** 不再变化的状态。 */
export const FINAL_STATUSES: ReadonlySet<SmsStatus> = new Set(['blocked', 'delivered', 'failed', 'expired']);

/** 手机模拟器里收到的短信下面的小标签：送达 / 失败 / 处理中…… */
export const phoneStatusLook = (status: string): Look => {
  switch (status) {
    case 'delivered':
      return { label: '送达', color: 'success' };
    case 'failed':
      return { label: '失败', color: 'error' };
    case 'blocked':
      return { label: '已拦截', color: 'magenta' };
    case 'expired':
      return { label: '已过期', color: 'warning' };
    case 'unknown':
      return { label: '结果未知', color: 'gold' };
    case 'queued':
    case 'submitted':
    case 'accepted':
      return { label: '处理中…', color: 'processing' };
    default:
      return { label: status, color: 'default' };
  }
};

// ---- 上行短信 ----

/** 上行短信（手机发来的短信）的处理状态。 */
export const MO_STATUS: Record<string, Look> = {
  received: { label: '已接收', color: 'processing' },
  part: { label: '等待其余分段', color: 'default' },
  routing: { label: '处理中', color: 'processing' },
  handled: { label: '已处理', color: 'success' },
  failed: { label: '处理失败', color: 'error' },
  assembled: { label: '已合并', color: 'default' },
  duplicate: { label: '重复分段', color: 'default' },
};

export const moStatusLook = (status: string): Look => MO_STATUS[status] ?? { label: status, color: 'default' };

/** 上行短信交给了谁处理；业务处理程序按业务代码显示。 */
const MO_ROUTES: Record<string, string> = { optout: '退订', help: '帮助回复' };

export const moRouteLabel = (route: string | null): string | null => (route === null ? null : (MO_ROUTES[route] ?? route));

// ---- 一条短信的全过程 ----

export type LifeStep = {
  key: 'queued' | 'blocked' | 'submitted' | 'accepted' | 'done';
  title: string;
  /** antd Steps 的状态。 */
  status: 'wait' | 'process' | 'finish' | 'error';
  /** 这一步发生的时间（ISO）；还没到这一步时为 null。 */
  at: string | null;
  note?: string;
};

const earliest = (times: readonly (string | null)[]): string | null =>
  times.reduce<string | null>((first, at) => (at !== null && (first === null || at < first) ? at : first), null);
const latest = (times: readonly (string | null)[]): string | null =>
  times.reduce<string | null>((last, at) => (at !== null && (last === null || at > last) ? at : last), null);

/**
 * 一条短信的几个阶段：受理 → 提交网关 → 网关接收 → 送达（或失败、过期）；被拦截的只有受理 → 拦截。
 * 时间取各分段中最早的提交、最晚的接收，以及短信的完成时间。
 */
export const lifeSteps = (message: SmsMessage, parts: readonly SmsPart[]): LifeStep[] => {
  const queued: LifeStep = { key: 'queued', title: '受理', status: 'finish', at: message.createdAt };
  if (message.status === 'blocked') {
    return [queued, { key: 'blocked', title: '已拦截', status: 'error', at: message.doneAt ?? message.updatedAt, note: message.reason ?? undefined }];
  }
  const submittedAt = earliest(parts.map((part) => part.submittedAt));
  const allAccepted = parts.length > 0 && parts.every((part) => part.acceptedAt !== null);
  const acceptedAt = allAccepted ? latest(parts.map((part) => part.acceptedAt)) : earliest(parts.map((part) => part.acceptedAt));
  const everAccepted = acceptedAt !== null;
  // 没有短信级的原因时，用第一个出错分段的错误（如网关的拒绝原因）。
  const why = message.reason ?? parts.find((part) => part.error !== null)?.error ?? undefined;
  const submitted: LifeStep = { key: 'submitted', title: '提交网关', status: 'wait', at: submittedAt };
  const accepted: LifeStep = { key: 'accepted', title: '网关接收', status: 'wait', at: acceptedAt };
  const done: LifeStep = { key: 'done', title: '送达', status: 'wait', at: null };

  switch (message.status) {
    case 'queued':
      submitted.status = 'process';
      submitted.note = message.reason ?? '等待发送';
      break;
    case 'submitted':
      submitted.status = 'finish';
      accepted.status = 'process';
      accepted.note = '等待网关应答';
      break;
    case 'unknown':
      submitted.status = 'finish';
      accepted.status = 'process';
      accepted.note = '网关没有应答，结果待查';
      break;
    case 'accepted':
      submitted.status = 'finish';
      accepted.status = 'finish';
      done.status = 'process';
      done.note = '等待状态报告';
      break;
    case 'delivered':
      submitted.status = 'finish';
      accepted.status = 'finish';
      done.status = 'finish';
      done.title = '已送达';
      done.at = message.doneAt;
      break;
    case 'expired':
      submitted.status = 'finish';
      accepted.status = 'finish';
      done.status = 'error';
      done.title = '已过期';
      done.at = message.doneAt;
      done.note = '超过时限没有收到状态报告';
      break;
    case 'failed':
      submitted.status = submittedAt === null ? 'wait' : 'finish';
      if (everAccepted) {
        accepted.status = 'finish';
        done.status = 'error';
        done.title = '失败';
        done.at = message.doneAt;
        done.note = why ?? '无法送达';
      } else {
        accepted.status = 'error';
        accepted.title = '网关拒绝';
        accepted.at = message.doneAt;
        accepted.note = why;
      }
      break;
  }
  return [queued, submitted, accepted, done];
};

// ---- 类别、运营商、网关 ----

export const SMS_CLASS: Record<SmsClass, { label: string; description: string }> = {
  verification: { label: '验证码', description: '用户主动索取，不受退订影响' },
  notice: { label: '通知', description: '学校通知、平安短信等' },
  service: { label: '服务', description: '对用户短信的回复、业务办理结果' },
  marketing: { label: '营销', description: '推广信息，只在 08:00–22:00 发送' },
};

export const SMS_CLASS_OPTIONS = (Object.keys(SMS_CLASS) as SmsClass[]).map((value) => ({
  value,
  label: SMS_CLASS[value].label,
}));

const CARRIERS: Record<string, string> = {
  cmcc: '中国移动',
  cucc: '中国联通',
  ctcc: '中国电信',
  cbn: '中国广电',
  default: '默认（未单独配置的运营商）',
};

export const carrierLabel = (carrier: string | null): string => (carrier === null ? '未知运营商' : (CARRIERS[carrier] ?? carrier));

const GATEWAY_KINDS: Record<string, string> = { sim: '模拟器', cmpp: 'CMPP', smpp: 'SMPP' };

export const gatewayKindLabel = (kind: string): string => GATEWAY_KINDS[kind] ?? kind;

type BadgeStatus = 'success' | 'processing' | 'error' | 'warning' | 'default';

const GATEWAY_STATE: Record<string, { label: string; badge: BadgeStatus }> = {
  up: { label: '正常', badge: 'success' },
  connecting: { label: '连接中', badge: 'processing' },
  down: { label: '断开', badge: 'error' },
};

export const gatewayStateLook = (state: string): { label: string; badge: BadgeStatus } =>
  GATEWAY_STATE[state] ?? { label: state, badge: 'default' };

/** 一条网关连接的状态（CMPP、SMPP 各自的状态名；模拟器直接给中文）。 */
const CONNECTION_STATE: Record<string, { label: string; badge: BadgeStatus }> = {
  ready: { label: '就绪', badge: 'success' },
  bound: { label: '已绑定', badge: 'success' },
  connecting: { label: '连接中', badge: 'processing' },
  authenticating: { label: '认证中', badge: 'processing' },
  binding: { label: '绑定中', badge: 'processing' },
  draining: { label: '排空中', badge: 'warning' },
  unbinding: { label: '解绑中', badge: 'warning' },
  disconnected: { label: '已断开', badge: 'error' },
  down: { label: '已断开', badge: 'error' },
  closed: { label: '已关闭', badge: 'default' },
  stopped: { label: '已停止', badge: 'default' },
};

export const connectionStateLook = (state: string): { label: string; badge: BadgeStatus } =>
  CONNECTION_STATE[state] ?? { label: state, badge: /已连接|正常/.test(state) ? 'success' : 'default' };

/** 状态报告代码（CMPP Stat / SMPP stat）的中文说明。 */
const REPORT_STATS: Record<string, string> = {
  DELIVRD: '已送达',
  UNDELIV: '无法送达',
  EXPIRED: '已过期',
  REJECTD: '被拒绝',
  DELETED: '已删除',
  UNKNOWN: '未知',
};

export const reportStatLabel = (stat: string): string => REPORT_STATS[stat] ?? stat;

// ---- 号码 ----

export const MOBILE = /^1[3-9]\d{9}$/;

/**
 * 号码整理成 11 位（与服务端一致）：去掉空格、连字符和 +86 / 0086 / 86 前缀。
 * 不是大陆手机号时返回 null。
 */
export const normalizeMsisdn = (input: string): string | null => {
  const digits = input.replace(/[\s-]/g, '').replace(/^(?:\+86|0086|86)(?=\d{11}$)/, '');
  return MOBILE.test(digits) ? digits : null;
};

export type ParsedRecipients = {
  /** 整理后的号码，按出现顺序，去重。 */
  numbers: string[];
  /** 不是手机号的内容（原样）。 */
  invalid: string[];
  /** 重复出现、只发一次的号码个数。 */
  duplicates: number;
};

/** 粘贴的收信人：每行一个，也接受逗号、分号、顿号或空白分隔（从 Excel 复制的一列也可以）。 */
export const parseRecipients = (text: string): ParsedRecipients => {
  const numbers: string[] = [];
  const invalid: string[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  for (const token of text.split(/[\r\n,，;；、\t]+/)) {
    const trimmed = token.trim();
    if (trimmed === '') {
      continue;
    }
    // 一行里空格分开的几个号码（整行不是一个带空格的号码时）。
    const candidates = normalizeMsisdn(trimmed) !== null ? [trimmed] : trimmed.split(/\s+/);
    for (const candidate of candidates) {
      const number = normalizeMsisdn(candidate);
      if (number === null) {
        invalid.push(candidate);
      } else if (seen.has(number)) {
        duplicates += 1;
      } else {
        seen.add(number);
        numbers.push(number);
      }
    }
  }
  return { numbers, invalid, duplicates };
};

// ---- 计费条数 ----

/** 每条短信能放的“单位”：纯 ASCII 按字符，其他按 UTF-16 编码单元（与服务端一致）。 */
export const SMS_LIMITS = {
  ascii: { single: 160, multi: 153 },
  ucs2: { single: 70, multi: 67 },
} as const;

export type SmsEncoding = keyof typeof SMS_LIMITS;

const ASCII_TEXT = /^[\x20-\x7e\r\n]*$/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const SIGNATURE_AT_START = /^\s*【[^【】\r\n]+】/;
const SIGNATURE_AT_END = /【[^【】\r\n]+】\s*$/;

/** 文字已经以【签名】开头或结尾时不再加签名。 */
export const hasSignature = (text: string): boolean => SIGNATURE_AT_START.test(text) || SIGNATURE_AT_END.test(text);

/** 服务端实际发出的文字：去掉首尾空白，前面加【签名】（已有签名时不加）。 */
export const signedText = (text: string, signature: string): string => {
  const trimmed = text.trim();
  const name = signature.trim().replace(/^【(.*)】$/s, '$1').trim();
  if (trimmed === '' || name === '' || hasSignature(trimmed)) {
    return trimmed;
  }
  return `【${name}】${trimmed}`;
};

export type SmsSize = {
  /** 实际发出的文字（含签名）。 */
  text: string;
  encoding: SmsEncoding;
  /** 计费单位数：ASCII 字符数，或 UTF-16 编码单元数（一个汉字 1 个，表情符号 2 个）。 */
  units: number;
  /** 拆成几条；空内容为 0。 */
  parts: number;
  /** 按当前条数，每条最多多少单位（1 条时 70 / 160，多条时 67 / 153）。 */
  perPart: number;
  /** 再写多少单位会多出一条。 */
  remaining: number;
};

const isHighSurrogate = (unit: number): boolean => unit >= 0xd800 && unit <= 0xdbff;

/** 拆分后的条数：超过单条上限时每条按多条上限拆，表情符号的两个编码单元不拆开。 */
const countParts = (text: string, limits: { single: number; multi: number }): number => {
  if (text.length <= limits.single) {
    return 1;
  }
  let parts = 0;
  for (let start = 0; start < text.length; parts += 1) {
    let end = Math.min(start + limits.multi, text.length);
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) {
      end -= 1;
    }
    start = end;
  }
  return parts;
};

/**
 * 一条短信按几条计费：加上【签名】后，中文（含【】）每条 70 字，超过 70 字时每条 67 字；
 * 纯英文数字每条 160 字，超过时每条 153 字。与服务端的拆分规则一致。
 */
export const smsSize = (text: string, signature = ''): SmsSize => {
  const signed = signedText(text, signature).replace(LONE_SURROGATE, '\ufffd');
  const encoding: SmsEncoding = ASCII_TEXT.test(signed) ? 'ascii' : 'ucs2';
  const limits = SMS_LIMITS[encoding];
  const units = signed.length;
  const parts = signed.trim() === '' ? 0 : countParts(signed, limits);
  const perPart = parts > 1 ? limits.multi : limits.single;
  const remaining = parts === 0 ? limits.single : parts * perPart - units;
  return { text: signed, encoding, units, parts, perPart, remaining: Math.max(0, remaining) };
};

// ---- 群发 ----

export type BulkProgress = {
  /** 已送达、失败（含过期）、已拦截、处理中各占收信人的百分比（保留一位小数）。 */
  delivered: number;
  failed: number;
  blocked: number;
  pending: number;
  /** 已有结果的比例：送达 + 失败 + 拦截。 */
  done: number;
  /** 没有处理中的号码了。 */
  finished: boolean;
};

const percentOf = (n: number, total: number): number => (total > 0 ? Math.min(100, Math.round((n / total) * 1000) / 10) : 0);

/** 群发进度：按收信人数算各部分的百分比。 */
export const bulkProgress = (summary: BulkSummary): BulkProgress => {
  const total = summary.recipients;
  return {
    delivered: percentOf(summary.delivered, total),
    failed: percentOf(summary.failed, total),
    blocked: percentOf(summary.blocked, total),
    pending: percentOf(summary.pending, total),
    done: percentOf(summary.delivered + summary.failed + summary.blocked, total),
    finished: summary.pending === 0,
  };
};

/** 群发文件名：`群发_<编号>_<北京时间日期>.csv`。 */
export const bulkCsvFilename = (bulk: Pick<SmsBulk, 'id' | 'createdAt'>): string =>
  `群发_${bulk.id.replace(/[\\/:*?"<>|\s]+/g, '_')}_${dayjs(bulk.createdAt).tz(BUSINESS_TIMEZONE).format('YYYY-MM-DD')}.csv`;

/** 群发中每个号码的状态，导出成 CSV 的表格（表头 + 每个号码一行）。 */
export const bulkCsvRows = (messages: readonly SmsMessage[]): CsvCell[][] => [
  ['号码', '运营商', '状态', '原因', '条数', '受理时间', '完成时间', '短信编号'],
  ...messages.map((message) => [
    message.to,
    carrierLabel(message.carrier),
    SMS_STATUS[message.status].label,
    message.reason ?? '',
    message.parts,
    formatDateTime(message.createdAt),
    formatDateTime(message.doneAt),
    message.id,
  ]),
];

// ---- 时间 ----

/** 时间选择器里的北京时间“墙上时间”（YYYY-MM-DD HH:mm:ss）→ ISO 时刻，与浏览器所在时区无关。 */
export const beijingToIso = (wallClock: string): string => dayjs.tz(wallClock, BUSINESS_TIMEZONE).toISOString();

/** 只显示时分（今天）或月日时分（更早），手机会话里用。 */
export const shortTime = (iso: string, now: Date = new Date()): string => {
  const at = dayjs(iso).tz(BUSINESS_TIMEZONE);
  const today = dayjs(now).tz(BUSINESS_TIMEZONE);
  return at.isSame(today, 'day') ? at.format('HH:mm:ss') : at.format('MM-DD HH:mm');
};

// ---- 退订 ----

/** 退订名单里“全部短信”的业务代码。 */
export const ALL_SERVICES = '*';

export const serviceLabel = (code: string, services: readonly SmsService[]): string => {
  if (code === ALL_SERVICES) {
    return '全部短信';
  }
  const title = services.find((service) => service.code === code)?.title;
  return title ? title : code;
};

const OPTOUT_SOURCES: Record<string, string> = { sms: '用户短信退订', console: '控制台添加', api: '接口添加' };

/** 退订从哪里来。 */
export const optoutSourceLabel = (source: string): string => OPTOUT_SOURCES[source] ?? source;
