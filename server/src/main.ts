/**
 * The server process: configuration, database, first administrator, demo data, HTTP, the
 * job worker, and a graceful close on SIGINT/SIGTERM.
 */
import { createContext, createWorker, prepareDatabase } from './app';
import type { AppContext } from './context';
import { loadDemoData, type DemoAccount } from './demo';
import { buildHttp } from './http/server';
import { ROLE_TITLES, type Role } from './modules/identity';
import type { Config } from './platform/config';
import { consoleDistDir } from './platform/paths';

export interface RunningServer {
  ctx: AppContext;
  url: string;
  firstAdmin: { login: string; password: string } | null;
  demoAccounts: DemoAccount[];
  close(): Promise<void>;
}

export async function startServer(config: Config, opts: { consoleDir?: string | null } = {}): Promise<RunningServer> {
  const ctx = createContext({ config, processMetrics: true });
  try {
    const applied = await prepareDatabase(ctx);
    if (applied.length > 0) {
      ctx.log.info({ applied }, '数据库迁移完成');
    }
    const admin = await ctx.identity.ensureFirstAdmin();
    const demo = config.demoData ? await loadDemoData(ctx, { force: false }) : { loaded: false, accounts: [] };

    const http = await buildHttp(ctx, { consoleDir: opts.consoleDir === undefined ? consoleDistDir() : opts.consoleDir });
    const worker = config.worker ? createWorker(ctx) : null;
    await http.listen({ port: config.port, host: config.host });
    if (worker) {
      // SMS gateways connect in the process that delivers (the worker's).
      await ctx.messaging.start();
      worker.start();
    }
    const address = http.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;

    let closing: Promise<void> | null = null;
    const close = () => {
      closing ??= (async () => {
        await http.close();
        await worker?.stop();
        if (worker) {
          await ctx.messaging.stop();
        }
        await ctx.database.close();
      })();
      return closing;
    };
    return {
      ctx,
      url: `http://localhost:${port}`,
      firstAdmin: admin ? { login: admin.user.login, password: admin.password } : null,
      demoAccounts: demo.accounts,
      close,
    };
  } catch (e) {
    await ctx.database.close().catch(() => undefined);
    throw e;
  }
}

/** What a person starting the platform needs to read, in plain text. */
export function banner(s: RunningServer): string {
  const lines = [
    '',
    '  一卡通 Yikatong 已启动',
    `  控制台    ${s.url}/`,
    `  接口文档  ${s.url}/docs`,
    `  健康检查  ${s.url}/healthz`,
    `  数据库    ${s.ctx.database.dialect === 'sqlite' ? `SQLite ${s.ctx.config.database.kind === 'sqlite' ? s.ctx.config.database.file : ''}` : 'PostgreSQL'}`,
  ];
  if (s.firstAdmin) {
    lines.push(
      '',
      '  首次启动，已创建管理员账号（密码只显示这一次，请立即保存）：',
      `    账号 ${s.firstAdmin.login}    密码 ${s.firstAdmin.password}`,
      '  忘记密码可运行: npx yikatong user reset-password admin',
    );
  } else {
    lines.push('', '  登录：使用已有的管理员账号；忘记密码可运行 npx yikatong user reset-password <账号>');
  }
  if (s.demoAccounts.length > 0) {
    lines.push('', '  演示账号（密码只显示这一次；npx yikatong demo 会重新生成）：');
    for (const a of s.demoAccounts) {
      lines.push(`    ${ROLE_TITLES[a.role as Role] ?? a.role} ${a.name}    账号 ${a.login}    密码 ${a.password}`);
    }
    lines.push('  有手机号的演示账号也可用短信验证码登录（家长默认如此）：验证码在 短信中心 › 短信模拟器 里，用 admin 在另一个浏览器窗口查看。');
  }
  lines.push('');
  return lines.join('\n');
}

export function closeOnSignals(s: RunningServer): void {
  let n = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    n++;
    if (n > 1) {
      process.exit(1);
    }
    s.ctx.log.info({ signal }, '正在停止服务');
    s.close().then(
      () => process.exit(0),
      (e: unknown) => {
        s.ctx.log.error({ err: e }, '停止服务时出错');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
