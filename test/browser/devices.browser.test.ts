/**
 * 设备管理的端到端测试：真实浏览器（Debian 的 chromium）打开构建好的控制台，管理员注册一台闸机，
 * 在只显示一次的密钥对话框里看到密钥、复制；用这把密钥签名的心跳请求被服务端接受，列表里显示“在线”；
 * 更换密钥（新密钥同样只显示一次，旧密钥 10 分钟内仍可用）；停用后设备的请求被拒绝，再启用。
 * 截图在 test-output/screenshots/devices-*.png。
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deviceRequestHeaders } from '../../server/src/modules/devices';
import { startTestServer } from '../helpers/server';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const CONTEXT_OPTIONS = { locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1366, height: 820 } };

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCREENSHOTS = join(REPO_ROOT, 'test-output', 'screenshots');
const CONSOLE_DIST = join(REPO_ROOT, 'console', 'dist', 'index.html');

const hasChromium = existsSync(CHROMIUM);
const isCI = Boolean(process.env.CI);

describe.skipIf(!hasChromium && !isCI)('设备管理 in a real browser', { timeout: 30_000 }, () => {
  let server: Awaited<ReturnType<typeof startTestServer>> | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  const started = () => {
    if (!server) {
      throw new Error('test server did not start');
    }
    return server;
  };
  const url = (pathname: string) => new URL(pathname, started().url).toString();
  const screenshot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), animations: 'disabled' });
  const dialog = (title: string | RegExp) => page.getByRole('dialog').filter({ has: page.getByText(title) });
  const rows = () => page.getByTestId('devices').locator('.ant-table-tbody .ant-table-row');
  const row = (name: string) => rows().filter({ has: page.getByText(name, { exact: true }) });

  /** 以设备身份发一个签名的心跳（和设备、命令行做的一样）。 */
  const heartbeat = async (deviceId: string, key: string) => {
    const body = JSON.stringify({ firmware: 'G2-1.4.0' });
    const path = '/api/device/heartbeat';
    const headers = deviceRequestHeaders({ deviceId, key, method: 'POST', path, body, timestamp: Date.now(), nonce: randomUUID() });
    const res = await fetch(url(path), { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
    return { status: res.status, body: (await res.json()) as { details?: { reason?: string } } };
  };

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    server = await startTestServer();
    if (!existsSync(CONSOLE_DIST)) {
      throw new Error('console/dist is missing: build the console first (npm run build -w console)');
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    context = await browser.newContext(CONTEXT_OPTIONS);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: started().url });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 120_000);

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      const name = task.name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '');
      await page?.screenshot({ path: join(SCREENSHOTS, `failed-devices-${name}.png`) });
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  let deviceId = '';
  let firstKey = '';

  it('registers a gate reader and shows its key once, with a warning and a copy button', async () => {
    await page.goto(url('/login'));
    await page.getByLabel('账号', { exact: true }).fill(started().admin.login);
    await page.getByLabel('密码', { exact: true }).fill(started().admin.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL((u) => u.pathname === '/');

    await page.getByRole('menu').first().getByText('设备管理').click();
    await page.waitForURL((u) => u.pathname === '/admin/devices');
    await page.getByText('还没有设备，点击“注册设备”注册第一台').waitFor();

    await page.getByRole('button', { name: '注册设备' }).click();
    const form = dialog('注册设备');
    await form.getByLabel('设备名称').fill('东门闸机');
    // 所属编号必填：空着提交会被页面拦下。
    await form.getByRole('button', { name: '注册' }).click();
    await form.getByText('请输入所属编号').waitFor();
    await form.getByLabel('所属编号').fill('S001');
    await screenshot('devices-register');
    await form.getByRole('button', { name: '注册' }).click();

    const shown = dialog('设备已注册：请保存密钥');
    await shown.waitFor();
    await shown.getByText('密钥只显示这一次').waitFor();
    firstKey = (await shown.getByTestId('device-key').innerText()).trim();
    expect(firstKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    deviceId = (await shown.locator('.ant-typography').filter({ hasText: /^[0-9a-f-]{36}$/ }).first().innerText()).trim();
    expect(deviceId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);

    await shown.getByRole('button', { name: '复制密钥' }).click();
    await shown.getByRole('button', { name: '已复制' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(firstKey);
    await page.mouse.move(0, 0);
    await screenshot('devices-key-modal');

    await shown.getByRole('button', { name: '我已保存密钥' }).click();
    await shown.waitFor({ state: 'hidden' });
    await row('东门闸机').waitFor();
    const text = await row('东门闸机').innerText();
    expect(text).toContain('闸机');
    expect(text).toContain('学校 S001');
    expect(text).toContain('启用');
    expect(text).toContain('从未上线');
    // 密钥不会再出现在页面上。
    expect(await page.locator('body').innerText()).not.toContain(firstKey);
  });

  it('the key signs a heartbeat; the list shows the device online', async () => {
    const r = await heartbeat(deviceId, firstKey);
    expect(r.status).toBe(200);
    // 表格右上角的刷新按钮。
    await page.getByTestId('devices').locator('.anticon-reload').click();
    await row('东门闸机').getByText('在线', { exact: true }).waitFor();
    await screenshot('devices-list');
  });

  it('rotates the key after a confirmation and shows the new one once; disables and enables', async () => {
    await row('东门闸机').getByRole('button', { name: '更换密钥' }).click();
    await page.locator('.ant-popover').getByText('旧密钥在 10 分钟内仍可使用').waitFor();
    await page.locator('.ant-popover').getByRole('button', { name: '更换' }).click();
    const shown = dialog('已更换密钥：请保存新密钥');
    await shown.waitFor();
    await shown.getByText(/旧密钥在 .* 之前仍可使用/).waitFor();
    const newKey = (await shown.getByTestId('device-key').innerText()).trim();
    expect(newKey).not.toBe(firstKey);
    await page.mouse.move(0, 0);
    await screenshot('devices-rotated');
    await shown.getByRole('button', { name: '我已保存密钥' }).click();
    await shown.waitFor({ state: 'hidden' });
    await row('东门闸机').getByText('换钥中').waitFor();
    // 新旧密钥此刻都能用。
    expect((await heartbeat(deviceId, newKey)).status).toBe(200);
    expect((await heartbeat(deviceId, firstKey)).status).toBe(200);

    await row('东门闸机').getByRole('button', { name: '停用' }).click();
    await page.locator('.ant-popover').getByRole('button', { name: '停用' }).click();
    await page.locator('.ant-message-notice').filter({ hasText: '已停用：东门闸机' }).first().waitFor();
    await row('东门闸机').getByText('停用', { exact: true }).first().waitFor();
    const refused = await heartbeat(deviceId, newKey);
    expect(refused.status).toBe(401);
    expect(refused.body.details?.reason).toBe('device_disabled');

    await row('东门闸机').getByRole('button', { name: '启用' }).click();
    await page.locator('.ant-message-notice').filter({ hasText: '已启用：东门闸机' }).first().waitFor();
    expect((await heartbeat(deviceId, newKey)).status).toBe(200);
    expect(pageErrors).toEqual([]);
  });
});
