/**
 * “我的账户”页面的纯逻辑：角色所在范围的说法、登录设备的辨认（由浏览器标识）、
 * API 令牌的有效期选项。界面在 index.tsx 和 components/。
 */
import type { paths } from '../../api/schema';

type Ok<T extends { responses: { 200: { content: { 'application/json': unknown } } } }> = T['responses'][200]['content']['application/json'];

export type Account = Ok<paths['/api/auth/account']['get']>;
export type AccountSession = Ok<paths['/api/auth/sessions']['get']>['items'][number];
export type ApiToken = Ok<paths['/api/auth/tokens']['get']>['items'][number];
type TenantType = Account['roles'][number]['tenantType'];

/** 角色所在范围的中文名（与服务端 TENANT_TITLES 一致）。 */
export const TENANT_LABELS: Record<TenantType, string> = {
  platform: '平台',
  agency: '代理商',
  outlet: '营业网点',
  school: '学校',
  class: '班级',
  student: '学生',
};

/** 一个角色在哪里有效：“全平台”或“班级 c1”。 */
export const roleScope = (grant: { tenantType: TenantType; tenantId: string }): string =>
  grant.tenantType === 'platform' ? '全平台' : `${TENANT_LABELS[grant.tenantType]} ${grant.tenantId}`;

export type DeviceKind = 'desktop' | 'mobile' | 'tablet' | 'program' | 'unknown';

export type DeviceDescription = { kind: DeviceKind; label: string };

const BROWSERS: [RegExp, string][] = [
  [/MicroMessenger/i, '微信'],
  [/DingTalk/i, '钉钉'],
  [/Edg(e|A|iOS)?\//, 'Edge'],
  [/OPR\//, 'Opera'],
  [/Firefox\/|FxiOS/, 'Firefox'],
  [/Chrome\/|CriOS/, 'Chrome'],
  [/Version\/[\d.]+.*Safari/, 'Safari'],
];

const SYSTEMS: [RegExp, string][] = [
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Android/, 'Android'],
  [/HarmonyOS/, '鸿蒙'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/CrOS/, 'ChromeOS'],
  [/Linux|X11/, 'Linux'],
];

const PROGRAMS = /curl|wget|python|node|axios|okhttp|go-http|java\/|postman|insomnia/i;

/** 由浏览器标识（User-Agent）说出是什么设备：“电脑 · Chrome · Windows”。 */
export const describeUserAgent = (ua: string | null | undefined): DeviceDescription => {
  if (!ua) {
    return { kind: 'unknown', label: '未知设备' };
  }
  if (PROGRAMS.test(ua) && !/Mozilla\//.test(ua)) {
    const name = /^([\w.-]+)/.exec(ua)?.[1] ?? '程序';
    return { kind: 'program', label: `程序 · ${name}` };
  }
  const kind: DeviceKind = /iPad|Tablet/.test(ua)
    ? 'tablet'
    : /Mobile|iPhone|Android/.test(ua)
      ? 'mobile'
      : /Windows|Macintosh|X11|Linux|CrOS/.test(ua)
        ? 'desktop'
        : 'unknown';
  const browser = BROWSERS.find(([pattern]) => pattern.test(ua))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(ua))?.[1];
  const device = { desktop: '电脑', mobile: '手机', tablet: '平板', program: '程序', unknown: '未知设备' }[kind];
  return { kind, label: [device, browser, system].filter(Boolean).join(' · ') };
};

/** 创建 API 令牌时可选的有效期（天）；服务端最长 365 天。 */
export const TOKEN_DURATIONS = [
  { days: 7, label: '7 天' },
  { days: 30, label: '30 天' },
  { days: 90, label: '90 天' },
  { days: 180, label: '半年' },
  { days: 365, label: '1 年' },
] as const;

export const DEFAULT_TOKEN_DAYS = 90;

/** 令牌名称：1 到 40 个字（与服务端一致）。 */
export const TOKEN_NAME_MAX = 40;
