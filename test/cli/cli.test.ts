/** The `yikatong` command as a user runs it: real processes, real exit codes, real output. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli';
import { PG_URL } from '../helpers/db';

describe('yikatong --help', () => {
  it('lists every command a user needs', () => {
    const r = cli(['--help']);
    expect(r.code).toBe(0);
    for (const word of ['serve', 'migrate', 'demo', 'jobs list', 'config check', 'user add', 'user reset-password']) {
      expect(r.out).toContain(word);
    }
  });

  it('stops on a bad variable with one line naming it', () => {
    const r = cli(['config', 'check', '--no-connect'], { PORT: 'abc' });
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain('PORT');
    expect(r.out).toBe('');
  });
});

const targets: [string, () => Record<string, string>][] = [['sqlite', () => ({ DATA_DIR: dataDir })]];
let dataDir = '';
let schema = '';
if (PG_URL) {
  targets.push(['postgres', () => ({ DATABASE_URL: `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}` })]);
}

describe.each(targets)('yikatong on %s', (_name, env) => {
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'yk-cli-'));
    schema = `cli_${Date.now()}_${process.pid}`;
    if (PG_URL) {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`create schema ${schema}`);
      await c.end();
    }
  });
  afterAll(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    if (PG_URL) {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    }
  });

  it('config check connects and says the configuration is right', () => {
    const r = cli(['config', 'check'], env());
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('数据库连接正常');
    expect(r.out).toContain('配置正确');
  });

  it('migrate applies the migrations once', () => {
    const first = cli(['migrate'], env());
    expect(first.code).toBe(0);
    expect(first.out).toContain('已执行迁移：0001_platform');
    const again = cli(['migrate'], env());
    expect(again.code).toBe(0);
    expect(again.out).toContain('数据库已是最新版本');
  });

  it('user add prints a one-time password; reset-password gives a new one; bad input writes nothing', () => {
    const add = cli(['user', 'add', '--login', 'zhangsan', '--name', '张三', '--role', 'operator'], env());
    expect(add.err).toBe('');
    expect(add.out).toContain('已添加用户 zhangsan（张三，运营商管理员）');
    const pw = /初始密码：(\S+)/.exec(add.out)?.[1];
    expect(pw).toMatch(/^[A-Za-z0-9]{16}$/);

    const taken = cli(['user', 'add', '--login', 'zhangsan', '--name', '李四'], env());
    expect(taken.code).toBe(1);
    expect(taken.err).toContain('[USER_LOGIN_TAKEN] 该账号名已被使用');

    const noTenant = cli(['user', 'add', '--login', 'lisi', '--name', '李四', '--role', 'teacher'], env());
    expect(noTenant.code).toBe(1);
    expect(noTenant.err).toContain('--tenant');
    const badRole = cli(['user', 'add', '--login', 'lisi', '--name', '李四', '--role', 'king'], env());
    expect(badRole.code).toBe(1);
    // A teacher is held in a class, and the class must exist.
    const wrongKind = cli(['user', 'add', '--login', 'lisi', '--name', '李四', '--role', 'teacher', '--tenant', 'school:S001'], env());
    expect(wrongKind.code).toBe(1);
    expect(wrongKind.err).toContain('class:<编号>');
    const noClass = cli(['user', 'add', '--login', 'lisi', '--name', '李四', '--role', 'teacher', '--tenant', 'class:nope'], env());
    expect(noClass.code).toBe(1);
    expect(noClass.err).toContain('[CLASS_NOT_FOUND]');
    const support = cli(['user', 'add', '--login', 'lisi', '--name', '李四', '--role', 'support', '--password-stdin'], env(), 'Lisi-password-1\n');
    expect(support.out).toContain('已添加用户 lisi（李四，客服）');
    expect(support.out).not.toContain('初始密码');

    const reset = cli(['user', 'reset-password', 'zhangsan'], env());
    expect(reset.code).toBe(0);
    const next = /新密码：(\S+)/.exec(reset.out)?.[1];
    expect(next).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(next).not.toBe(pw);
    const ghost = cli(['user', 'reset-password', 'ghost'], env());
    expect(ghost.code).toBe(1);
    expect(ghost.err).toContain('[USER_NOT_FOUND] 用户不存在');
    // Ten real processes, one after another.
  }, 90_000);

  it('demo loads demo accounts; jobs list shows the queue and filters failures', () => {
    const demo = cli(['demo'], env());
    expect(demo.code).toBe(0);
    expect(demo.out).toContain('账号 demo-teacher');
    const list = cli(['jobs', 'list'], env());
    expect(list.code).toBe(0);
    // The two housekeeping jobs, and the demo's two MOs to route.
    expect(list.out).toContain('排队 4');
    expect(list.out).toContain('清理过期登录会话');
    const failed = cli(['jobs', 'list', '--failed'], env());
    expect(failed.out).toContain('没有状态为 failed 的任务');
    const bad = cli(['jobs', 'list', '--status', 'exploded'], env());
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('--status');
    const retry = cli(['jobs', 'retry', 'nope'], env());
    expect(retry.code).toBe(1);
    expect(retry.err).toContain('[JOBS_NOT_FOUND]');
  });
});
