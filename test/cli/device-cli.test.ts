/** `yikatong device …` as a real process: call the device API signed with a key, and list devices. */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createContext, prepareDatabase } from '../../server/src/app';
import type { AppContext } from '../../server/src/context';
import { buildHttp } from '../../server/src/http/server';
import type { Http } from '../../server/src/http/types';
import { loadConfig } from '../../server/src/platform/config';
import { createLogger } from '../../server/src/platform/logger';
import { cliAsync as cli } from '../helpers/cli';

let dataDir = '';
let ctx: AppContext;
let app: Http;
let url = '';
let device = { id: '', key: '' };
const env = () => ({ DATA_DIR: dataDir, DEMO_DATA: 'false' });

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'yk-device-cli-'));
  ctx = createContext({ config: loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), log: createLogger('silent') });
  await prepareDatabase(ctx);
  const r = await ctx.devices.register({ type: 'gate', name: '东门闸机', tenantType: 'school', tenantId: 'school-1' });
  device = { id: r.device.id, key: r.key };
  app = await buildHttp(ctx, { consoleDir: null });
  await app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await app?.close();
  await ctx?.database.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it('signs and sends a request as the device; a wrong key is refused with the reason', async () => {
  const ok = await cli(['device', 'call', '--id', device.id, '--key', device.key, '--url', url, 'POST', '/api/device/heartbeat', '{"firmware":"G2-1.4.0"}'], env());
  expect(ok.err).toBe('');
  expect(ok.code).toBe(0);
  expect(ok.out).toContain('HTTP 200');
  expect(ok.out).toContain(`"deviceId": "${device.id}"`);
  expect((await ctx.devices.get(device.id)).firmware).toBe('G2-1.4.0');

  // The key may come from the environment instead of the command line; no JSON means {}.
  const fromEnv = await cli(['device', 'call', '--id', device.id, '--url', url, 'post', '/api/device/heartbeat'], { ...env(), YIKATONG_DEVICE_KEY: device.key });
  expect(fromEnv.out).toContain('HTTP 200');

  const wrong = await cli(['device', 'call', '--id', device.id, '--key', 'x'.repeat(43), '--url', url, 'POST', '/api/device/heartbeat'], env());
  expect(wrong.code).toBe(1);
  expect(wrong.out).toContain('HTTP 401');
  expect(wrong.out).toContain('"reason": "bad_signature"');
  expect(wrong.err).toContain('请求未成功（HTTP 401）');

  const bad = await cli(['device', 'call', '--id', device.id, '--key', device.key, '--url', url, 'POST', '/api/device/heartbeat', '{nope'], env());
  expect(bad.code).toBe(1);
  expect(bad.err).toContain('请求体不是有效的 JSON');
  const noKey = await cli(['device', 'call', '--id', device.id, '--url', url, 'POST', '/api/device/heartbeat'], env());
  expect(noKey.err).toContain('YIKATONG_DEVICE_KEY');
});

it('lists devices without their keys', async () => {
  const r = await cli(['device', 'list'], env());
  expect(r.code).toBe(0);
  expect(r.out).toContain(device.id);
  expect(r.out).toContain('闸机  东门闸机  学校 school-1  启用');
  expect(r.out).not.toContain(device.key);
  const bad = await cli(['device', 'list', '--type', 'toaster'], env());
  expect(bad.code).toBe(1);
  expect(bad.err).toContain('--type');
});
