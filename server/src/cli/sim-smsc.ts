/**
 * `yikatong sim-smsc`: an SMPP 3.4 SMS centre simulator on 127.0.0.1, for trying the smpp://
 * gateway without a carrier. It prints the SMS_GATEWAY value to use.
 */
import { SmscSimulator } from '../adapters/sms/smpp/smsc-simulator';

export interface RunSmscSimulatorOptions {
  /** 0 picks a free port; default 2775. */
  port?: number;
  systemId?: string;
  password?: string;
  /** Delay before each delivery receipt; default 1000 ms. */
  reportDelayMs?: number;
  /** Where the lines go; default stdout. */
  print?: (line: string) => void;
}

export interface RunningSmscSimulator {
  simulator: SmscSimulator;
  /** The SMS_GATEWAY value that points the gateway at this simulator. */
  gatewayUrl: string;
  close(): Promise<void>;
}

export async function runSmscSimulator(opts: RunSmscSimulatorOptions = {}): Promise<RunningSmscSimulator> {
  const print = opts.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const systemId = opts.systemId ?? 'yikatong';
  const password = opts.password ?? 'sim12345';
  const reportDelayMs = opts.reportDelayMs ?? 1000;
  const simulator = new SmscSimulator({ systemId, password, reportDelayMs });
  await simulator.listen(opts.port ?? 2775);
  const gatewayUrl = `${simulator.url}?connections=1&window=16`;
  print(`SMPP 短信中心模拟器已启动，监听 127.0.0.1:${String(simulator.port)}（SMPP 3.4，bind_transceiver）`);
  print(`网关配置：SMS_GATEWAY=${gatewayUrl}`);
  print(`状态报告：${String(reportDelayMs)} ms 后下发；号码尾号 4 → UNDELIV，尾号 5 → 不回状态报告，其余 → DELIVRD`);
  print('按 Ctrl+C 停止');
  return { simulator, gatewayUrl, close: () => simulator.close() };
}
