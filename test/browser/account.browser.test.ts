/**
 * 我的账户的端到端测试：真实浏览器（Debian 的 chromium）打开构建好的控制台。管理员从右上角
 * 用户菜单进入“我的账户”，看基本信息；用新号码收到的验证码（从模拟手机读）登记手机号；
 * 在另一个浏览器里也登录，在“登录设备”里看到两台设备（本机标“当前”）；修改密码，另一台随之下线；
 * 创建 API 令牌（只显示一次），用它以 Bearer 方式调用运营商接口，再吊销；最后“退出所有设备”回到登录页。
 * 截图在 test-output/screenshots/account-*.png。
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appUrl,
  browserTestsRun,
  codeOnPhone,
  CONTEXT_OPTIONS,
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

/** 管理员要登记的新号码（演示数据里没有人用）。 */
const ADMIN_PHONE = '13900009988';
const NEW_PASSWORD = 'Admin-new-pass-2026';

describe.skipIf(!browserTestsRun)('我的账户 in a real browser', { timeout: 30_000 }, () => {
  let run: BrowserRun | undefined;
  let context: BrowserContext;
  /** 另一台“设备”：单独的浏览器上下文，有自己的 Cookie。 */
  let otherContext: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  const started = () => running(run).server;
  const url = (pathname: string) => appUrl(started(), pathname);
  const openTab = async (name: string) => {
    await page.getByRole('tab', { name }).click();
    await page.waitForURL((u) => u.pathname === '/account');
  };

  const logInAsAdmin = (target: Page, password: string) => logIn(target, started(), started().admin.login, password);

  beforeAll(async () => {
    run = await startBrowser({ pageErrors, clipboard: true });
    ({ context, page } = run);
    otherContext = await run.browser.newContext({ ...CONTEXT_OPTIONS, userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1' });
  }, 120_000);

  screenshotOnFailure('account', () => page);

  afterAll(() => stopBrowser(run));

  it('opens 我的账户 from the user menu and shows who is logged in', async () => {
    await logInAsAdmin(page, started().admin.password);
    await page.getByTestId('current-user').hover();
    await page.getByRole('menuitem', { name: '我的账户' }).click();
    await page.waitForURL((u) => u.pathname === '/account');
    const profile = page.getByTestId('account-profile');
    await profile.getByText('运营商管理员 · 全平台').waitFor();
    const text = await profile.innerText();
    expect(text).toContain('系统管理员');
    expect(text).toContain(started().admin.login);
    expect(await page.getByTestId('account-phone').innerText()).toBe('未登记');
    // 我的账户不占侧边菜单。
    expect(await page.getByRole('menu').first().innerText()).not.toContain('我的账户');
    await screenshot(page, 'account-profile');
  });

  it('registers a phone number with the code sent to it', async () => {
    await page.getByRole('button', { name: '登记手机号' }).click();
    const form = dialog(page, '登记手机号');
    await form.getByLabel('新手机号').fill(ADMIN_PHONE);
    await form.getByRole('button', { name: '获取验证码' }).click();
    await form.getByRole('button', { name: /^重新获取\(\d+\)$/ }).waitFor();
    await form.getByLabel('验证码').fill(await codeOnPhone(context.request, started(), ADMIN_PHONE));
    await screenshot(page, 'account-phone');
    await form.getByRole('button', { name: '确认更换' }).click();
    await notice(page, `手机号已更换为 ${ADMIN_PHONE}`);
    await page.getByTestId('account-phone').filter({ hasText: ADMIN_PHONE }).waitFor();
  });

  it('lists both devices, marks this one 当前, and a password change logs the other out', async () => {
    const other = await otherContext.newPage();
    other.setDefaultTimeout(15_000);
    await logInAsAdmin(other, started().admin.password);

    await openTab('登录设备');
    await expect.poll(() => rows(page, 'account-sessions').count()).toBe(2);
    const current = rows(page, 'account-sessions').filter({ hasText: '当前' });
    expect(await current.count()).toBe(1);
    expect(await rows(page, 'account-sessions').filter({ hasText: '手机 · Safari · iOS' }).count()).toBe(1);
    await screenshot(page, 'account-sessions');

    await openTab('修改密码');
    const card = page.getByTestId('account-password');
    await card.getByLabel('当前密码').fill('Wrong-password-1');
    await card.getByLabel('新密码', { exact: true }).fill(NEW_PASSWORD);
    await card.getByLabel('确认新密码').fill(NEW_PASSWORD);
    await card.getByRole('button', { name: '修改密码' }).click();
    await card.getByRole('alert').filter({ hasText: '当前密码不正确' }).waitFor();

    await card.getByLabel('当前密码').fill(started().admin.password);
    await card.getByRole('button', { name: '修改密码' }).click();
    await card.getByRole('status').filter({ hasText: '其他 1 个登录设备已下线' }).waitFor();
    await screenshot(page, 'account-password');

    // 另一台设备的会话已结束；本机仍在。
    expect((await other.request.get(url('/api/auth/me'))).status()).toBe(401);
    expect((await context.request.get(url('/api/auth/me'))).status()).toBe(200);
    await openTab('登录设备');
    await expect.poll(() => rows(page, 'account-sessions').count()).toBe(1);

    // 用新密码再登录一次，再从列表里让它下线。
    await logInAsAdmin(other, NEW_PASSWORD);
    await page.getByRole('button', { name: '刷新' }).click();
    await expect.poll(() => rows(page, 'account-sessions').count()).toBe(2);
    await rows(page, 'account-sessions').filter({ hasNotText: '当前' }).getByRole('button', { name: '下线' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '下线' }).click();
    await notice(page, '该设备已下线');
    await expect.poll(() => rows(page, 'account-sessions').count()).toBe(1);
    expect((await other.request.get(url('/api/auth/me'))).status()).toBe(401);
    await other.close();
  });

  it('creates an API token shown once, which works as a bearer until revoked', async () => {
    await openTab('API 令牌');
    await page.getByTestId('account-tokens').getByText('还没有 API 令牌').waitFor();
    await page.getByRole('button', { name: '创建令牌' }).click();
    const form = dialog(page, '创建 API 令牌');
    await form.getByLabel('名称').fill('对账脚本');
    await form.getByText('30 天', { exact: true }).click();
    await form.getByRole('button', { name: '创建' }).click();

    const shown = dialog(page, '令牌已创建');
    const token = (await shown.getByTestId('new-token').innerText()).trim();
    expect(token).toMatch(/^ykt_[A-Za-z0-9_-]{43}$/);
    await screenshot(page, 'account-token-created');
    await shown.getByRole('button', { name: '复制' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);

    const asClient = () => fetch(url('/api/admin/jobs'), { headers: { authorization: `Bearer ${token}` } });
    expect((await asClient()).status).toBe(200);

    await shown.getByRole('button', { name: '我已保存，关闭' }).click();
    await shown.waitFor({ state: 'hidden' });
    const row = rows(page, 'account-tokens').filter({ hasText: '对账脚本' });
    await row.waitFor();
    expect(await row.innerText()).toContain(`${token.slice(0, 12)}…`);
    // 列表里再也看不到令牌本身。
    expect(await page.locator('body').innerText()).not.toContain(token);
    await screenshot(page, 'account-tokens');

    await row.getByRole('button', { name: '吊销' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '吊销' }).click();
    await notice(page, '已吊销令牌“对账脚本”');
    await page.getByTestId('account-tokens').getByText('还没有 API 令牌').waitFor();
    expect((await asClient()).status).toBe(401);
  });

  it('logs out everywhere after a confirmation and lands on the login page', async () => {
    await openTab('登录设备');
    await page.getByRole('button', { name: '退出所有设备' }).click();
    const confirm = page.locator('.ant-modal-confirm');
    await confirm.locator('.ant-modal-confirm-title', { hasText: '退出所有设备？' }).waitFor();
    // 等弹出动画结束（动画期间对话框带 zoom 类名），截图里才看得到它。
    await page.locator('.ant-modal-confirm:not([class*="zoom"])').waitFor();
    await screenshot(page, 'account-logout-all');
    await confirm.getByRole('button', { name: '全部退出' }).click();
    await page.waitForURL((u) => u.pathname === '/login');
    expect((await context.request.get(url('/api/auth/me'))).status()).toBe(401);
    expect(pageErrors).toEqual([]);
  });
});
