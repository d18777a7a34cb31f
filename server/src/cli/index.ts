/**
 * `yikatong`: the command line. Commands call the same front doors as the HTTP API and
 * honour the same configuration (DATA_DIR, DATABASE_URL, …).
 */
import { Command, InvalidArgumentError } from 'commander';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createContext } from '../app';
import { loadDemoData } from '../demo';
import { buildHttp } from '../http/server';
import { banner, closeOnSignals, startServer } from '../main';
import { checkTenants } from '../flows/people.flow';
import { ROLES, ROLE_TENANT, ROLE_TITLES, TENANT_TITLES, type Role, type TenantType } from '../modules/identity';
import { systemClock, toIso } from '../platform/clock';
import { describeConfig, loadConfig } from '../platform/config';
import { pendingMigrations, migrateToLatest } from '../platform/db/migrate';
import { openDatabase } from '../platform/db/database';
import type { JobStatus } from '../platform/jobs';
import { createLogger } from '../platform/logger';
import { appVersion } from '../platform/paths';
import { audited, recordCliAudit } from './audit-cli';
import { registerAuditCommands } from './audit.commands';
import { registerBillingCommands } from './billing';
import { registerDeviceCommands } from './device.commands';
import { registerLedgerCommands } from './ledger.commands';
import { registerSchoolCommands } from './school.commands';
import { registerSimCommands } from './sim.commands';
import { registerSmsCommands } from './sms.commands';
import { CliExit, cliConfig, print, reportError, withContext } from './run';

// `yikatong … | head` closes the pipe early: that is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') {
    process.exit(0);
  }
  throw e;
});

const program = new Command();
program
  .name('yikatong')
  .description('一卡通 Yikatong 命令行：启动服务、迁移数据库、演示数据、后台任务、用户管理')
  .version(appVersion(), '-v, --version', '显示版本')
  .helpOption('-h, --help', '显示帮助')
  .addHelpCommand('help [command]', '显示某个命令的帮助')
  .showHelpAfterError('（运行 yikatong --help 查看用法）');

function positiveInt(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) < 1) {
    throw new InvalidArgumentError('应为正整数');
  }
  return Number(v);
}

program
  .command('serve')
  .description('启动服务（接口、控制台、后台任务）')
  .option('-p, --port <port>', '监听端口（默认取 PORT，否则 8080）')
  .action(async (o: { port?: string }) => {
    if (o.port !== undefined) {
      process.env.PORT = o.port;
    }
    const s = await startServer(cliConfig());
    process.stdout.write(banner(s));
    closeOnSignals(s);
  });

program
  .command('migrate')
  .description('把数据库迁移到最新版本')
  .action(async () => {
    const config = cliConfig();
    const database = openDatabase(config.database);
    try {
      const { applied, current } = await migrateToLatest(database);
      if (applied.length > 0) {
        await recordCliAudit(database.db, systemClock.now(), 'db.migrate', 'migrate', { applied });
      }
      print(applied.length > 0 ? `已执行迁移：${applied.join(', ')}` : '数据库已是最新版本');
      print(`当前版本：${current ?? '（无）'}；数据库：${database.dialect}`);
      const left = await pendingMigrations(database);
      if (left.length > 0) {
        throw new CliExit(1, `仍有未执行的迁移：${left.join(', ')}`);
      }
    } finally {
      await database.close();
    }
  });

program
  .command('demo')
  .description('重新载入演示数据（演示账号的密码会重新生成并显示一次）')
  .action(async () => {
    await withContext(async (ctx) => {
      const r = await audited(ctx, { action: 'demo.load', target: 'demo', details: (x) => ({ accounts: x.accounts.length }) }, () => loadDemoData(ctx, { force: true }));
      print('演示数据已载入。演示账号：');
      for (const a of r.accounts) {
        print(`  ${ROLE_TITLES[a.role as Role] ?? a.role} ${a.name}  账号 ${a.login}  密码 ${a.password}`);
      }
    });
  });

const jobs = program.command('jobs').description('后台任务：jobs list [--failed]、jobs retry <id>');
jobs
  .command('list')
  .description('列出后台任务（最新的在前）')
  .option('--failed', '只看失败的任务')
  .option('--status <status>', '按状态筛选：queued / running / done / failed')
  .option('--limit <n>', '最多显示几条', positiveInt, 20)
  .option('--json', '以 JSON 输出')
  .action(async (o: { failed?: boolean; status?: string; limit: number; json?: boolean }) => {
    const statuses = ['queued', 'running', 'done', 'failed'];
    if (o.status !== undefined && !statuses.includes(o.status)) {
      throw new CliExit(1, `--status 应为 ${statuses.join(' / ')} 之一`);
    }
    const status = (o.failed ? 'failed' : o.status) as JobStatus | undefined;
    await withContext(async (ctx) => {
      const r = await ctx.jobs.list(ctx.database.db, { status, limit: o.limit });
      if (o.json) {
        print(JSON.stringify(r, null, 2));
        return;
      }
      print(`排队 ${r.counts.queued}  执行中 ${r.counts.running}  完成 ${r.counts.done}  失败 ${r.counts.failed}`);
      if (r.items.length === 0) {
        print(status ? `没有状态为 ${status} 的任务` : '没有任务');
        return;
      }
      for (const j of r.items) {
        print(
          [j.id, j.status.padEnd(7), `${j.attempts}/${j.maxAttempts}`, toIso(j.runAt), j.name, j.title, j.lastError ? `错误: ${j.lastError}` : '']
            .filter(Boolean)
            .join('  '),
        );
      }
    });
  });
jobs
  .command('retry <id>')
  .description('把失败的任务重新排队')
  .action(async (id: string) => {
    await withContext(async (ctx) => {
      const j = await audited(ctx, { action: 'jobs.retry', target: `jobs retry id=${id}` }, () => ctx.jobs.retry(ctx.database.db, id));
      print(`任务 ${j.id}（${j.title}）已重新排队`);
    });
  });

const configCmd = program.command('config').description('配置：config check');
configCmd
  .command('check')
  .description('检查配置并显示生效的值（隐藏密码），可选连接数据库')
  .option('--no-connect', '不连接数据库')
  .action(async (o: { connect: boolean }) => {
    const config = cliConfig();
    for (const [k, v] of Object.entries(describeConfig(config))) {
      print(`${k.padEnd(15)} ${String(v)}`);
    }
    if (o.connect) {
      const database = openDatabase(config.database);
      try {
        await database.ping();
        const left = await pendingMigrations(database);
        print(`数据库连接正常（${database.dialect}）${left.length > 0 ? `，待执行迁移 ${left.length} 个` : '，已是最新版本'}`);
      } catch (e) {
        throw new CliExit(1, `数据库连接失败：${e instanceof Error ? e.message : String(e)}`);
      } finally {
        await database.close();
      }
    }
    print('配置正确');
  });

const user = program.command('user').description('用户：user add、user reset-password <账号>');
user
  .command('add')
  .description('添加用户；不给密码则生成一个并只显示一次')
  .requiredOption('--login <login>', '登录账号')
  .requiredOption('--name <name>', '姓名')
  .option('--role <role>', `角色：${ROLES.join(' / ')}`, 'operator')
  .option('--tenant <type:id>', '所属机构，例如 school:<学校编号>、class:<班级编号>（运营商管理员和客服不需要）')
  .option('--phone <mobile>', '手机号')
  .option('--password-stdin', '从标准输入读取密码')
  .action(async (o: { login: string; name: string; role: string; tenant?: string; phone?: string; passwordStdin?: boolean }) => {
    if (!(ROLES as readonly string[]).includes(o.role)) {
      throw new CliExit(1, `--role 应为 ${ROLES.join(' / ')} 之一`);
    }
    const role = o.role as Role;
    const tenantType: TenantType = ROLE_TENANT[role];
    let tenantId = 'platform';
    if (tenantType !== 'platform') {
      const m = new RegExp(`^${tenantType}:([A-Za-z0-9_.:-]{1,64})$`).exec(o.tenant ?? '');
      if (!m) {
        throw new CliExit(1, `--tenant 应形如 ${tenantType}:<编号>（${ROLE_TITLES[role]}属于${TENANT_TITLES[tenantType]}；编号可在控制台或接口中查到）`);
      }
      tenantId = m[1]!;
    }
    const password = o.passwordStdin ? (await readStdin()).trim() : undefined;
    await withContext(async (ctx) => {
      const r = await audited(ctx, { action: 'users.manage', command: 'user add', target: (x) => `user add id=${x.user.id}`, details: () => ({ role, tenantType, tenantId }) }, () =>
        checkTenants(ctx, [{ role, tenantType, tenantId }]).then(() => ctx.identity.createUser({ login: o.login, name: o.name, phone: o.phone, password, roles: [{ role, tenantType, tenantId }] })),
      );
      print(`已添加用户 ${r.user.login}（${r.user.name}，${ROLE_TITLES[role]}）`);
      if (r.generated) {
        print(`初始密码：${r.password}    （只显示这一次）`);
      }
    });
  });
user
  .command('reset-password <login>')
  .description('重置密码并结束该用户的所有登录；不给密码则生成一个并只显示一次')
  .option('--password-stdin', '从标准输入读取新密码')
  .action(async (login: string, o: { passwordStdin?: boolean }) => {
    const password = o.passwordStdin ? (await readStdin()).trim() : undefined;
    await withContext(async (ctx) => {
      // The log names the user by id, never by login.
      const who = (await ctx.identity.lookUpUsers({ logins: [login] }))[0];
      const r = await audited(ctx, { action: 'users.manage', target: who ? `user reset-password id=${who.id}` : 'user reset-password', details: (x) => ({ sessionsEnded: x.sessionsEnded }) }, () =>
        ctx.identity.resetPassword({ login, password }),
      );
      print(`已重置 ${login} 的密码，结束了 ${r.sessionsEnded} 个登录会话`);
      if (r.generated) {
        print(`新密码：${r.password}    （只显示这一次）`);
      }
    });
  });

registerLedgerCommands(program);
registerSmsCommands(program);
registerSimCommands(program);
registerDeviceCommands(program);
registerAuditCommands(program);
registerSchoolCommands(program);
registerBillingCommands(program);

program
  .command('openapi')
  .description('输出 OpenAPI 文档（控制台的接口类型由它生成）')
  .option('--out <file>', '写入文件（默认输出到标准输出）')
  .action(async (o: { out?: string }) => {
    const config = loadConfig({ ...process.env, DATABASE_URL: 'sqlite::memory:' });
    const ctx = createContext({ config, log: createLogger('silent') });
    try {
      const http = await buildHttp(ctx, { consoleDir: null });
      await http.ready();
      const doc = `${JSON.stringify(http.swagger(), null, 2)}\n`;
      await http.close();
      if (o.out) {
        writeFileSync(path.resolve(o.out), doc);
      } else {
        process.stdout.write(doc);
      }
    } finally {
      await ctx.database.close();
    }
  });

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (c: string) => (data += c));
    process.stdin.on('end', () => resolve(data));
    process.stdin.on('error', reject);
  });
}

program.parseAsync(process.argv).catch((e: unknown) => {
  process.exitCode = reportError(e);
});
