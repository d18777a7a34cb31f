/**
 * `yikatong device …`: list the registered devices, and call the device API as a device
 * would (the request is signed with the device's key), so a person can try it by hand.
 */
import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { DEVICE_STATUSES, DEVICE_TYPES, DEVICE_TYPE_TITLES, deviceRequestHeaders, type DeviceStatus } from '../modules/devices';
import { TENANT_TITLES, type DeviceType } from '../modules/identity';
import { formatBusinessTime } from '../platform/business-time';
import { systemClock } from '../platform/clock';
import { CliExit, print, withContext } from './run';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const STATUS_TITLES: Record<DeviceStatus, string> = { active: '启用', disabled: '停用' };

export function registerDeviceCommands(program: Command): void {
  const device = program.command('device').description('设备：device list、device call --id <设备编号> --key <密钥> <方法> <路径> [JSON]');

  device
    .command('list')
    .description('列出已注册的设备（不显示密钥）')
    .option('--type <type>', `类型：${DEVICE_TYPES.join(' / ')}`)
    .option('--status <status>', `状态：${DEVICE_STATUSES.join(' / ')}`)
    .option('--json', '以 JSON 输出')
    .action(async (o: { type?: string; status?: string; json?: boolean }) => {
      if (o.type !== undefined && !(DEVICE_TYPES as readonly string[]).includes(o.type)) {
        throw new CliExit(1, `--type 应为 ${DEVICE_TYPES.join(' / ')} 之一`);
      }
      if (o.status !== undefined && !(DEVICE_STATUSES as readonly string[]).includes(o.status)) {
        throw new CliExit(1, `--status 应为 ${DEVICE_STATUSES.join(' / ')} 之一`);
      }
      await withContext(async (ctx) => {
        const r = await ctx.devices.list({ type: o.type as DeviceType | undefined, status: o.status as DeviceStatus | undefined, limit: 500 });
        if (o.json) {
          print(JSON.stringify(r, null, 2));
          return;
        }
        if (r.items.length === 0) {
          print('还没有注册设备（在控制台 系统管理 › 设备管理 中注册）');
          return;
        }
        const tz = ctx.config.businessTimezone;
        for (const d of r.items) {
          print(
            [
              d.id,
              DEVICE_TYPE_TITLES[d.type],
              d.name,
              `${TENANT_TITLES[d.tenantType]} ${d.tenantId}`,
              STATUS_TITLES[d.status],
              d.lastSeenAt === null ? '从未上线' : `最后在线 ${formatBusinessTime(d.lastSeenAt, tz)}`,
            ].join('  '),
          );
        }
        print(`共 ${r.total} 台`);
      });
    });

  device
    .command('call <method> <path> [json]')
    .description('以设备身份签名并发送一个请求，例如：device call --id <设备编号> --key <密钥> POST /api/device/heartbeat \'{"firmware":"1.0"}\'')
    .requiredOption('--id <id>', '设备编号')
    .option('--key <key>', '设备密钥（也可放在环境变量 YIKATONG_DEVICE_KEY 里，免得留在命令历史中）')
    .option('--url <url>', '服务地址', 'http://127.0.0.1:8080')
    .action(async (method: string, path: string, json: string | undefined, o: { id: string; key?: string; url: string }) => {
      const m = method.toUpperCase();
      if (!METHODS.includes(m)) {
        throw new CliExit(1, `方法应为 ${METHODS.join(' / ')} 之一`);
      }
      if (!path.startsWith('/')) {
        throw new CliExit(1, '路径应以 / 开头，例如 /api/device/heartbeat');
      }
      const key = o.key ?? process.env.YIKATONG_DEVICE_KEY;
      if (!key) {
        throw new CliExit(1, '请用 --key 或环境变量 YIKATONG_DEVICE_KEY 给出设备密钥');
      }
      let base: URL;
      try {
        base = new URL(o.url);
      } catch {
        throw new CliExit(1, `--url 不是有效的地址：${o.url}`);
      }
      const body = json ?? (m === 'GET' || m === 'DELETE' ? undefined : '{}');
      if (body !== undefined) {
        try {
          JSON.parse(body);
        } catch {
          throw new CliExit(1, '请求体不是有效的 JSON');
        }
      }
      const url = new URL(path, base);
      // The signature covers the path exactly as sent: the one the URL will put on the wire.
      const target = `${url.pathname}${url.search}`;
      const headers = deviceRequestHeaders({ deviceId: o.id, key, method: m, path: target, body, timestamp: systemClock.now(), nonce: randomUUID() });
      let res: Response;
      try {
        res = await fetch(url, { method: m, headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body });
      } catch (e) {
        throw new CliExit(1, `无法连接 ${base.origin}：${e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e)}`);
      }
      const text = await res.text();
      print(`HTTP ${res.status}`);
      try {
        print(JSON.stringify(JSON.parse(text), null, 2));
      } catch {
        print(text);
      }
      if (res.status >= 400) {
        throw new CliExit(1, `请求未成功（HTTP ${res.status}）`);
      }
    });
}
