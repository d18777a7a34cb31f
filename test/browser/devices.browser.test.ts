/**
 * 设备管理的端到端测试：真实浏览器（Debian 的 chromium）打开构建好的控制台，管理员注册一台闸机，
 * 在只显示一次的密钥对话框里看到密钥、复制；用这把密钥签名的心跳请求被服务端接受，列表里显示“在线”；
 * 更换密钥（新密钥同样只显示一次，旧密钥 10 分钟内仍可用）；停用后设备的请求被拒绝，再启用。
 * 截图在 test-output/screenshots/devices-*.png。
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceRequestHeaders } from '../../server/src/modules/devices';
import {
  appUrl,
  browserTestsRun,
  choose,
  dialog,
  logIn,
  notice,
  rows,
  running,
  screenshot,
  screenshotOnFailure,
  startBrowser,
  stopBrowser,
  type BrowserRun,
} from '../helpers/browser';

describe.skipIf(!browserTestsRun)('设备管理 in a real browser', { timeout: 30_000 }, () => {
  let run: BrowserRun | undefined;
  let page: Page;
  const pageErrors: string[] = [];

  const started = () => running(run).server;
  const url = (pathname: string) => appUrl(started(), pathname);
  const row = (name: string) => rows(page, 'devices').filter({ has: page.getByText(name, { exact: true }) });

  /** 以设备身份发一个签名的心跳（和设备、命令行做的一样）。 */
  const heartbeat = async (deviceId: string, key: string) => {
    const body = JSON.stringify({ firmware: 'G2-1.4.0' });
    const path = '/api/device/heartbeat';
    const headers = deviceRequestHeaders({ deviceId, key, method: 'POST', path, body, timestamp: Date.now(), nonce: randomUUID() });
    const res = await fetch(url(path), { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
    return { status: res.status, body: (await res.json()) as { details?: { reason?: string } } };
  };

  beforeAll(async () => {
    run = await startBrowser({ pageErrors, clipboard: true });
    ({ page } = run);
  }, 120_000);

  screenshotOnFailure('devices', () => page);

  afterAll(() => stopBrowser(run));

  let deviceId = '';
  let firstKey = '';

  it('registers a gate reader and shows its key once, with a warning and a copy button', async () => {
    await logIn(page, started(), started().admin.login, started().admin.password);

    await page.getByRole('menu').first().getByText('设备管理').click();
    await page.waitForURL((u) => u.pathname === '/admin/devices');
    // The demo's gate reader, school phone and POS are there, each with its school or outlet by name.
    await row('东门闸机').getByText('学校 阳光小学').waitFor();
    await row('收银台1').getByText('营业网点 城关营业网点').waitFor();

    await page.getByRole('button', { name: '注册设备' }).click();
    const form = dialog(page, '注册设备', { exact: false });
    await form.getByLabel('设备名称').fill('北门闸机');
    // 所属机构必填：空着提交会被页面拦下；从已有的学校里选。
    await form.getByRole('button', { name: '注册' }).click();
    await form.getByText('请选择所属机构').waitFor();
    await choose(page, form, '所属机构', '阳光小学', '阳光');
    await screenshot(page, 'devices-register');
    await form.getByRole('button', { name: '注册' }).click();

    const shown = dialog(page, '设备已注册：请保存密钥', { exact: false });
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
    await screenshot(page, 'devices-key-modal');

    await shown.getByRole('button', { name: '我已保存密钥' }).click();
    await shown.waitFor({ state: 'hidden' });
    await row('北门闸机').waitFor();
    const text = await row('北门闸机').innerText();
    expect(text).toContain('闸机');
    expect(text).toContain('学校 阳光小学');
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
    await row('北门闸机').getByText('在线', { exact: true }).waitFor();
    await screenshot(page, 'devices-list');
  });

  it('rotates the key after a confirmation and shows the new one once; disables and enables', async () => {
    await row('北门闸机').getByRole('button', { name: '更换密钥' }).click();
    await page.locator('.ant-popover').getByText('旧密钥在 10 分钟内仍可使用').waitFor();
    await page.locator('.ant-popover').getByRole('button', { name: '更换' }).click();
    const shown = dialog(page, '已更换密钥：请保存新密钥', { exact: false });
    await shown.waitFor();
    await shown.getByText(/旧密钥在 .* 之前仍可使用/).waitFor();
    const newKey = (await shown.getByTestId('device-key').innerText()).trim();
    expect(newKey).not.toBe(firstKey);
    await page.mouse.move(0, 0);
    await screenshot(page, 'devices-rotated');
    await shown.getByRole('button', { name: '我已保存密钥' }).click();
    await shown.waitFor({ state: 'hidden' });
    await row('北门闸机').getByText('换钥中').waitFor();
    // 新旧密钥此刻都能用。
    expect((await heartbeat(deviceId, newKey)).status).toBe(200);
    expect((await heartbeat(deviceId, firstKey)).status).toBe(200);

    await row('北门闸机').getByRole('button', { name: '停用' }).click();
    await page.locator('.ant-popover').getByRole('button', { name: '停用' }).click();
    await notice(page, '已停用：北门闸机');
    await row('北门闸机').getByText('停用', { exact: true }).first().waitFor();
    const refused = await heartbeat(deviceId, newKey);
    expect(refused.status).toBe(401);
    expect(refused.body.details?.reason).toBe('device_disabled');

    await row('北门闸机').getByRole('button', { name: '启用' }).click();
    await notice(page, '已启用：北门闸机');
    expect((await heartbeat(deviceId, newKey)).status).toBe(200);
    expect(pageErrors).toEqual([]);
  });
});
