/**
 * What the browser tests share: a real chromium (Debian's) on the built console served by a test
 * server with demo data, and the few steps every test takes on the antd console — logging in,
 * finding a dialog or a table's rows, waiting for a message notice, reading a code off the
 * simulated phone. Screenshots go to test-output/screenshots/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type APIRequestContext, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { beforeEach } from 'vitest';
import { startTestServer, type TestServer } from './server';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
export const CONTEXT_OPTIONS = { locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1366, height: 820 } };

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCREENSHOTS = join(REPO_ROOT, 'test-output', 'screenshots');
const DOCS_SCREENSHOTS = join(REPO_ROOT, 'docs', 'screenshots');
const CONSOLE_DIST = join(REPO_ROOT, 'console', 'dist', 'index.html');

export const hasChromium = existsSync(CHROMIUM);
/** Browser tests run where chromium is installed, and always on CI (where a missing one fails them). */
export const browserTestsRun = hasChromium || Boolean(process.env.CI);

/** A test server with the built console, a chromium, and one context with one page in it. */
export type BrowserRun = { server: TestServer; browser: Browser; context: BrowserContext; page: Page };

/** A page with the tests' default timeout whose uncaught errors are collected in `pageErrors`. */
export const openPage = async (context: BrowserContext, pageErrors: string[]): Promise<Page> => {
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return page;
};

/**
 * Starts a test server and chromium, with one context (allowed the clipboard when `clipboard`)
 * and a page in it. If a step fails, closes what it had started before throwing.
 */
export const startBrowser = async ({ pageErrors, clipboard = false }: { pageErrors: string[]; clipboard?: boolean }): Promise<BrowserRun> => {
  if (!hasChromium) {
    throw new Error(`${CHROMIUM} is missing; CI must install it (apt-get install -y chromium)`);
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  const server = await startTestServer();
  let browser: Browser | undefined;
  try {
    if (!existsSync(CONSOLE_DIST)) {
      throw new Error('console/dist is missing: build the console first (npm run build -w console)');
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const context = await browser.newContext(CONTEXT_OPTIONS);
    if (clipboard) {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    }
    return { server, browser, context, page: await openPage(context, pageErrors) };
  } catch (error) {
    await browser?.close();
    await server.close();
    throw error;
  }
};

/** Closes the browser and then the server (either may never have started). */
export const stopBrowser = async (run: BrowserRun | undefined) => {
  await run?.browser.close();
  await run?.server.close();
};

/** The run, once beforeAll has started it. */
export const running = (run: BrowserRun | undefined): BrowserRun => {
  if (!run) {
    throw new Error('test server did not start');
  }
  return run;
};

/** An absolute address on the test server. */
export const appUrl = (server: TestServer, pathname: string) => new URL(pathname, server.url).toString();

/** A demo account by login (with the password the demo loader printed); throws if the demo has none. */
export const demoAccount = (server: TestServer, login: string) => {
  const account = server.demoAccounts.find((a) => a.login === login);
  if (!account) {
    throw new Error(`the demo data should include ${login}`);
  }
  return account;
};

/** Saves test-output/screenshots/<name>.png; with `doc` and UPDATE_DOC_SCREENSHOTS=1, also docs/screenshots/<name>.png. */
export const screenshot = async (page: Page, name: string, { doc = false } = {}) => {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), animations: 'disabled' });
  if (doc && process.env.UPDATE_DOC_SCREENSHOTS === '1') {
    mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(DOCS_SCREENSHOTS, `${name}.png`), animations: 'disabled' });
  }
};

/** When a test fails, saves a screenshot of `target()` as failed-<prefix>-<test name>.png (call inside the describe). */
export const screenshotOnFailure = (prefix: string, target: () => Page | undefined) => {
  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      const name = task.name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '');
      await target()?.screenshot({ path: join(SCREENSHOTS, `failed-${prefix}-${name}.png`) });
    });
  });
};

/**
 * Fills the login form already on the page and submits it. Labels match in full: the 账号密码
 * tab's panel is also named 账号密码, so a partial match would find it too.
 */
export const submitLogIn = async (page: Page, login: string, password: string) => {
  await page.getByLabel('账号', { exact: true }).fill(login);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录' }).click();
};

/** Opens the login page, logs in with a password and waits for the home page. */
export const logIn = async (page: Page, server: TestServer, login: string, password: string) => {
  await page.goto(appUrl(server, '/login'));
  await submitLogIn(page, login, password);
  await page.waitForURL((u) => u.pathname === '/');
};

/** The open dialog with this title (by default an element with exactly this text). */
export const dialog = (page: Page, title: string, { exact = true } = {}) =>
  page.getByRole('dialog').filter({ has: page.getByText(title, { exact }) });

/** The rows of the antd table inside the element with this data-testid. */
export const rows = (scope: Page | Locator, testId: string) => scope.getByTestId(testId).locator('.ant-table-tbody .ant-table-row');

/** Waits for an antd message notice containing `text`. */
export const notice = (page: Page, text: string) => page.locator('.ant-message-notice').filter({ hasText: text }).first().waitFor();

/** The antd select dropdown that is open now. */
export const visibleDropdown = (page: Page) => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');

/** 在下拉框（按无障碍名称找到）里选一项；给了 search 时先输入它搜索。 */
export const choose = async (page: Page, scope: Page | Locator, label: string, option: string, search?: string) => {
  // antd 的下拉框把无障碍名称同时放在外框和输入框上：按 combobox 找输入框。
  const box = scope.getByRole('combobox', { name: label, exact: true });
  const chosen = box.locator('xpath=ancestor::div[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]').locator('.ant-select-selection-item', { hasText: option });
  // A search answered after the click can redraw the list under the pointer (seen under CI load): try again once.
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0) {
      // Start again from a closed list.
      await page.keyboard.press('Escape');
      await visibleDropdown(page).first().waitFor({ state: 'hidden' }).catch(() => undefined);
    }
    await box.click();
    if (search) {
      await box.fill(search);
    }
    await visibleDropdown(page).locator('.ant-select-item-option').filter({ hasText: option }).first().click();
    try {
      await chosen.first().waitFor({ timeout: 10_000 });
      return;
    } catch (error) {
      if (attempt > 0) {
        throw error;
      }
    }
  }
};

type PhoneLine = { id: string; direction: string; text: string };

/** What the simulated phone `phone` shows (read with an operator's session: only they may). */
const phoneLines = async (request: APIRequestContext, server: TestServer, phone: string): Promise<PhoneLine[]> => {
  const response = await request.get(appUrl(server, `/api/sim/phones/${phone}`));
  return ((await response.json()) as { items?: PhoneLine[] }).items ?? [];
};

/** The ids of the lines already on the simulated phone, to tell a new code from an old one. */
export const inboxIds = async (request: APIRequestContext, server: TestServer, phone: string) =>
  new Set((await phoneLines(request, server, phone)).map((line) => line.id));

/**
 * The 6-digit code in the last code SMS (验证码) that reached `phone` and is not in `seen`; waits
 * up to 15 s for one. Other SMS may arrive after it (a teacher's note sent just before): they are skipped.
 */
export const codeOnPhone = async (request: APIRequestContext, server: TestServer, phone: string, seen: Set<string> = new Set()): Promise<string> => {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const line = (await phoneLines(request, server, phone)).filter((l) => l.direction === 'in' && !seen.has(l.id) && l.text.includes('验证码')).at(-1);
    const code = /\d{6}/.exec(line?.text ?? '')?.[0];
    if (code) {
      return code;
    }
    if (Date.now() > deadline) {
      throw new Error(`no code reached ${phone}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
};

/**
 * Logs in on the login page already open with an SMS code read off the simulated phone (an
 * operator's `request` reads it); the caller waits for where the user lands.
 */
export const logInWithCode = async (page: Page, request: APIRequestContext, server: TestServer, phone: string) => {
  await page.getByRole('tab', { name: '短信验证码' }).click();
  await page.getByLabel('手机号').fill(phone);
  const seen = await inboxIds(request, server, phone);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await page.getByRole('button', { name: /^重新获取\(\d+\)$/ }).waitFor();
  await page.getByLabel('验证码', { exact: true }).fill(await codeOnPhone(request, server, phone, seen));
  await page.getByRole('button', { name: '登录' }).last().click();
};
