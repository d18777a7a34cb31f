/**
 * `yikatong billing run` and `billing file` as a real process on a fresh data directory (SQLite,
 * and PostgreSQL when TEST_DATABASE_URL is set; the real clock): a dry run, then the run with its
 * progress on stderr and the carrier file written, the same again, the file on stdout, and bad
 * input answered with a clear error.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext, prepareDatabase } from '../../server/src/app';
import type { AppContext } from '../../server/src/context';
import { monthBounds, monthOf, previousMonth } from '../../server/src/modules/subscriptions';
import { loadConfig } from '../../server/src/platform/config';
import { createLogger } from '../../server/src/platform/logger';
import { cliAsync as cli } from '../helpers/cli';
import { seedSubscriptions } from '../billing/billing-world';
import { countRows, PG_URL } from '../helpers/db';

const TZ = 'Asia/Shanghai';
const N = 12_000;
// The month that ended last (the CLI runs on the real clock).
const thisMonth = monthOf(Date.now(), TZ);
const month = previousMonth(thisMonth);
const period = month.replace('-', '');

let dataDir = '';
let schema = '';
const targets: [string, () => Record<string, string>][] = [['sqlite', () => ({ DATA_DIR: dataDir, DEMO_DATA: 'false' })]];
if (PG_URL) {
  targets.push(['postgres', () => ({ DATA_DIR: dataDir, DEMO_DATA: 'false', DATABASE_URL: `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}` })]);
}

describe.each(targets)('yikatong billing on %s', (_name, env) => {
  const withCtx = async <T>(fn: (ctx: AppContext) => Promise<T>): Promise<T> => {
    const ctx = createContext({ config: loadConfig({ ...env(), LOG_LEVEL: 'silent' }), log: createLogger('silent') });
    try {
      return await fn(ctx);
    } finally {
      await ctx.database.close();
    }
  };
  const count = (table: string) => withCtx(async (ctx) => countRows(ctx.database.db, table));

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'yk-billing-cli-'));
    schema = `cli_billing_${Date.now()}_${process.pid}`;
    if (PG_URL) {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`create schema ${schema}`);
      await c.end();
    }
    await withCtx(async (ctx) => {
      await prepareDatabase(ctx);
      // Subscribed since long before the month: every one owes it.
      await seedSubscriptions(ctx, N, { since: monthBounds(previousMonth(month), TZ).start + 3_600_000, prefix: '137' });
    });
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

  it('a dry run counts and charges nothing; the run shows its progress, charges, and writes the carrier file; again changes nothing', async () => {
    const dry = await cli(['billing', 'run', '--month', month, '--dry-run'], env());
    expect(dry.code).toBe(0);
    expect(dry.out).toContain(`试算完成（未扣费）：${month}`);
    expect(dry.out).toContain(`订购记录 12,000 条：应收 12,000 笔，合计 96,000.00 元；本月免收 0 条；失败 0 条`);
    expect(dry.out).toContain('试算不写运营商计费文件。');
    expect(dry.err.trim().split('\n').at(-1)).toBe(`试算 ${month} [####################] 12,000/12,000 100%`);
    expect(await count('billing_charges')).toBe(0);

    const file = path.join(dataDir, 'out', `账单-${period}.csv`);
    const real = await cli(['billing', 'run', '--month', month, '--out', file], env());
    expect(real.code).toBe(0);
    expect(real.out).toContain(`出账完成：${month}`);
    expect(real.out).toContain('订购记录 12,000 条：已收 12,000 笔，合计 96,000.00 元；本月免收 0 条；失败 0 条');
    expect(real.out).toContain('包月：上月起持续订购，本月收取月费：12,000');
    expect(real.out).toContain(`运营商计费文件：${file}（12,000 行）`);
    // Without a terminal, a line every 10 %: from 0 % through pages of 5,000 to 100 %.
    const lines = real.err.trim().split('\n');
    expect(lines[0]).toBe(`出账 ${month} [--------------------] 0/12,000 0%`);
    expect(lines).toContain(`出账 ${month} [########------------] 5,000/12,000 41%`);
    expect(lines.at(-1)).toBe(`出账 ${month} [####################] 12,000/12,000 100%`);
    const csv = readFileSync(file, 'utf8').split('\n');
    expect(csv[0]).toBe('msisdn,service_code,amount_fen,period');
    expect(csv[1]).toBe(`13700000000,JXHD,800,${period}`);
    expect(csv.at(-2)).toBe(`13700011999,JXHD,800,${period}`);
    expect(csv).toHaveLength(N + 2);
    expect(existsSync(`${file}.part`)).toBe(false);

    // Again: the same summary, the ledger moves nothing twice; the default file lands in the data directory.
    const again = await cli(['billing', 'run', '--month', month], env());
    expect(again.code).toBe(0);
    expect(again.out).toContain('已收 12,000 笔，合计 96,000.00 元');
    const defaultFile = path.join(dataDir, 'billing', `carrier-${period}.csv`);
    expect(again.out).toContain(`运营商计费文件：${defaultFile}（12,000 行）`);
    expect(readFileSync(defaultFile, 'utf8')).toBe(readFileSync(file, 'utf8'));
    expect(await count('ledger_transfers')).toBe(N);

    const stdout = await cli(['billing', 'file', '--month', month], env());
    expect(stdout.code).toBe(0);
    expect(stdout.out).toBe(readFileSync(file, 'utf8'));
  }, 120_000);

  it('answers bad input with a clear message and a non-zero exit, writing nothing', async () => {
    const runs = await count('billing_runs');
    const bad = await cli(['billing', 'run', '--month', '2026-13'], env());
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('[BILLING_MONTH_INVALID] 账期格式应为 YYYY-MM，例如 2026-10');
    const current = await cli(['billing', 'run', '--month', thisMonth], env());
    expect(current.code).toBe(1);
    expect(current.err).toContain(`${thisMonth} 尚未结束，只能出账已结束的月份（本月可以试算）`);
    const none = await cli(['billing', 'run'], env());
    expect(none.code).not.toBe(0);
    expect(none.err).toContain('--month');
    const file = await cli(['billing', 'file', '--month', 'abc'], env());
    expect(file.code).toBe(1);
    expect(file.err).toContain('--month 应为 YYYY-MM');
    expect(await count('billing_runs')).toBe(runs);
  }, 60_000);
});
