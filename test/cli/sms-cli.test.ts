/** `yikatong sms …` as a real process: send (idempotent by key), status, and bad input. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cli } from '../helpers/cli';

let dataDir = '';
const env = () => ({ DATA_DIR: dataDir, DEMO_DATA: 'false' });

beforeAll(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'yk-sms-cli-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it('queues a message once per key and shows its state', () => {
  const r = cli(['sms', 'send', '--to', '13800138000', '--text', '明天停课一天', '--key', 'k1'], env());
  expect(r.err).toBe('');
  expect(r.out).toContain('状态：排队中');
  expect(r.out).toContain('【一卡通】明天停课一天');
  const id = /短信编号 (\S+)/.exec(r.out)?.[1];
  expect(id).toBeDefined();
  const again = cli(['sms', 'send', '--to', '13800138000', '--text', '明天停课一天', '--key', 'k1'], env());
  expect(again.out).toContain('（同一请求编号，未重复发送）');
  expect(again.out).toContain(`短信编号 ${id}`);
  const status = cli(['sms', 'status', id!], env());
  expect(status.out).toContain('状态：排队中');
  expect(status.out).toContain('第 1/1 段  排队中');
});

it('refuses bad input with a clear error and exit code', () => {
  const bad = cli(['sms', 'send', '--to', '12345', '--text', 'x'], env());
  expect(bad.code).not.toBe(0);
  expect(bad.err).toContain('SMS_INVALID_NUMBER');
  const cls = cli(['sms', 'send', '--to', '13800138000', '--text', 'x', '--class', 'spam'], env());
  expect(cls.code).toBe(1);
  expect(cls.err).toContain('--class');
  const missing = cli(['sms', 'status', 'nope'], env());
  expect(missing.code).not.toBe(0);
  expect(missing.err).toContain('SMS_MESSAGE_NOT_FOUND');
});
