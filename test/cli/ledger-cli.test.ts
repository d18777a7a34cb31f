/** `yikatong ledger …` on a demo database: balances, statements, CSV, and verify catching tampering. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cli } from '../helpers/cli';

let dataDir = '';
let outlet = '';
const env = () => ({ DATA_DIR: dataDir });

beforeAll(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'yk-ledger-cli-'));
  expect(cli(['demo'], env()).code).toBe(0);
  // The demo's 城关营业网点 (code CG001): its pre-deposit account is owned by the outlet's id.
  const db = new Database(path.join(dataDir, 'yikatong.sqlite'), { readonly: true });
  outlet = `OUTLET_PREPAID/outlet/${(db.prepare("select id from outlets where code = 'CG001'").get() as { id: string }).id}`;
  db.close();
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it('prints a balance by owner, and refuses an unknown account', () => {
  const r = cli(['ledger', 'balance', outlet], env());
  expect(r.err).toBe('');
  expect(r.out).toContain('城关营业网点 预存款');
  expect(r.out).toContain('可用 1850.00 元');
  const missing = cli(['ledger', 'balance', 'OUTLET_PREPAID/outlet/nobody'], env());
  expect(missing.code).toBe(1);
  expect(missing.err).toContain('LEDGER_ACCOUNT_NOT_FOUND');
});

it('prints a statement with running balances, and as CSV', () => {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const r = cli(['ledger', 'statement', outlet, '--from', today, '--to', today], env());
  expect(r.code).toBe(0);
  expect(r.out).toContain('期初余额 0.00 元');
  expect(r.out).toContain('TOPUP_REVERSAL');
  expect(r.out).toContain('期末余额 1850.00 元');
  const csv = cli(['ledger', 'statement', outlet, '--from', today, '--to', today, '--csv'], env());
  const lines = csv.out.trim().split('\n');
  // (the UTF-8 byte-order mark that makes Excel read Chinese is dropped by the decoder here)
  expect(lines[0]!.replace(/^\uFEFF/, '')).toBe('时间,交易编号,流水号,业务代码,类型,对方账户,收支(元),余额(元)');
  expect(lines).toHaveLength(6);
  expect(lines.at(-1)).toMatch(/,reversal-1,TOPUP_REVERSAL,single,中国移动充值清算户,30\.00,1850\.00$/);
  const bad = cli(['ledger', 'statement', outlet, '--from', '2026-13-01', '--to', today], env());
  expect(bad.code).toBe(1);
  expect(bad.err).toContain('--from');
});

it('verify passes on clean books and names the tampered transfer, exiting 1', () => {
  const ok = cli(['ledger', 'verify'], env());
  expect(ok.code).toBe(0);
  expect(ok.out).toContain('核验通过');

  const db = new Database(path.join(dataDir, 'yikatong.sqlite'));
  db.exec('drop trigger ledger_transfers_no_update');
  db.prepare('update ledger_transfers set amount = 9000 where id = 5').run();
  db.close();
  const broken = cli(['ledger', 'verify'], env());
  expect(broken.code).toBe(1);
  expect(broken.err).toContain('核验失败：交易 5 的内容与哈希链不符');
});
