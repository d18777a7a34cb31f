/** `yikatong ledger …`: balances, statements and the audit, from the command line. */
import type { Command } from 'commander';
import type { AppContext } from '../context';
import type { AccountInfo } from '../modules/ledger';
import { businessDate, formatBusinessTime, startOfBusinessDay } from '../platform/business-time';
import { fenToYuan } from '../platform/money';
import { CliExit, print, withContext } from './run';

/** An account by id, or by CODE/ownerType/ownerId (e.g. OUTLET_PREPAID/outlet/o1). */
async function findAccount(ctx: AppContext, ref: string): Promise<AccountInfo> {
  const parts = ref.split('/');
  if (parts.length === 3) {
    const [code, ownerType, ownerId] = parts as [string, string, string];
    const a = await ctx.ledger.findAccountByOwner({ code, ownerType, ownerId });
    if (!a) {
      throw new CliExit(1, `错误 [LEDGER_ACCOUNT_NOT_FOUND] 账户不存在：${ref}`);
    }
    return a;
  }
  return ctx.ledger.getAccount(ref);
}

function day(ctx: AppContext, s: string, flag: string): number {
  try {
    return startOfBusinessDay(s, ctx.config.businessTimezone);
  } catch {
    throw new CliExit(1, `${flag} 应为日期，例如 2026-09-01`);
  }
}

const csvCell = (v: string | number) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));

export function registerLedgerCommands(program: Command): void {
  const ledger = program.command('ledger').description('账务：ledger balance <账户>、ledger statement <账户>、ledger verify、ledger accounts');

  ledger
    .command('accounts')
    .description('列出账户与余额')
    .action(async () => {
      await withContext(async (ctx) => {
        for (const a of await ctx.ledger.listAccounts()) {
          print([a.id, a.code, `${a.ownerType}/${a.ownerId}`, a.name, `可用 ${fenToYuan(a.balance.available)}`, a.closed ? '已关闭' : ''].filter(Boolean).join('  '));
        }
      });
    });

  ledger
    .command('balance <account>')
    .description('账户余额（账户写 id，或 类型/所有者类型/所有者，如 OUTLET_PREPAID/outlet/o1）')
    .option('--at <date>', '查询某一天结束时的余额（业务时区），例如 2026-09-01')
    .action(async (ref: string, o: { at?: string }) => {
      await withContext(async (ctx) => {
        const a = await findAccount(ctx, ref);
        const at = o.at === undefined ? undefined : day(ctx, o.at, '--at') + 86_400_000 - 1;
        const b = await ctx.ledger.getBalance(a.id, at);
        print(`${a.name}（${a.code}，${a.ownerType}/${a.ownerId}）${o.at ? ` 截至 ${o.at} 日终` : ''}`);
        print(`已入账 ${fenToYuan(b.posted)} 元  冻结 ${fenToYuan(b.pending)} 元  可用 ${fenToYuan(b.available)} 元  （${b.currency}）`);
      });
    });

  ledger
    .command('statement <account>')
    .description('对账单：起止日期内（含）每笔交易与余额')
    .requiredOption('--from <date>', '开始日期，例如 2026-09-01')
    .requiredOption('--to <date>', '结束日期（含当天），例如 2026-09-30')
    .option('--csv', '以 CSV 输出（可用 Excel 打开）')
    .action(async (ref: string, o: { from: string; to: string; csv?: boolean }) => {
      await withContext(async (ctx) => {
        const a = await findAccount(ctx, ref);
        const from = day(ctx, o.from, '--from');
        const to = day(ctx, o.to, '--to') + 86_400_000;
        if (from >= to) {
          throw new CliExit(1, '--from 不能晚于 --to');
        }
        const st = await ctx.ledger.getStatement(a.id, from, to);
        const tz = ctx.config.businessTimezone;
        const names = new Map((await ctx.ledger.listAccounts()).map((x) => [x.id, x.name]));
        if (o.csv) {
          print('\uFEFF时间,交易编号,流水号,业务代码,类型,对方账户,收支(元),余额(元)');
          for (const l of st.lines) {
            const t = l.transfer;
            const counter = t.debitAccountId === a.id ? t.creditAccountId : t.debitAccountId;
            print([formatBusinessTime(t.createdAt, tz), t.id, t.key, t.code, t.kind, names.get(counter) ?? counter, fenToYuan(l.change), fenToYuan(l.balanceAfter)].map(csvCell).join(','));
          }
          return;
        }
        print(`${a.name} 对账单 ${businessDate(from, tz)} 至 ${o.to}`);
        print(`期初余额 ${fenToYuan(st.opening.posted)} 元`);
        for (const l of st.lines) {
          const t = l.transfer;
          const counter = t.debitAccountId === a.id ? t.creditAccountId : t.debitAccountId;
          print(`${formatBusinessTime(t.createdAt, tz)}  #${t.id}  ${t.code.padEnd(16)} ${t.kind.padEnd(7)} ${(l.change >= 0 ? '+' : '') + fenToYuan(l.change)}  余额 ${fenToYuan(l.balanceAfter)}  ${names.get(counter) ?? counter}`);
        }
        print(`期末余额 ${fenToYuan(st.closing.posted)} 元（冻结 ${fenToYuan(st.closing.pending)} 元），共 ${st.lines.length} 笔`);
      });
    });

  ledger
    .command('verify')
    .description('核验账务：借贷平衡、余额与流水一致、无透支、编号连续、哈希链完整；有问题时退出码为 1')
    .action(async () => {
      await withContext(async (ctx) => {
        const r = await ctx.ledger.verify();
        print(`交易 ${r.transfers} 笔，账户 ${r.accounts} 个`);
        for (const c of r.currencies) {
          print(`${c.currency}：所有账户已入账余额之和 ${c.posted}，冻结之和 ${c.pending}`);
        }
        if (r.ok) {
          print('核验通过');
          return;
        }
        for (const f of r.faults) {
          print(`✗ [${f.check}] ${f.message}`);
        }
        const first = r.faults[0]!;
        throw new CliExit(1, `核验失败：${first.message}`);
      });
    });
}
