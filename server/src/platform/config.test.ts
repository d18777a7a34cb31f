import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig, loadDotEnv } from './config';

function errorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('has working defaults: port 8080, SQLite under ./data, Shanghai business time', () => {
    const c = loadConfig({});
    expect(c.port).toBe(8080);
    expect(c.database).toEqual({ kind: 'sqlite', file: path.resolve('data', 'yikatong.sqlite') });
    expect(c.businessTimezone).toBe('Asia/Shanghai');
    expect(c.logLevel).toBe('info');
    expect(c.demoData).toBe(true);
    expect(c.sessionCacheMs).toBe(1000);
    expect(loadConfig({ SESSION_CACHE_MS: '0' }).sessionCacheMs).toBe(0);
    expect(describeConfig(loadConfig({ SESSION_CACHE_MS: '250' })).SESSION_CACHE_MS).toBe(250);
  });

  it('puts the SQLite file in DATA_DIR and takes a PostgreSQL URL', () => {
    expect(loadConfig({ DATA_DIR: '/srv/yk' }).database).toEqual({ kind: 'sqlite', file: '/srv/yk/yikatong.sqlite' });
    expect(loadConfig({ DATABASE_URL: 'postgres://yk:pw@db:5432/yikatong' }).database).toEqual({
      kind: 'postgres',
      url: 'postgres://yk:pw@db:5432/yikatong',
    });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT', 'eighty'],
    [{ PORT: '0' }, 'PORT', '0'],
    [{ PORT: '70000' }, 'PORT', '70000'],
    [{ DATABASE_URL: 'mysql://root@localhost/yk' }, 'DATABASE_URL', 'mysql:'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL', 'postgres://'],
    [{ DATABASE_URL: 'postgres://localhost' }, 'DATABASE_URL', '数据库名'],
    [{ DATABASE_URL: 'sqlite:' }, 'DATABASE_URL', 'sqlite:'],
    [{ TZ_BUSINESS: 'Mars/Olympus' }, 'TZ_BUSINESS', 'Mars/Olympus'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', 'loud'],
    [{ DEMO_DATA: 'maybe' }, 'DEMO_DATA', 'maybe'],
    [{ WORKER: '2' }, 'WORKER', '2'],
    [{ SESSION_CACHE_MS: '-1' }, 'SESSION_CACHE_MS', '-1'],
    [{ SESSION_CACHE_MS: '1.5' }, 'SESSION_CACHE_MS', '1.5'],
    [{ SESSION_CACHE_MS: '60001' }, 'SESSION_CACHE_MS', '60001'],
  ])('%o is refused with one line naming %s', (env, variable, mention) => {
    const e = errorOf(env);
    expect(e.variable).toBe(variable);
    expect(e.message).toContain(variable);
    expect(e.message).toContain(mention);
    expect(e.message).not.toContain('\n');
  });

  it('never shows the database password', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://yk:s3cret@db:5432/yikatong' });
    expect(JSON.stringify(describeConfig(c))).not.toContain('s3cret');
    expect(describeConfig(c).DATABASE_URL).toBe('postgres://yk:***@db:5432/yikatong');
  });

  it('reads .env, and the real environment wins over it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'yk-env-'));
    const file = path.join(dir, '.env');
    writeFileSync(file, 'YK_TEST_FROM_FILE=file\nYK_TEST_BOTH=file\n');
    process.env.YK_TEST_BOTH = 'environment';
    try {
      loadDotEnv(file);
      expect(process.env.YK_TEST_FROM_FILE).toBe('file');
      expect(process.env.YK_TEST_BOTH).toBe('environment');
      loadDotEnv(path.join(dir, 'missing.env'));
    } finally {
      delete process.env.YK_TEST_FROM_FILE;
      delete process.env.YK_TEST_BOTH;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
