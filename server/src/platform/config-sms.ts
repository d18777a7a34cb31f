/**
 * The SMS part of the configuration: which gateway serves which carrier, the service code,
 * the signature, and the compliance rules (quiet hours and per-recipient caps per class).
 *
 *   SMS_GATEWAY        sim://                                   one gateway for every number
 *                      cmcc=cmpp://sp:secret@host:7890?…;default=smpp://…   a route table by carrier
 *   SMS_SERVICE_CODE   10657099        the SP's service code (MT source, MO destination)
 *   SMS_SIGNATURE      一卡通           put in 【】 at the start of every message
 *   SMS_MAX_PARTS      5               longest message, in parts
 *   SMS_QUIET_HOURS    marketing=08:00-22:00   per class, the window in which it may be sent
 *   SMS_CAPS           verification=1/1m,5/1h,10/1d;notice=60/1d;service=30/1d;marketing=3/1d
 *   SMS_REPORT_TIMEOUT_HOURS 48        no delivery report by then: expired
 */
import { ConfigError } from './config-error';

export const SMS_CLASSES = ['verification', 'notice', 'service', 'marketing'] as const;
export type SmsClass = (typeof SMS_CLASSES)[number];
export const CARRIERS = ['cmcc', 'cucc', 'ctcc', 'cbn'] as const;
export type Carrier = (typeof CARRIERS)[number];

export interface SmsCap {
  limit: number;
  windowMs: number;
}

export interface SmsConfig {
  /** Gateway URL by carrier; `default` serves every carrier without its own entry. */
  gateways: { default: string } & Partial<Record<Carrier, string>>;
  serviceCode: string;
  signature: string;
  maxParts: number;
  /** Minutes after local midnight [from, to): a class may be sent only inside its window. */
  quietHours: Partial<Record<SmsClass, { from: number; to: number }>>;
  caps: Record<SmsClass, SmsCap[]>;
  reportTimeoutMs: number;
}

type Env = Record<string, string | undefined>;

const DEFAULT_CAPS = 'verification=1/1m,5/1h,10/1d;notice=60/1d;service=30/1d;marketing=3/1d';
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

function read(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v === undefined || v === '' ? undefined : v;
}

function parseGateways(raw: string): SmsConfig['gateways'] {
  const checkUrl = (url: string) => {
    if (!/^(sim|cmpp|smpp):\/\//.test(url)) {
      throw new ConfigError('SMS_GATEWAY', `网关地址应以 sim://、cmpp:// 或 smpp:// 开头，实际为 "${url}"`);
    }
    try {
      new URL(url);
    } catch {
      throw new ConfigError('SMS_GATEWAY', `不是有效的网关地址："${url}"`);
    }
    return url;
  };
  if (!raw.includes('=') || /^[a-z]+:\/\//.test(raw)) {
    return { default: checkUrl(raw) };
  }
  const out: Partial<Record<Carrier | 'default', string>> = {};
  for (const entry of raw.split(';').map((e) => e.trim()).filter(Boolean)) {
    const eq = entry.indexOf('=');
    const name = entry.slice(0, eq).trim();
    if (eq < 0 || !(name === 'default' || (CARRIERS as readonly string[]).includes(name))) {
      throw new ConfigError('SMS_GATEWAY', `路由表的每一项应形如 cmcc=cmpp://…，运营商为 ${CARRIERS.join('/')} 或 default，实际为 "${entry}"`);
    }
    out[name as Carrier | 'default'] = checkUrl(entry.slice(eq + 1).trim());
  }
  if (out.default === undefined) {
    throw new ConfigError('SMS_GATEWAY', '路由表必须有一项 default=…，用于其他运营商的号码');
  }
  return { ...out, default: out.default };
}

/** Minutes after midnight → "HH:MM" (the form SMS_QUIET_HOURS is written in). */
export function formatMinuteOfDay(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function parseClock(text: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!m) {
    return null;
  }
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h <= 24 && min < 60 && h * 60 + min <= 1440 ? h * 60 + min : null;
}

function isClass(name: string): name is SmsClass {
  return (SMS_CLASSES as readonly string[]).includes(name);
}

function parseQuietHours(raw: string): SmsConfig['quietHours'] {
  const out: SmsConfig['quietHours'] = {};
  for (const entry of raw.split(';').map((e) => e.trim()).filter(Boolean)) {
    const m = /^([a-z]+)=(\S+)-(\S+)$/.exec(entry);
    const from = m ? parseClock(m[2] ?? '') : null;
    const to = m ? parseClock(m[3] ?? '') : null;
    if (!m || !isClass(m[1] ?? '') || from === null || to === null || from >= to) {
      throw new ConfigError('SMS_QUIET_HOURS', `每一项应形如 marketing=08:00-22:00（类别为 ${SMS_CLASSES.join('/')}），实际为 "${entry}"`);
    }
    out[m[1] as SmsClass] = { from, to };
  }
  return out;
}

function parseCaps(raw: string): SmsConfig['caps'] {
  const out: SmsConfig['caps'] = { verification: [], notice: [], service: [], marketing: [] };
  for (const entry of raw.split(';').map((e) => e.trim()).filter(Boolean)) {
    const [name = '', list = ''] = entry.split('=');
    if (!isClass(name)) {
      throw new ConfigError('SMS_CAPS', `未知的短信类别 "${name}"，应为 ${SMS_CLASSES.join('/')} 之一`);
    }
    out[name] = list.split(',').map((c) => {
      const m = /^(\d+)\/(\d+)([smhd])$/.exec(c.trim());
      if (!m || Number(m[1]) < 1 || Number(m[2]) < 1) {
        throw new ConfigError('SMS_CAPS', `上限应形如 5/1h（条数/时长，单位 s m h d），实际为 "${c}"`);
      }
      return { limit: Number(m[1]), windowMs: Number(m[2]) * (UNIT_MS[m[3] ?? 's'] ?? 1000) };
    });
  }
  return out;
}

function parseInteger(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = read(env, name);
  if (raw === undefined) {
    return fallback;
  }
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `应为 ${min} 到 ${max} 之间的整数，实际为 "${raw}"`);
  }
  return Number(raw);
}

export function loadSmsConfig(env: Env): SmsConfig {
  const serviceCode = read(env, 'SMS_SERVICE_CODE') ?? '10657099';
  if (!/^\d{4,20}$/.test(serviceCode)) {
    throw new ConfigError('SMS_SERVICE_CODE', `应为 4 到 20 位数字，例如 10657099，实际为 "${serviceCode}"`);
  }
  const signature = (read(env, 'SMS_SIGNATURE') ?? '一卡通').replace(/^【|】$/g, '');
  if (signature.length < 2 || signature.length > 18 || /[【】]/.test(signature)) {
    throw new ConfigError('SMS_SIGNATURE', `签名应为 2 到 18 个字符，不含【】，实际为 "${signature}"`);
  }
  return {
    gateways: parseGateways(read(env, 'SMS_GATEWAY') ?? 'sim://'),
    serviceCode,
    signature,
    maxParts: parseInteger(env, 'SMS_MAX_PARTS', 5, 1, 10),
    quietHours: parseQuietHours(read(env, 'SMS_QUIET_HOURS') ?? 'marketing=08:00-22:00'),
    caps: parseCaps(read(env, 'SMS_CAPS') ?? DEFAULT_CAPS),
    reportTimeoutMs: parseInteger(env, 'SMS_REPORT_TIMEOUT_HOURS', 48, 1, 720) * 3_600_000,
  };
}
