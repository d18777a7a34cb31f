/**
 * The SMPP gateway URL:
 *
 *   smpp://systemId:password@host:port?serviceCode=10657099&connections=1&rate=100&window=16
 *
 * | part        | meaning                                                        | default |
 * |-------------|----------------------------------------------------------------|---------|
 * | systemId    | bind system_id (SMPP 3.4: at most 15 characters)               | —       |
 * | password    | bind password (SMPP 3.4 says 8; we accept up to 16 for SMSCs that allow more) | — |
 * | port        | TCP port                                                       | 2775    |
 * | serviceCode | the SP's service code; source_addr when a part carries none    | none    |
 * | connections | binds kept open (bind_transceiver each)                        | 1       |
 * | rate        | submit_sm per second per connection                            | no limit|
 * | window      | submit_sm awaiting a response per connection                   | 16      |
 * | systemType  | bind system_type                                               | ''      |
 *
 * Errors are ConfigError('SMS_GATEWAY', …) in Chinese. They never repeat the URL: it holds
 * the password.
 */
import { ConfigError } from '../../../platform/config-error';

export interface SmppUrl {
  host: string;
  port: number;
  systemId: string;
  password: string;
  systemType: string;
  serviceCode: string | null;
  connections: number;
  /** submit_sm per second per connection; null: no limit. */
  rate: number | null;
  window: number;
}

const PARAMS = ['serviceCode', 'connections', 'rate', 'window', 'systemType'] as const;
type Param = (typeof PARAMS)[number];

const INTEGER_PARAMS: Record<'connections' | 'rate' | 'window', { min: number; max: number; label: string }> = {
  connections: { min: 1, max: 32, label: '连接数 connections' },
  rate: { min: 1, max: 100_000, label: '每连接每秒条数 rate' },
  window: { min: 1, max: 1024, label: '每连接窗口 window' },
};

function fail(message: string): never {
  throw new ConfigError('SMS_GATEWAY', message);
}

function decode(part: string, what: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return fail(`SMPP 网关地址中的${what}含有无效的 % 编码`);
  }
}

function integer(name: keyof typeof INTEGER_PARAMS, raw: string): number {
  const { min, max, label } = INTEGER_PARAMS[name];
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    fail(`SMPP 网关地址的${label}应为 ${String(min)} 到 ${String(max)} 之间的整数，实际为 "${raw}"`);
  }
  return Number(raw);
}

function isParam(name: string): name is Param {
  return (PARAMS as readonly string[]).includes(name);
}

export function parseSmppUrl(raw: string): SmppUrl {
  if (!/^smpp:\/\//i.test(raw.trim())) {
    fail('SMPP 网关地址应以 smpp:// 开头，形如 smpp://系统号:密码@主机:端口?serviceCode=10657099');
  }
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return fail('不是有效的 SMPP 网关地址，应形如 smpp://系统号:密码@主机:端口?serviceCode=10657099');
  }
  const systemId = decode(url.username, '系统号');
  const password = decode(url.password, '密码');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (systemId === '') {
    fail('SMPP 网关地址缺少系统号 system_id，应形如 smpp://系统号:密码@主机:端口');
  }
  if (systemId.length > 15 || /[^\x21-\x7e]/.test(systemId)) {
    fail('SMPP 系统号 system_id 应为最多 15 个可见 ASCII 字符');
  }
  if (password === '') {
    fail('SMPP 网关地址缺少密码，应形如 smpp://系统号:密码@主机:端口');
  }
  if (password.length > 16 || /[^\x21-\x7e]/.test(password)) {
    fail('SMPP 密码应为最多 16 个可见 ASCII 字符（SMPP 3.4 规定 8 个）');
  }
  if (host === '') {
    fail('SMPP 网关地址缺少主机名');
  }
  if (url.pathname !== '' && url.pathname !== '/') {
    fail('SMPP 网关地址不应带路径，参数请写在 ? 之后');
  }
  const port = url.port === '' ? 2775 : Number(url.port);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    fail(`SMPP 端口应为 1 到 65535 之间的整数，实际为 "${url.port}"`);
  }

  const out: SmppUrl = { host, port, systemId, password, systemType: '', serviceCode: null, connections: 1, rate: null, window: 16 };
  const seen = new Set<string>();
  for (const [name, value] of url.searchParams) {
    if (!isParam(name)) {
      fail(`SMPP 网关地址有未知参数 "${name}"，可用参数：${PARAMS.join('、')}`);
    }
    if (seen.has(name)) {
      fail(`SMPP 网关地址的参数 "${name}" 出现了不止一次`);
    }
    seen.add(name);
    switch (name) {
      case 'serviceCode':
        if (!/^\d{4,20}$/.test(value)) {
          fail(`SMPP 网关地址的服务代码 serviceCode 应为 4 到 20 位数字，例如 10657099，实际为 "${value}"`);
        }
        out.serviceCode = value;
        break;
      case 'systemType':
        if (value.length > 12 || /[^\x20-\x7e]/.test(value)) {
          fail('SMPP 网关地址的 systemType 应为最多 12 个 ASCII 字符');
        }
        out.systemType = value;
        break;
      case 'connections':
      case 'rate':
      case 'window':
        out[name] = integer(name, value);
        break;
    }
  }
  return out;
}

/** The URL without the password, for status pages and logs. */
export function describeSmppUrl(u: SmppUrl): string {
  const query = new URLSearchParams();
  if (u.serviceCode !== null) {
    query.set('serviceCode', u.serviceCode);
  }
  query.set('connections', String(u.connections));
  if (u.rate !== null) {
    query.set('rate', String(u.rate));
  }
  query.set('window', String(u.window));
  if (u.systemType !== '') {
    query.set('systemType', u.systemType);
  }
  const host = u.host.includes(':') ? `[${u.host}]` : u.host;
  return `smpp://${encodeURIComponent(u.systemId)}@${host}:${String(u.port)}?${query.toString()}`;
}
