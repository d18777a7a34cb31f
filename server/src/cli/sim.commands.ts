/** `yikatong sim …`: protocol simulators for trying the cmpp:// and smpp:// gateways without a carrier. */
import type { Command } from 'commander';
import { CliExit } from './run';
import { runIsmgSimulator } from './sim-ismg';
import { runSmscSimulator } from './sim-smsc';

function port(v: string, fallback: number): number {
  if (v === '') {
    return fallback;
  }
  if (!/^\d+$/.test(v) || Number(v) > 65535) {
    throw new CliExit(1, `--port 应为 0 到 65535 之间的整数，实际为 "${v}"`);
  }
  return Number(v);
}

function delay(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) > 3_600_000) {
    throw new CliExit(1, `--report-delay 应为 0 到 3600000 之间的毫秒数，实际为 "${v}"`);
  }
  return Number(v);
}

/** Runs until Ctrl+C (or SIGTERM), then closes the simulator. */
async function untilSignal(close: () => Promise<void>): Promise<void> {
  await new Promise<void>((resolve) => {
    const stop = () => {
      void close().finally(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

export function registerSimCommands(program: Command): void {
  const sim = program.command('sim').description('协议模拟器：sim smsc（SMPP 短信中心）、sim ismg（CMPP 网关）');

  sim
    .command('smsc')
    .description('启动 SMPP 3.4 短信中心模拟器（供 smpp:// 网关使用）')
    .option('--port <port>', '监听端口（0 表示任选空闲端口）', '2775')
    .option('--system-id <id>', '登录账号', 'yikatong')
    .option('--password <password>', '登录密码', 'sim12345')
    .option('--report-delay <ms>', '状态报告延迟（毫秒）', '1000')
    .action(async (o: { port: string; systemId: string; password: string; reportDelay: string }) => {
      const running = await runSmscSimulator({ port: port(o.port, 2775), systemId: o.systemId, password: o.password, reportDelayMs: delay(o.reportDelay) });
      await untilSignal(() => running.close());
    });

  sim
    .command('ismg')
    .description('启动 CMPP 2.0/3.0 网关（ISMG）模拟器（供 cmpp:// 网关使用）')
    .option('--port <port>', '监听端口（0 表示任选空闲端口）', '7890')
    .option('--account <spId>', 'SP 企业代码（登录账号）', '900001')
    .option('--secret <secret>', '共享密钥', 'sim12345')
    .option('--report-delay <ms>', '状态报告延迟（毫秒）', '1000')
    .action(async (o: { port: string; account: string; secret: string; reportDelay: string }) => {
      const running = await runIsmgSimulator({ port: port(o.port, 7890), account: o.account, secret: o.secret, reportDelayMs: delay(o.reportDelay) });
      await untilSignal(() => running.close());
    });
}
