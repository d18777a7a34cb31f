/**
 * The CMPP gateway address:
 *
 *   cmpp://spId:secret@host:port?serviceId=XXT&srcId=10657099&version=2.0&connections=2&rate=100&window=16
 *
 * spId      SP_Id (企业代码), 1–6 characters; the login name and Msg_src.
 * secret    the shared secret (percent-encode reserved characters).
 * port      default 7890, the long-connection port (§2.1).
 * serviceId Service_Id of every SUBMIT (业务代码), required, up to 10 letters or digits.
 * srcId     the service code (服务代码) the SP was given, required, digits; a part's Src_Id
 *           (the code plus an extension) must start with it.
 * version   2.0 (default), 2.1 or 3.0.
 * connections, rate (parts per second per connection), window (unanswered SUBMITs per
 *           connection): defaults 1, 100, 16 (the recommended window, §2.1).
 *
 * Errors are `CmppUrlError` (code CMPP_BAD_URL) with a Chinese message that never repeats the
 * secret.
 */
import { AppError } from '../../../platform/errors';

export interface CmppUrl {
  spId: string;
  secret: string;
  host: string;
  port: number;
  serviceId: string;
  srcId: string;
  /** The Version byte sent in CONNECT: 0x20, 0x21 or 0x30. */
  version: 0x20 | 0x21 | 0x30;
  connections: number;
  rate: number;
  window: number;
}

export class CmppUrlError extends AppError {
  constructor(reason: string, details: Record<string, unknown> = {}) {
    super('CMPP_BAD_URL', 'invalid', `CMPP 网关地址错误：${reason}`, details);
    this.name = 'CmppUrlError';
  }
}

export const CMPP_DEFAULT_PORT = 7890;

const VERSIONS = { '2.0': 0x20, '2.1': 0x21, '3.0': 0x30 } as const;
const KNOWN_PARAMS = new Set(['serviceId', 'srcId', 'version', 'connections', 'rate', 'window']);

const EXAMPLE = 'cmpp://900001:密钥@10.1.2.3:7890?serviceId=XXT&srcId=10657099';

function integerParam(params: URLSearchParams, name: string, fallback: number, min: number, max: number, label: string): number {
  const raw = params.get(name);
  if (raw === null) {
    return fallback;
  }
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new CmppUrlError(`${name}（${label}）应为 ${String(min)} 到 ${String(max)} 之间的整数，实际为 "${raw}"`, { param: name });
  }
  return Number(raw);
}

function decode(component: string, what: string): string {
  try {
    return decodeURIComponent(component);
  } catch {
    throw new CmppUrlError(`${what}中的百分号编码不正确`);
  }
}

/** Parses and checks a cmpp:// address. Throws CmppUrlError. */
export function parseCmppUrl(text: string): CmppUrl {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new CmppUrlError(`不是有效的地址，应形如 ${EXAMPLE}`);
  }
  if (url.protocol !== 'cmpp:') {
    throw new CmppUrlError(`协议应为 cmpp://，实际为 ${url.protocol}//`);
  }
  const spId = decode(url.username, '企业代码');
  const secret = decode(url.password, '密钥');
  if (!/^[0-9A-Za-z]{1,6}$/.test(spId)) {
    throw new CmppUrlError(`缺少或错误的企业代码（SP_Id，1 到 6 位字母或数字），应形如 ${EXAMPLE}`);
  }
  if (secret === '') {
    throw new CmppUrlError('缺少密钥：地址中企业代码后应有 ":密钥"');
  }
  if (url.hostname === '') {
    throw new CmppUrlError('缺少网关主机名或 IP 地址');
  }
  const port = url.port === '' ? CMPP_DEFAULT_PORT : Number(url.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new CmppUrlError(`端口应为 1 到 65535，实际为 "${url.port}"`);
  }
  if (url.pathname !== '' && url.pathname !== '/') {
    throw new CmppUrlError(`地址不应包含路径 "${url.pathname}"`);
  }
  const params = url.searchParams;
  for (const name of params.keys()) {
    if (!KNOWN_PARAMS.has(name)) {
      throw new CmppUrlError(`未知参数 "${name}"，可用参数：${[...KNOWN_PARAMS].join('、')}`, { param: name });
    }
  }
  const serviceId = params.get('serviceId') ?? '';
  if (!/^[0-9A-Za-z]{1,10}$/.test(serviceId)) {
    throw new CmppUrlError(`serviceId（业务代码）必填，为 1 到 10 位字母或数字，实际为 "${serviceId}"`, { param: 'serviceId' });
  }
  const srcId = params.get('srcId') ?? '';
  if (!/^\d{1,21}$/.test(srcId)) {
    throw new CmppUrlError(`srcId（服务代码，如 10657099）必填，为 1 到 21 位数字，实际为 "${srcId}"`, { param: 'srcId' });
  }
  const versionText = params.get('version') ?? '2.0';
  if (!Object.hasOwn(VERSIONS, versionText)) {
    throw new CmppUrlError(`version（协议版本）应为 2.0、2.1 或 3.0，实际为 "${versionText}"`, { param: 'version' });
  }
  return {
    spId,
    secret,
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port,
    serviceId,
    srcId,
    version: VERSIONS[versionText as keyof typeof VERSIONS],
    connections: integerParam(params, 'connections', 1, 1, 32, '连接数'),
    rate: integerParam(params, 'rate', 100, 1, 100_000, '每条连接每秒条数'),
    window: integerParam(params, 'window', 16, 1, 1024, '每条连接未应答的 SUBMIT 上限'),
  };
}

/** The address as text, with the secret replaced: for status pages and logs. */
export function formatCmppUrl(url: CmppUrl, options: { showSecret?: boolean } = {}): string {
  const secret = options.showSecret === true ? encodeURIComponent(url.secret) : '***';
  const host = url.host.includes(':') ? `[${url.host}]` : url.host;
  const version = url.version === 0x30 ? '3.0' : url.version === 0x21 ? '2.1' : '2.0';
  const query = new URLSearchParams({
    serviceId: url.serviceId,
    srcId: url.srcId,
    version,
    connections: String(url.connections),
    rate: String(url.rate),
    window: String(url.window),
  });
  return `cmpp://${encodeURIComponent(url.spId)}:${secret}@${host}:${String(url.port)}?${query.toString()}`;
}
