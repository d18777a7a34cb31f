/**
 * Configuration from the environment (and an optional `.env` in the working directory).
 * Every variable is validated at start; a bad value stops the process with one line
 * that names the variable.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from './config-error';
import { loadSmsConfig, type SmsConfig } from './config-sms';

export { ConfigError } from './config-error';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export type DatabaseConfig =
  | { kind: 'sqlite'; file: string }
  | { kind: 'postgres'; url: string };

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  database: DatabaseConfig;
  businessTimezone: string;
  logLevel: LogLevel;
  /** Load demo data on the first start of an empty database. */
  demoData: boolean;
  /** Run the job worker and scheduler in this process. */
  worker: boolean;
  /** Mark cookies Secure (set when served over HTTPS). */
  secureCookies: boolean;
  /** Believe X-Forwarded-For (only behind a load balancer that sets it). */
  trustProxy: boolean;
  /** PostgreSQL: evaluate the ledger's next batch while one is being written (decision 0021). */
  ledgerPipeline: boolean;
  /** How long a resolved console session is reused, ms (decision 0022); 0: every request reads it. */
  sessionCacheMs: number;
  sms: SmsConfig;
}

type Env = Record<string, string | undefined>;

function read(env: Env, name: string): string | undefined {
  const v = env[name];
  if (v === undefined) {
    return undefined;
  }
  const t = v.trim();
  return t === '' ? undefined : t;
}

function parsePort(env: Env): number {
  const raw = read(env, 'PORT');
  if (raw === undefined) {
    return 8080;
  }
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 65535) {
    throw new ConfigError('PORT', `应为 1 到 65535 之间的整数，实际为 "${raw}"`);
  }
  return Number(raw);
}

function parseBool(env: Env, name: string, fallback: boolean): boolean {
  const raw = read(env, name);
  if (raw === undefined) {
    return fallback;
  }
  const v = raw.toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) {
    return true;
  }
  if (['0', 'false', 'no', 'off'].includes(v)) {
    return false;
  }
  throw new ConfigError(name, `应为 true 或 false，实际为 "${raw}"`);
}

function parseSessionCache(env: Env): number {
  const raw = read(env, 'SESSION_CACHE_MS');
  if (raw === undefined) {
    return 1000;
  }
  if (!/^\d+$/.test(raw) || Number(raw) > 60_000) {
    throw new ConfigError('SESSION_CACHE_MS', `应为 0 到 60000 之间的毫秒数（0 表示每个请求都查数据库），实际为 "${raw}"`);
  }
  return Number(raw);
}

function parseTimezone(env: Env): string {
  const tz = read(env, 'TZ_BUSINESS') ?? 'Asia/Shanghai';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    throw new ConfigError('TZ_BUSINESS', `不是有效的 IANA 时区名称（例如 Asia/Shanghai），实际为 "${tz}"`);
  }
  return tz;
}

function parseLogLevel(env: Env): LogLevel {
  const raw = read(env, 'LOG_LEVEL') ?? 'info';
  const v = raw.toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(v)) {
    throw new ConfigError('LOG_LEVEL', `应为 ${LOG_LEVELS.join(' / ')} 之一，实际为 "${raw}"`);
  }
  return v as LogLevel;
}

function parseDatabase(env: Env, dataDir: string): DatabaseConfig {
  const raw = read(env, 'DATABASE_URL');
  if (raw === undefined) {
    return { kind: 'sqlite', file: path.join(dataDir, 'yikatong.sqlite') };
  }
  if (raw.startsWith('sqlite:')) {
    const file = raw.slice('sqlite:'.length).replace(/^\/\//, '');
    if (file === '') {
      throw new ConfigError('DATABASE_URL', 'sqlite: 后应跟数据库文件路径，例如 sqlite:./data/yikatong.sqlite');
    }
    return { kind: 'sqlite', file: file === ':memory:' ? file : path.resolve(file) };
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('DATABASE_URL', '不是有效的地址，应形如 postgres://用户@主机:5432/数据库');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError('DATABASE_URL', `只支持 postgres:// 或 sqlite:，实际协议为 "${url.protocol}"`);
  }
  if (url.hostname === '' || url.pathname.length <= 1) {
    throw new ConfigError('DATABASE_URL', '缺少主机名或数据库名，应形如 postgres://用户@主机:5432/数据库');
  }
  return { kind: 'postgres', url: raw };
}

export function loadConfig(env: Env = process.env): Config {
  const dataDir = path.resolve(read(env, 'DATA_DIR') ?? './data');
  const database = parseDatabase(env, dataDir);
  return {
    port: parsePort(env),
    host: read(env, 'HOST') ?? '0.0.0.0',
    dataDir,
    database,
    businessTimezone: parseTimezone(env),
    logLevel: parseLogLevel(env),
    demoData: parseBool(env, 'DEMO_DATA', true),
    worker: parseBool(env, 'WORKER', true),
    secureCookies: parseBool(env, 'SECURE_COOKIES', false),
    trustProxy: parseBool(env, 'TRUST_PROXY', false),
    ledgerPipeline: parseBool(env, 'LEDGER_PIPELINE', true),
    sessionCacheMs: parseSessionCache(env),
    sms: loadSmsConfig(env),
  };
}

/** Reads `.env` from the working directory into process.env (real environment wins). */
export function loadDotEnv(file = path.resolve('.env')): void {
  if (existsSync(file)) {
    process.loadEnvFile(file);
  }
}

/** The configuration with secrets (database password) masked, for `config check` and logs. */
export function describeConfig(config: Config): Record<string, string | number | boolean> {
  const db =
    config.database.kind === 'sqlite'
      ? `sqlite:${config.database.file}`
      : config.database.url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  return {
    PORT: config.port,
    HOST: config.host,
    DATA_DIR: config.dataDir,
    DATABASE_URL: db,
    TZ_BUSINESS: config.businessTimezone,
    LOG_LEVEL: config.logLevel,
    DEMO_DATA: config.demoData,
    WORKER: config.worker,
    SECURE_COOKIES: config.secureCookies,
    TRUST_PROXY: config.trustProxy,
    LEDGER_PIPELINE: config.ledgerPipeline,
    SESSION_CACHE_MS: config.sessionCacheMs,
  };
}
