/**
 * 控制台的端到端测试：真实浏览器（Debian 的 chromium）打开构建好的控制台，
 * 走一遍登录 → 首页 → 后台任务 → 系统信息 → 404 → 退出登录。
 * 每一步截图到 test-output/screenshots/<name>.png，方便人工检查界面。
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/server';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const CONTEXT_OPTIONS = { locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1366, height: 820 } };

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCREENSHOTS = join(REPO_ROOT, 'test-output', 'screenshots');
const CONSOLE_DIST = join(REPO_ROOT, 'console', 'dist', 'index.html');

const hasChromium = existsSync(CHROMIUM);
const isCI = Boolean(process.env.CI);
if (!hasChromium && !isCI) {
  console.log('skipped: chromium not installed (apt-get install -y chromium)');
}

describe.skipIf(!hasChromium && !isCI)('web console in a real browser', { timeout: 30_000 }, () => {
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
  const path = (pathname: string) => new URL(pathname, started().url).toString();
  const pathnameOf = (p: Page) => new URL(p.url()).pathname;
  // animations: 'disabled' 让过渡动画直接结束，截图不会停在半途。
  const screenshot = (name: string, target: Page = page) =>
    target.screenshot({ path: join(SCREENSHOTS, `${name}.png`), animations: 'disabled' });

  const logIn = async (login: string, password: string, target: Page = page) => {
    await target.getByLabel('账号').fill(login);
    await target.getByLabel('密码').fill(password);
    await target.getByRole('button', { name: '登录' }).click();
  };

  beforeAll(async () => {
    if (!hasChromium) {
      throw new Error(`${CHROMIUM} is missing; CI must install it (apt-get install -y chromium)`);
    }
    mkdirSync(SCREENSHOTS, { recursive: true });
    server = await startTestServer();
    if (!existsSync(CONSOLE_DIST)) {
      throw new Error('console/dist is missing: build the console first (npm run build -w console)');
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    context = await browser.newContext(CONTEXT_OPTIONS);
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 120_000);

  // 失败时留下当时的页面截图，文件名以 failed- 开头。
  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      const name = task.name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '');
      await page?.screenshot({ path: join(SCREENSHOTS, `failed-${name}.png`) });
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('sends a visitor to the login page, in Chinese', async () => {
    await page.goto(path('/'));
    await page.waitForURL((url) => url.pathname === '/login');
    await page.getByRole('button', { name: '登录' }).waitFor();

    const text = await page.locator('body').innerText();
    expect(text).toContain('账号');
    expect(text).toContain('密码');
    expect(text).toContain('首次启动时系统会在控制台打印管理员账号和一次性密码');
    expect(text).toContain('yikatong user reset-password');
    expect(text).not.toMatch(/短信.*密码|密码.*短信/);
    expect(await page.title()).toContain('一卡通');
    await screenshot('login');
  });

  it('shows the server’s message when the password is wrong', async () => {
    await logIn(started().admin.login, `${started().admin.password}-wrong`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('账号或密码错误');
    expect(pathnameOf(page)).toBe('/login');
    await screenshot('login-wrong-password');
  });

  it('logs the administrator in to the console shell', async () => {
    await logIn(started().admin.login, started().admin.password);
    await page.waitForURL((url) => url.pathname === '/');
    const menu = page.getByRole('menu').first();
    await menu.getByText('后台任务').waitFor();

    const menuText = await menu.innerText();
    for (const item of ['首页', '系统管理', '后台任务']) {
      expect(menuText).toContain(item);
    }
    await page.getByText('运营商管理员').first().waitFor();
    await page.getByText('系统状态').waitFor();
    await page.getByText('运行正常').waitFor();
    await screenshot('home');
  });

  it('lists background jobs', async () => {
    await page.getByRole('menu').first().getByText('后台任务').click();
    await page.waitForURL((url) => url.pathname === '/admin/jobs');
    const table = page.locator('.ant-table');
    await table.waitFor();
    await page.locator('.ant-table-tbody .ant-table-row, .ant-table-tbody .ant-empty').first().waitFor();

    const header = await page.locator('.ant-table-thead').innerText();
    for (const column of ['任务', '状态', '尝试次数', '计划时间', '最近错误', '创建时间', '完成时间']) {
      expect(header).toContain(column);
    }
    for (const tab of ['全部', '排队中', '执行中', '已完成', '失败']) {
      await page.getByRole('tab', { name: tab, exact: true }).waitFor();
    }
    await screenshot('jobs');

    await page.getByRole('tab', { name: '定时任务', exact: true }).click();
    await page.locator('.ant-table-thead').getByText('下次执行').waitFor();
    await screenshot('schedules');
  });

  it('shows system information', async () => {
    await page.getByRole('menu').first().getByText('系统信息').click();
    await page.waitForURL((url) => url.pathname === '/admin/system');
    await page.getByText('嵌入式 SQLite').waitFor();
    expect(await page.getByRole('link', { name: /接口文档/ }).getAttribute('href')).toBe('/docs');
    expect(await page.getByRole('link', { name: /监控指标/ }).getAttribute('href')).toBe('/metrics');
    await screenshot('system');
  });

  it('says so when a page does not exist', async () => {
    await page.goto(path('/no-such-page'));
    await page.getByText('页面不存在', { exact: true }).waitFor();
    expect(pathnameOf(page)).toBe('/no-such-page');
    await screenshot('not-found');
  });

  it('logs out back to the login page, and the session is gone', async () => {
    await page.getByTestId('current-user').click();
    await page.getByRole('menuitem', { name: /退出登录/ }).click();
    await page.waitForURL((url) => url.pathname === '/login');
    await page.getByRole('button', { name: '登录' }).waitFor();
    await screenshot('logged-out');

    // 退出后再打开受保护的页面：先去登录，登录后回到原来要去的页面。
    await page.goto(path('/admin/jobs'));
    await page.waitForURL((url) => url.pathname === '/login');
    expect(new URL(page.url()).searchParams.get('redirect')).toBe('/admin/jobs');
    await logIn(started().admin.login, started().admin.password);
    await page.waitForURL((url) => url.pathname === '/admin/jobs');
  });

  it('keeps 系统管理 from a teacher', async () => {
    const teacher = started().demoAccounts.find((account) => account.role === 'teacher');
    if (!teacher) {
      throw new Error('the demo data should include a teacher');
    }
    const teacherContext = await browser!.newContext(CONTEXT_OPTIONS);
    const teacherPage = await teacherContext.newPage();
    teacherPage.setDefaultTimeout(15_000);
    teacherPage.on('pageerror', (error) => pageErrors.push(error.message));
    try {
      await teacherPage.goto(path('/admin/jobs'));
      await teacherPage.waitForURL((url) => url.pathname === '/login');
      await logIn(teacher.login, teacher.password, teacherPage);
      await teacherPage.waitForURL((url) => url.pathname === '/admin/jobs');
      await teacherPage.getByText('无权访问', { exact: true }).waitFor();
      const menuText = await teacherPage.getByRole('menu').first().innerText();
      expect(menuText).toContain('首页');
      expect(menuText).not.toContain('系统管理');
      await screenshot('forbidden', teacherPage);

      await teacherPage.getByRole('button', { name: '返回首页' }).click();
      await teacherPage.waitForURL((url) => url.pathname === '/');
      await teacherPage.getByText('教师', { exact: true }).waitFor();
    } finally {
      await teacherContext.close();
    }
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
