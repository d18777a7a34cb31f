/**
 * 审计日志页面的类型、中文名称和小工具（纯函数，单元测试见 audit.test.ts）。
 * 类型一律取自服务端生成的 api/schema.d.ts。
 */
import dayjs from 'dayjs';
import type { components, paths } from '../../../api/schema';
// DateTime 同时为 dayjs 装好 utc、timezone 插件。
import { BUSINESS_TIMEZONE } from '../../../components/DateTime';

export type AuditEntry = components['schemas']['AuditEntry'];
export type AuditChannel = AuditEntry['channel'];
export type AuditResult = AuditEntry['result'];
export type AuditActorKind = AuditEntry['actorKind'];
export type AuditQuery = NonNullable<paths['/api/audit']['get']['parameters']['query']>;

type Look = { label: string; color: string };

export const AUDIT_CHANNEL: Record<AuditChannel, Look> = {
  web: { label: '网页', color: 'blue' },
  api: { label: '接口', color: 'geekblue' },
  device: { label: '设备', color: 'purple' },
  sms: { label: '短信', color: 'cyan' },
  cli: { label: '命令行', color: 'gold' },
  system: { label: '系统', color: 'default' },
};

export const AUDIT_RESULT: Record<AuditResult, Look & { description: string }> = {
  ok: { label: '成功', color: 'success', description: '操作已完成' },
  denied: { label: '拒绝', color: 'warning', description: '未登录、没有权限或页面已过期（401、403）' },
  failed: { label: '失败', color: 'error', description: '请求不正确或处理出错' },
};

/** 操作（服务端权限表里的动作名）的中文说明；不认识的动作原样显示。 */
export const AUDIT_ACTIONS: Record<string, string> = {
  public: '登录、验证码等公开操作',
  'session.self': '本人会话（退出登录等）',
  'users.manage': '管理用户',
  'jobs.retry': '重试后台任务',
  'ledger.write': '记账（开户、转账、冲正）',
  'sms.send': '发送短信',
  'sms.optouts': '退订名单',
  'sms.sim': '短信模拟器',
  'agency.manage': '管理代理商',
  'outlet.manage': '管理营业网点',
  'school.manage': '管理学校',
  'staff.manage': '管理教职工',
  'class.manage': '管理班级',
  'student.manage': '管理学生',
  'student.limits': '设置消费限额',
  'devices.manage': '管理设备',
  'device.call': '设备上报',
  'privacy.export': '导出个人数据',
  'privacy.anonymise': '匿名化个人数据',
  'demo.load': '载入演示数据',
  'db.migrate': '数据库迁移',
};

export const actionLabel = (action: string): string => AUDIT_ACTIONS[action] ?? action;

export const CHANNEL_OPTIONS = (Object.keys(AUDIT_CHANNEL) as AuditChannel[]).map((value) => ({ value, label: AUDIT_CHANNEL[value].label }));
export const RESULT_OPTIONS = (Object.keys(AUDIT_RESULT) as AuditResult[]).map((value) => ({ value, label: AUDIT_RESULT[value].label }));
export const ACTION_OPTIONS = Object.entries(AUDIT_ACTIONS).map(([value, label]) => ({ value, label: `${label}（${value}）` }));

/** 操作人的显示名：用户显示姓名（读取时查询，记录里只有编号），其他按类型说明。 */
export const actorLabel = (entry: Pick<AuditEntry, 'actorKind' | 'actorId' | 'actorName'>): string => {
  switch (entry.actorKind) {
    case 'user':
      return entry.actorName ?? (entry.actorId ? '已删除或匿名化的用户' : '用户');
    case 'device':
      return `设备 ${entry.actorId ?? ''}`.trim();
    case 'phone':
      return '手机用户（匿名代号）';
    case 'system':
      return `系统${entry.actorId ? `（${entry.actorId}）` : ''}`;
    case 'anonymous':
      return '未登录';
  }
};

/** 结果的小字：状态码和错误码，如 “403 FORBIDDEN”。 */
export const resultDetail = (entry: Pick<AuditEntry, 'status' | 'errorCode'>): string =>
  [entry.status ?? null, entry.errorCode ?? null].filter((part) => part !== null).join(' ');

/** 租户：类型与编号，如 “学校 s1”；没有时为 null。 */
const TENANT_TITLES: Record<string, string> = {
  platform: '平台',
  agency: '代理商',
  outlet: '营业网点',
  school: '学校',
  class: '班级',
  student: '学生',
};
export const tenantLabel = (entry: Pick<AuditEntry, 'tenantType' | 'tenantId'>): string | null => {
  if (!entry.tenantType) {
    return null;
  }
  if (entry.tenantType === 'platform') {
    return '平台';
  }
  return `${TENANT_TITLES[entry.tenantType] ?? entry.tenantType} ${entry.tenantId ?? ''}`.trim();
};

/** 查询表单的值：时间范围是北京时间的“墙上时间”。 */
export type AuditFilterValues = {
  range?: [string, string];
  actor?: string;
  action?: string;
  channel?: AuditChannel;
  result?: AuditResult;
  q?: string;
};

/** 表单的值 → 接口的查询参数（空值去掉，时间按北京时间换成 ISO）。 */
export const toAuditQuery = (values: AuditFilterValues, cursor?: string, limit = 20): AuditQuery => {
  const text = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);
  return {
    from: values.range?.[0] ? dayjs.tz(values.range[0], BUSINESS_TIMEZONE).toISOString() : undefined,
    to: values.range?.[1] ? dayjs.tz(values.range[1], BUSINESS_TIMEZONE).toISOString() : undefined,
    actor: text(values.actor),
    action: text(values.action),
    channel: values.channel,
    result: values.result,
    q: text(values.q),
    cursor,
    limit,
  };
};
