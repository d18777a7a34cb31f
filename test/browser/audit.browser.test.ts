/**
 * 审计日志页面的端到端测试：真实浏览器（Debian 的 chromium）打开构建好的控制台。
 * 一次密码错误的登录、管理员登录和一批退订名单操作之后，管理员在 系统管理 › 审计日志
 * 看到这些记录（姓名是查看时查询的，记录里只有编号）、按结果筛选“拒绝”、展开一行看请求编号，
 * 并按游标翻到下一页再翻回来。截图存到 test-output/screenshots/audit*.png；
 * UPDATE_DOC_SCREENSHOTS=1 时另存 audit.png 到 docs/screenshots/。
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appUrl,
  browserTestsRun,
  rows,
  running,
  screenshot,
  startBrowser,
  stopBrowser,
  submitLogIn,
  visibleDropdown,
  type BrowserRun,
} from '../helpers/browser';

if (!browserTestsRun) {
  console.log('skipped: chromium not installed (apt-get install -y chromium)');
}

describe.skipIf(!browserTestsRun)('审计日志 in a real browser', { timeout: 60_000 }, () => {
  let run: BrowserRun | undefined;
  let page: Page;
  const pageErrors: string[] = [];

  const started = () => running(run).server;
  const path = (pathname: string) => appUrl(started(), pathname);
  const auditLoaded = () => page.waitForResponse((r) => new URL(r.url()).pathname === '/api/audit' && r.request().method() === 'GET');

  beforeAll(async () => {
    run = await startBrowser({ pageErrors });
    ({ page } = run);
  }, 120_000);

  afterAll(() => stopBrowser(run));

  it('records a refused log-in, the log-in and the operator’s changes, and shows them to the operator', async () => {
    await page.goto(path('/login'));
    await submitLogIn(page, started().admin.login, `${started().admin.password}-wrong`);
    await page.getByRole('alert').waitFor();
    await submitLogIn(page, started().admin.login, started().admin.password);
    await page.waitForURL((url) => url.pathname === '/');

    // 25 changes through the API with the console's session: more than one page of the log.
    const csrf = (await page.context().cookies()).find((c) => c.name === 'yk_csrf')?.value ?? '';
    for (let i = 0; i < 25; i++) {
      const r = await page.request.post(path('/api/sms/optouts'), {
        data: { msisdn: `1370013${String(i).padStart(4, '0')}`, service: '*' },
        headers: { 'x-csrf-token': csrf, 'x-request-id': `e2e-optout-${i}` },
      });
      expect(r.status()).toBe(200);
    }

    // 菜单的分组默认全部展开。
    const menu = page.getByRole('menu').first();
    await menu.getByText('审计日志').click();
    await page.waitForURL((url) => url.pathname === '/admin/audit');
    await rows(page, 'audit').first().waitFor({ timeout: 30_000 });
    expect(await rows(page, 'audit').count()).toBe(20);
    const first = await rows(page, 'audit').first().innerText();
    expect(first).toContain('系统管理员');
    expect(first).toContain('运营商管理员');
    expect(first).toContain('退订名单');
    expect(first).toContain('POST /api/sms/optouts');
    expect(first).toContain('成功');
    expect(first).toContain('网页');
    // 号码从不出现在记录里。
    expect(await page.getByTestId('audit').innerText()).not.toContain('13700130024');
    await expect.poll(() => page.getByText('第 1 页', { exact: false }).count()).toBe(1);
    await screenshot(page, 'audit', { doc: true });

    // 下一页（游标翻页）：剩下的 5 条退订操作和两次登录；再翻回来。
    let next = auditLoaded();
    await page.getByRole('button', { name: /下一页/ }).click();
    await next;
    await page.getByText('第 2 页', { exact: false }).waitFor();
    const second = await page.getByTestId('audit').innerText();
    expect(second).toContain('登录、验证码等公开操作');
    expect(second).toContain('拒绝');
    expect(second).toContain('AUTH_INVALID_CREDENTIALS');
    expect(await page.getByRole('button', { name: /下一页/ }).isDisabled()).toBe(true);
    await screenshot(page, 'audit-page-2');
    next = auditLoaded();
    await page.getByRole('button', { name: /上一页/ }).click();
    await next;
    await page.getByText('第 1 页', { exact: false }).waitFor();
  });

  it('filters by result and shows an entry’s request id', async () => {
    const form = page.locator('.ant-pro-query-filter');
    const item = form.locator('.ant-form-item').filter({ has: page.locator('label', { hasText: /^结果$/ }) });
    await item.locator('.ant-select-selector').click();
    await visibleDropdown(page).locator('.ant-select-item-option').filter({ hasText: '拒绝' }).click();
    const loaded = auditLoaded();
    await form.getByRole('button', { name: /查\s*询/ }).click();
    await loaded;
    await expect.poll(() => rows(page, 'audit').count()).toBe(1);
    const denied = await rows(page, 'audit').first().innerText();
    expect(denied).toContain('未登录');
    expect(denied).toContain('401 AUTH_INVALID_CREDENTIALS');
    await rows(page, 'audit').first().locator('.ant-table-row-expand-icon').click();
    const details = page.locator('.ant-table-expanded-row');
    await details.waitFor();
    expect(await details.innerText()).toContain('请求编号');
    expect(await details.innerText()).toContain('来源地址');
    await screenshot(page, 'audit-denied');
    expect(pageErrors).toEqual([]);
  });
});
