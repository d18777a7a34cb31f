/**
 * `yikatong sim ismg`: a CMPP ISMG simulator on loopback, for trying the platform without a
 * carrier (see adapters/sms/cmpp/ismg-simulator.ts for what it does).
 */
import type { AddressInfo } from 'node:net';
import { IsmgSimulator } from '../adapters/sms/cmpp/ismg-simulator';
import { CliExit, print } from './run';

export interface RunIsmgSimulatorOptions {
  /** 0 picks a free port; default 7890, the CMPP long-connection port. */
  port?: number;
  /** SP_Id, 1 to 6 letters or digits; default 900001. */
  account?: string;
  /** Default sim12345. */
  secret?: string;
  /** Delay before each status report; default 1000 ms. */
  reportDelayMs?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Where the lines go; default stdout. */
  print?: (line: string) => void;
}

export interface RunningIsmgSimulator {
  simulator: IsmgSimulator;
  address: AddressInfo;
  /** The SMS_GATEWAY value that points the platform at this simulator. */
  gatewayUrl: string;
  close(): Promise<void>;
}

function check(options: Required<Omit<RunIsmgSimulatorOptions, 'host' | 'print'>>): void {
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    throw new CliExit(1, `--port 应为 0 到 65535 之间的整数，实际为 ${String(options.port)}`);
  }
  if (!/^[0-9A-Za-z]{1,6}$/.test(options.account)) {
    throw new CliExit(1, `--account（企业代码 SP_Id）应为 1 到 6 位字母或数字，实际为 "${options.account}"`);
  }
  if (options.secret === '') {
    throw new CliExit(1, '--secret（共享密钥）不能为空');
  }
  if (!Number.isInteger(options.reportDelayMs) || options.reportDelayMs < 0) {
    throw new CliExit(1, `--report-delay（状态报告延迟，毫秒）应为非负整数，实际为 ${String(options.reportDelayMs)}`);
  }
}

/** Starts the simulator and prints where it listens and how to point the platform at it. */
export async function runIsmgSimulator(opts: RunIsmgSimulatorOptions = {}): Promise<RunningIsmgSimulator> {
  const options = { port: opts.port ?? 7890, account: opts.account ?? '900001', secret: opts.secret ?? 'sim12345', reportDelayMs: opts.reportDelayMs ?? 1000 };
  check(options);
  const out = opts.print ?? print;
  const simulator = new IsmgSimulator({ accounts: { [options.account]: options.secret }, reportDelayMs: options.reportDelayMs });
  let address: AddressInfo;
  try {
    address = await simulator.listen(options.port, opts.host ?? '127.0.0.1');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliExit(1, code === 'EADDRINUSE' ? `端口 ${String(options.port)} 已被占用，请换一个 --port` : `无法监听：${String(e)}`);
  }
  const gatewayUrl = simulator.clientUrl(options.account, { version: '2.0' });
  out(`CMPP 模拟网关（ISMG）已启动：${address.address}:${String(address.port)}`);
  out(`账号 ${options.account}，业务代码 ${simulator.serviceId}，服务代码 ${simulator.srcId}，状态报告延迟 ${String(options.reportDelayMs)} ms`);
  out(`让平台连接它：SMS_GATEWAY='${gatewayUrl}'`);
  out('状态报告按号码末位模拟：4 → UNDELIV，5 → 无报告，6 → EXPIRED，7 → MB:0001，其余 → DELIVRD');
  out('按 Ctrl+C 停止');
  return { simulator, address, gatewayUrl, close: () => simulator.close() };
}
