/**
 * `yikatong audit tail` as a real process: state-changing commands (user add, sms send) are
 * recorded with channel cli and the OS user; tail shows them in Beijing time, as JSON lines,
 * and --follow prints new entries as they come. No login, name or number appears.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cli } from '../helpers/cli';
import { until } from '../helpers/until';

let dataDir = '';
const env = () => ({ DATA_DIR: dataDir, DEMO_DATA: 'false' });
const root = path.resolve(import.meta.dirname, '../..');

beforeAll(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'yk-audit-cli-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface JsonEntry {
  id: string;
  at: string;
  channel: string;
  actorKind: string;
  actorId: string;
  action: string;
  target: string;
  result: string;
  errorCode: string | null;
  details: Record<string, unknown> | null;
}

const beijing = (iso: string) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(new Date(iso));

it('records state-changing commands and shows them with audit tail', () => {
  expect(cli(['audit', 'tail'], env()).out).toContain('还没有审计记录');
  const add = cli(['user', 'add', '--login', 'ops-zhao', '--name', '赵运维', '--role', 'operator'], env());
  expect(add.code, add.err).toBe(0);
  const sent = cli(['sms', 'send', '--to', '13800138000', '--text', '明天停课一天', '--key', 'k1'], env());
  expect(sent.code, sent.err).toBe(0);
  const messageId = /短信编号 (\S+)/.exec(sent.out)?.[1];
  const bad = cli(['sms', 'send', '--to', '12345', '--text', 'x'], env());
  expect(bad.code).not.toBe(0);

  const tail = cli(['audit', 'tail', '-n', '5'], env());
  expect(tail.code, tail.err).toBe(0);
  const lines = tail.out.trim().split('\n');
  expect(lines).toHaveLength(3);
  const me = userInfo().username;
  expect(lines[0]).toMatch(new RegExp(`^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}  命令行  系统（${me}）  —  users\\.manage  user add id=\\S+  成功$`));
  expect(lines[1]).toContain(`sms.send  sms send id=${messageId}  成功`);
  expect(lines[2]).toContain('sms.send  sms send  失败 SMS_INVALID_NUMBER');
  for (const secret of ['ops-zhao', '赵运维', '13800138000', '明天停课一天']) {
    expect(tail.out).not.toContain(secret);
  }

  const json = cli(['audit', 'tail', '-n', '2', '--json'], env());
  const entries = json.out.trim().split('\n').map((l) => JSON.parse(l) as JsonEntry);
  expect(entries).toMatchObject([
    { channel: 'cli', actorKind: 'system', actorId: me, action: 'sms.send', result: 'ok', target: `sms send id=${messageId}` },
    { channel: 'cli', action: 'sms.send', result: 'failed', errorCode: 'SMS_INVALID_NUMBER' },
  ]);
  expect(entries[0]!.details).toMatchObject({ replay: false, service: 'platform', class: 'notice' });
  expect(String(entries[0]!.details!.to)).toMatch(/^phone:[0-9a-f]{16}$/);
  // The line's time is the entry's instant in Beijing time.
  expect(cli(['audit', 'tail', '-n', '1'], env()).out.startsWith(beijing(entries[1]!.at))).toBe(true);

  const wrong = cli(['audit', 'tail', '-n', '0'], env());
  expect(wrong.code).not.toBe(0);
  expect(wrong.err).toContain('应为 1 到 10000 之间的整数');
  // Several real processes, one after another, on a machine that may be busy.
}, 90_000);

it('--follow prints new entries as they are written, and stops on Ctrl+C', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/src/cli/index.ts'), 'audit', 'tail', '-n', '1', '--follow'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', ...env() },
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (out += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    await until('the last entry', async () => out.includes('sms.send'), 30_000);
    const before = out.split('\n').filter(Boolean).length;
    const retry = cli(['jobs', 'retry', 'no-such-job'], env());
    expect(retry.code).not.toBe(0);
    await until('the new entry', async () => out.includes('jobs retry id=no-such-job'), 15_000);
    const lines = out.split('\n').filter(Boolean);
    expect(lines.length).toBe(before + 1);
    expect(lines[lines.length - 1]).toMatch(/命令行 {2}系统（.+） {2}— {2}jobs\.retry {2}jobs retry id=no-such-job {2}失败 \S+$/);
  } finally {
    child.kill('SIGINT');
  }
  expect(await exited).toBe(0);
}, 60_000);
