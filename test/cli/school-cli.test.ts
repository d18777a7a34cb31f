/** `yikatong school import` and `school template` as a real process, on a fresh data directory. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createContext, prepareDatabase } from '../../server/src/app';
import type { AppContext } from '../../server/src/context';
import { loadConfig } from '../../server/src/platform/config';
import { createLogger } from '../../server/src/platform/logger';
import { cliAsync as cli } from '../helpers/cli';
import { STUDENT_HEAD, bigRoster, csvGbk, csvUtf8 } from '../fixtures/roster/files';

let dataDir = '';
let ctx: AppContext;
let schoolId = '';
const env = () => ({ DATA_DIR: dataDir, DEMO_DATA: 'false' });
const file = (name: string, bytes: Buffer) => {
  const p = path.join(dataDir, name);
  writeFileSync(p, bytes);
  return p;
};

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'yk-school-cli-'));
  ctx = createContext({ config: loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), log: createLogger('silent') });
  await prepareDatabase(ctx);
  schoolId = (await ctx.org.createSchool({ code: 'YG001', name: '阳光小学' })).id;
  await ctx.database.close();
});
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

const rows = [
  STUDENT_HEAD,
  ['三年级', '三年级(2)班', 'G3001', '王小兵', 'C3001', '李芳', '13900003333', '妈妈', '', '', ''],
  ['三年级', '三年级(2)班', 'G3002', '李想', 'C3002', '李强', '1390000444', '爸爸', '', '', ''],
];

it('previews with --dry-run (summary and errors with row numbers), changing nothing; then applies with a progress bar', async () => {
  const f = file('名册.csv', csvGbk(rows));
  const dry = await cli(['school', 'import', f, '--school', 'yg001', '--dry-run'], env());
  expect(dry.err).toBe('');
  expect(dry.code).toBe(0);
  expect(dry.out).toContain('学生：新增 1  变更 0  未变 0  错误 1');
  expect(dry.out).toContain('将新建班级：三年级(2)班');
  expect(dry.out).toContain('第 3 行（学生）：家长手机“1390000444”不是 11 位手机号');
  expect(dry.out).toContain('未做任何更改');

  const real = await cli(['school', 'import', f, '--school', 'YG001', '--yes'], env());
  expect(real.code).toBe(0);
  expect(real.out).toContain('已应用：新建班级 1，新增学生 1');
  expect(real.err).toMatch(/应用中 \[#+\] 100%/);

  const again = await cli(['school', 'import', f, '--school', 'YG001'], env());
  expect(again.out).toContain('学生：新增 0  变更 0  未变 1  错误 1');
  expect(again.out).toContain('新增学生 0，更新学生 0');
}, 60_000);

it('imports 5,000 rows from the command line', async () => {
  const f = file('big.csv', csvUtf8(bigRoster(5000, 'Z')));
  const r = await cli(['school', 'import', f, '--school', 'YG001'], env());
  expect(r.code).toBe(0);
  expect(r.out).toContain('学生：新增 5000');
  expect(r.out).toContain('新增学生 5000');
  expect(r.err.trim().split('\n').at(-1)).toMatch(/100%\s+5003\/5003/);
}, 120_000);

it('answers bad input with a clear message and a non-zero exit, writing nothing', async () => {
  const unknown = await cli(['school', 'import', file('a.csv', csvUtf8(rows)), '--school', 'NOPE'], env());
  expect(unknown.code).toBe(1);
  expect(unknown.err).toContain('没有编码为 NOPE 的学校');
  const missing = await cli(['school', 'import', path.join(dataDir, 'none.csv'), '--school', 'YG001'], env());
  expect(missing.code).toBe(1);
  expect(missing.err).toContain('读不到文件');
  const empty = await cli(['school', 'import', file('e.csv', Buffer.from(STUDENT_HEAD.join(',') + '\n')), '--school', 'YG001'], env());
  expect(empty.code).toBe(1);
  expect(empty.err).toContain('[ROSTER_FILE_EMPTY]');
  const noSchool = await cli(['school', 'import', file('b.csv', csvUtf8(rows))], env());
  expect(noSchool.code).not.toBe(0);
  expect(noSchool.err).toContain('--school');
});

it('writes the template', async () => {
  const out = path.join(dataDir, '模板.xlsx');
  const r = await cli(['school', 'template', '--out', out], env());
  expect(r.code).toBe(0);
  expect(r.out).toContain('已生成模板');
  const bad = await cli(['school', 'template', '--out', path.join(dataDir, 'x.txt')], env());
  expect(bad.code).toBe(1);
  expect(bad.err).toContain('.xlsx');
  void schoolId;
});
