/**
 * 我的账户的端到端测试：真实浏览器（Debian 的 chromium）打开构建好的控制台。管理员从右上角
 * 用户菜单进入“我的账户”，看基本信息；用新号码收到的验证码（从模拟手机读）登记手机号；
 * 在另一个浏览器里也登录，在“登录设备”里看到两台设备（本机标“当前”）；修改密码，另一台随之下线；
 * 创建 API 令牌（只显示一次），用它以 Bearer 方式调用运营商接口，再吊销；最后“退出所有设备”回到登录页。
 * 截图在 test-output/screenshots/account-*.png。
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/server';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const CONTEXT_OPTIONS = { locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1366, height: 820 } };

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCREENSHOTS = join(REPO_ROOT, 'test-output', 'screenshots');
const CONSOLE_DIST = join(REPO_ROOT, 'console', 'dist', 'index.html');

const hasChromium = existsSync(CHROMIUM);
const isCI = Boolean(process.env.CI);

/** 管理员要登记的新号码（演示数据里没有人用）。 */
const ADMIN_PHONE = '13900009988';
const NEW_PASSWORD = 'Admin-new-pass-2026';

describe.skipIf(!hasChromium && !isCI)('我的账户 in a real browser', { timeout: 30_000 }, () => {
  let server: Awaited<ReturnType<typeof startTestServer>> | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext;
  /** 另一台“设备”：单独的浏览器上下文，有自己的 Cookie。 */
  let otherContext: BrowserContext;
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
  const dialog = (title: string) => page.getByRole('dialog').filter({ has: page.getByText(title, { exact: true }) });
  const rows = (testId: string) => page.getByTestId(testId).locator('.ant-table-tbody .ant-table-row');
  const openTab = async (name: string) => {
    await page.getByRole('tab', { name }).click();
    await page.waitForURL((u) => u.pathname === '/account');
  };

  const logIn = async (target: Page, password: string) => {
    await target.goto(url('/login'));
    await target.getByLabel('账号', { exact: true }).fill(started().admin.login);
    await target.getByLabel('密码', { exact: true }).fill(password);
    await target.getByRole('button', { name: '登录' }).click();
    await target.waitForURL((u) => u.pathname === '/');
  };

  /** 新号码收到的最后一条短信里的验证码（用管理员的会话读短信模拟器）。 */
  const codeOnPhone = async (phone: string): Promise<string> => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const response = await context.request.get(url(`/api/sim/phones/${phone}`));
      const lines = ((await response.json()) as { items?: { direction: string; text: string }[] }).items ?? [];
      const code = /\d{6}/.exec(lines.filter((l) => l.direction === 'in').at(-1)?.text ?? '')?.[0];
      if (code) {
        return code;
      }
      if (Date.now() > deadline) {
        throw new Error(`no code reached ${phone}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
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
    otherContext = await browser.newContext({ ...CONTEXT_OPTIONS, userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1' });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 120_000);

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      const name = task.name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '');
      await page?.screenshot({ path: join(SCREENSHOTS, `failed-account-${name}.png`) });
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('opens 我的账户 from the user menu and shows who is logged in', async () => {
    await logIn(page, started().admin.password);
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
    await screenshot('account-profile');
  });

  it('registers a phone number with the code sent to it', async () => {
    await page.getByRole('button', { name: '登记手机号' }).click();
    const form = dialog('登记手机号');
    await form.getByLabel('新手机号').fill(ADMIN_PHONE);
    await form.getByRole('button', { name: '获取验证码' }).click();
    await form.getByRole('button', { name: /^重新获取\(\d+\)$/ }).waitFor();
    await form.getByLabel('验证码').fill(await codeOnPhone(ADMIN_PHONE));
    await screenshot('account-phone');
    await form.getByRole('button', { name: '确认更换' }).click();
    await page.locator('.ant-message-notice').filter({ hasText: `手机号已更换为 ${ADMIN_PHONE}` }).waitFor();
    await page.getByTestId('account-phone').filter({ hasText: ADMIN_PHONE }).waitFor();
  });

  it('lists both devices, marks this one 当前, and a password change logs the other out', async () => {
    const other = await otherContext.newPage();
    other.setDefaultTimeout(15_000);
    await logIn(other, started().admin.password);

    await openTab('登录设备');
    await expect.poll(() => rows('account-sessions').count()).toBe(2);
    const current = rows('account-sessions').filter({ hasText: '当前' });
    expect(await current.count()).toBe(1);
    expect(await rows('account-sessions').filter({ hasText: '手机 · Safari · iOS' }).count()).toBe(1);
    await screenshot('account-sessions');

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
    await screenshot('account-password');

    // 另一台设备的会话已结束；本机仍在。
    expect((await other.request.get(url('/api/auth/me'))).status()).toBe(401);
    expect((await context.request.get(url('/api/auth/me'))).status()).toBe(200);
    await openTab('登录设备');
    await expect.poll(() => rows('account-sessions').count()).toBe(1);

    // 用新密码再登录一次，再从列表里让它下线。
    await logIn(other, NEW_PASSWORD);
    await page.getByRole('button', { name: '刷新' }).click();
    await expect.poll(() => rows('account-sessions').count()).toBe(2);
    await rows('account-sessions').filter({ hasNotText: '当前' }).getByRole('button', { name: '下线' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '下线' }).click();
    await page.locator('.ant-message-notice').filter({ hasText: '该设备已下线' }).waitFor();
    await expect.poll(() => rows('account-sessions').count()).toBe(1);
    expect((await other.request.get(url('/api/auth/me'))).status()).toBe(401);
    await other.close();
  });

  it('creates an API token shown once, which works as a bearer until revoked', async () => {
    await openTab('API 令牌');
    await page.getByTestId('account-tokens').getByText('还没有 API 令牌').waitFor();
    await page.getByRole('button', { name: '创建令牌' }).click();
    const form = dialog('创建 API 令牌');
    await form.getByLabel('名称').fill('对账脚本');
    await form.getByText('30 天', { exact: true }).click();
    await form.getByRole('button', { name: '创建' }).click();

    const shown = dialog('令牌已创建');
    const token = (await shown.getByTestId('new-token').innerText()).trim();
    expect(token).toMatch(/^ykt_[A-Za-z0-9_-]{43}$/);
    await screenshot('account-token-created');
    await shown.getByRole('button', { name: '复制' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);

    const asClient = () => fetch(url('/api/admin/jobs'), { headers: { authorization: `Bearer ${token}` } });
    expect((await asClient()).status).toBe(200);

    await shown.getByRole('button', { name: '我已保存，关闭' }).click();
    await shown.waitFor({ state: 'hidden' });
    const row = rows('account-tokens').filter({ hasText: '对账脚本' });
    await row.waitFor();
    expect(await row.innerText()).toContain(`${token.slice(0, 12)}…`);
    // 列表里再也看不到令牌本身。
    expect(await page.locator('body').innerText()).not.toContain(token);
    await screenshot('account-tokens');

    await row.getByRole('button', { name: '吊销' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '吊销' }).click();
    await page.locator('.ant-message-notice').filter({ hasText: '已吊销令牌“对账脚本”' }).waitFor();
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
    await screenshot('account-logout-all');
    await confirm.getByRole('button', { name: '全部退出' }).click();
    await page.waitForURL((u) => u.pathname === '/login');
    expect((await context.request.get(url('/api/auth/me'))).status()).toBe(401);
    expect(pageErrors).toEqual([]);
  });
});
