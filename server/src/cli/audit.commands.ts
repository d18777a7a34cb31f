/** `yikatong audit tail`: the latest audit entries, and (with --follow) the new ones as they come. */
import { InvalidArgumentError, type Command } from 'commander';
import type { AppContext } from '../context';
import { ROLE_TITLES, type Role } from '../modules/identity';
import { tailAudit, type AuditRecord } from '../platform/audit';
import { formatBusinessTime } from '../platform/business-time';
import { systemClock } from '../platform/clock';
import { print, withContext } from './run';

const CHANNEL_TITLES: Record<string, string> = { web: '网页', api: '接口', device: '设备', sms: '短信', cli: '命令行', system: '系统' };
const RESULT_TITLES: Record<string, string> = { ok: '成功', denied: '拒绝', failed: '失败' };

/** Entries of several processes (or of late commits) do not arrive in id order: a follower re-reads this much. */
const LOOKBACK_MS = 10_000;
const POLL_MS = 1000;

function count(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 10_000) {
    throw new InvalidArgumentError('应为 1 到 10000 之间的整数');
  }
  return Number(v);
}

/** Display names are looked up now: the log keeps only ids. */
async function namesOf(ctx: AppContext, entries: AuditRecord[]): Promise<Map<string, string>> {
  const ids = entries.filter((e) => e.actorKind === 'user' && e.actorId !== null).map((e) => e.actorId!);
  return new Map((await ctx.identity.lookUpUsers({ ids })).map((u) => [u.id, u.name]));
}

function actorText(e: AuditRecord, names: Map<string, string>): string {
  switch (e.actorKind) {
    case 'user':
      return e.actorId === null ? '用户' : (names.get(e.actorId) ?? `用户 ${e.actorId}`);
    case 'device':
      return `设备 ${e.actorId ?? ''}`.trim();
    case 'phone':
      return `手机 ${e.actorId ?? ''}`.trim();
    case 'system':
      return `系统（${e.actorId ?? '—'}）`;
    case 'anonymous':
      return '匿名';
  }
}

function roleText(role: string | null): string {
  return role === null ? '—' : Object.hasOwn(ROLE_TITLES, role) ? ROLE_TITLES[role as Role] : role;
}

export function auditLine(e: AuditRecord, names: Map<string, string>, timeZone: string): string {
  const result = `${RESULT_TITLES[e.result] ?? e.result}${e.status !== null ? ` ${e.status}` : ''}${e.errorCode ? ` ${e.errorCode}` : ''}`;
  return [formatBusinessTime(e.at, timeZone), (CHANNEL_TITLES[e.channel] ?? e.channel).padEnd(3, '　'), actorText(e, names), roleText(e.role), e.action, e.target, result].join('  ');
}

async function show(ctx: AppContext, entries: AuditRecord[], json: boolean): Promise<void> {
  if (entries.length === 0) {
    return;
  }
  const names = await namesOf(ctx, entries);
  for (const e of entries) {
    if (json) {
      const actorName = e.actorKind === 'user' && e.actorId !== null ? (names.get(e.actorId) ?? null) : null;
      print(JSON.stringify({ ...e, at: new Date(e.at).toISOString(), actorName }));
    } else {
      print(auditLine(e, names, ctx.config.businessTimezone));
    }
  }
}

async function follow(ctx: AppContext, shown: AuditRecord[], json: boolean): Promise<void> {
  const db = ctx.database.db;
  let watermark = Math.max(systemClock.now(), ...shown.map((e) => e.at));
  // What is already in the window counts as seen: only what comes after the start is printed.
  const seen = new Map<string, number>((await tailAudit(db, { sinceAt: watermark - LOOKBACK_MS, limit: 100_000 })).map((e) => [e.id, e.at]));
  for (const e of shown) {
    seen.set(e.id, e.at);
  }
  let stop = false;
  let wake: () => void = () => undefined;
  const onSignal = () => {
    stop = true;
    wake();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    while (!stop) {
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, POLL_MS);
      });
      if (stop) {
        break;
      }
      const fresh = (await tailAudit(db, { sinceAt: watermark - LOOKBACK_MS, limit: 10_000 })).filter((e) => !seen.has(e.id));
      await show(ctx, fresh, json);
      for (const e of fresh) {
        seen.set(e.id, e.at);
        watermark = Math.max(watermark, e.at);
      }
      for (const [id, at] of seen) {
        if (at < watermark - 2 * LOOKBACK_MS) {
          seen.delete(id);
        }
      }
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('审计日志：audit tail [-n 20] [--follow] [--json]');

  audit
    .command('tail')
    .description('显示最近的审计日志（北京时间）：时间、渠道、操作人、角色、操作、目标、结果')
    .option('-n, --lines <n>', '显示最近几条', count, 20)
    .option('-f, --follow', '持续显示新的记录（每秒查询一次，Ctrl+C 结束）')
    .option('--json', '每行输出一条 JSON')
    .action(async (o: { lines: number; follow?: boolean; json?: boolean }) => {
      await withContext(async (ctx) => {
        const last = await tailAudit(ctx.database.db, { limit: o.lines });
        if (last.length === 0 && !o.json) {
          print(o.follow ? '还没有审计记录，等待新的记录……' : '还没有审计记录');
        }
        await show(ctx, last, o.json ?? false);
        if (o.follow) {
          await follow(ctx, last, o.json ?? false);
        }
      });
    });
}
