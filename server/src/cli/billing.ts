/**
 * `yikatong billing …`: the monthly billing run from the command line (the same run as the
 * console's 出账 and the job on the 1st), with a progress bar on stderr, and the carrier's billing
 * file of a month. stdout stays the report.
 */
import { closeSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { AppContext } from '../context';
import { runBilling, startBillingRun } from '../flows/billing.flow';
import { compactMonth, RULE_TEXT, type FeeRule, type RunView } from '../modules/subscriptions';
import { audited, osUser } from './audit-cli';
import { CliExit, print, withContext } from './run';

const num = (n: number) => n.toLocaleString('en-US');
const yuan = (fen: number) => `${(fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 元`;

/** `出账 2026-10 [#####-----] 52,000/100,000 52%`: redrawn in place on a terminal, a line every 10 % otherwise. */
export function billingProgress(out: NodeJS.WriteStream = process.stderr): (run: RunView) => void {
  let lastLine = '';
  let lastStep = -1;
  return (run) => {
    const pct = run.percent;
    const width = 20;
    const filled = Math.min(width, Math.floor((pct * width) / 100));
    const line = `${run.dryRun ? '试算' : '出账'} ${run.month} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${num(run.processed)}/${num(run.total)} ${pct}%`;
    if (out.isTTY) {
      if (line !== lastLine) {
        out.write(`\r${line}${run.status === 'done' ? '\n' : ''}`);
        lastLine = line;
      } else if (run.status === 'done') {
        out.write('\n');
      }
      return;
    }
    const step = Math.floor(pct / 10);
    if (step > lastStep) {
      out.write(`${line}\n`);
      lastStep = step;
    }
  };
}

/** Writes the month's carrier file next to its final name, then renames it (never a half-written file). */
async function writeCarrierFile(ctx: AppContext, month: string, file: string): Promise<number> {
  mkdirSync(path.dirname(file), { recursive: true });
  const part = `${file}.part`;
  const fd = openSync(part, 'w');
  let lines = -1;
  try {
    for await (const chunk of ctx.subscriptions.billing.carrierFileChunks(month)) {
      writeSync(fd, chunk);
      for (let i = chunk.indexOf('\n'); i !== -1; i = chunk.indexOf('\n', i + 1)) {
        lines++;
      }
    }
  } finally {
    closeSync(fd);
  }
  renameSync(part, file);
  return lines;
}

function ruleLines(rules: RunView['rules']): string[] {
  return (Object.entries(rules) as [FeeRule, number][]).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]).map(([rule, n]) => `  ${RULE_TEXT[rule] ?? rule}：${num(n)}`);
}

export function registerBillingCommands(program: Command): void {
  const billing = program.command('billing').description('出账：billing run --month YYYY-MM [--dry-run]、billing file --month YYYY-MM');

  billing
    .command('run')
    .description('按计费规则收取某月的信息费（只能出已结束的月份；--dry-run 只试算，本月也可试算），并写出运营商计费文件')
    .requiredOption('--month <YYYY-MM>', '账期，如 2026-10')
    .option('--dry-run', '只试算，不扣费、不写计费文件')
    .option('--out <file>', '运营商计费文件写到哪里（默认 数据目录/billing/carrier-YYYYMM.csv）')
    .action(async (o: { month: string; dryRun?: boolean; out?: string }) => {
      await withContext(async (ctx) => {
        const by = `cli:${osUser()}`;
        const dryRun = o.dryRun === true;
        const run = await audited(
          ctx,
          {
            action: 'billing.run',
            command: `billing run month=${o.month}`,
            target: (r: RunView) => `billing run ${r.id}`,
            details: (r: RunView) => ({ month: r.month, dryRun: r.dryRun, status: r.status, charged: r.charged, chargedAmount: r.chargedAmount, failed: r.failed }),
          },
          async () => {
            const started = await startBillingRun(ctx, { month: o.month, dryRun, by, enqueue: false });
            return runBilling(ctx, started.id, billingProgress());
          },
        );
        print(`${dryRun ? '试算完成（未扣费）' : '出账完成'}：${run.month}  编号 ${run.id}`);
        print(`订购记录 ${num(run.total)} 条：${dryRun ? '应收' : '已收'} ${num(run.charged)} 笔，合计 ${yuan(run.chargedAmount)}；本月免收 ${num(run.free)} 条；失败 ${num(run.failed)} 条`);
        const rules = ruleLines(run.rules);
        if (rules.length > 0) {
          print('按计费规则：');
          rules.forEach((l) => print(l));
        }
        if (run.error) {
          print(run.error);
        }
        if (dryRun) {
          print('试算不写运营商计费文件。');
          return;
        }
        const file = path.resolve(o.out ?? path.join(ctx.config.dataDir, 'billing', `carrier-${compactMonth(run.month)}.csv`));
        const lines = await writeCarrierFile(ctx, run.month, file);
        print(`运营商计费文件：${file}（${num(lines)} 行）`);
      });
    });

  billing
    .command('file')
    .description('输出某月的运营商计费文件（CSV，UTF-8：msisdn,service_code,amount_fen,period）')
    .requiredOption('--month <YYYY-MM>', '账期，如 2026-10')
    .option('--out <file>', '写入文件（默认输出到标准输出）')
    .action(async (o: { month: string; out?: string }) => {
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(o.month)) {
        throw new CliExit(1, '--month 应为 YYYY-MM，例如 2026-10');
      }
      await withContext(async (ctx) => {
        if (o.out) {
          const file = path.resolve(o.out);
          const lines = await writeCarrierFile(ctx, o.month, file);
          print(`运营商计费文件：${file}（${num(lines)} 行）`);
          return;
        }
        for await (const chunk of ctx.subscriptions.billing.carrierFileChunks(o.month)) {
          if (!process.stdout.write(chunk)) {
            await new Promise<void>((resolve) => process.stdout.once('drain', () => resolve()));
          }
        }
      });
    });
}
