/**
 * 客服（10086）只读的端到端测试：真实浏览器（Debian 的 chromium）打开构建好的控制台，用演示账号 demo-support 登录：
 * 菜单里有短信中心（没有短信模拟器）、账务管理和系统管理 › 设备管理；短信查询、短信详情、群发报告、退订名单、
 * 账户余额、账户详情（对账单）和设备管理都能打开，但看不到任何会被服务端拒绝（403）的按钮：
 * 发送短信、新建群发、重发失败的号码、加入或移出退订名单、开户、转账、冲正、入账、撤销、注册设备、更换密钥、停用。
 * 整个过程中，控制台发出的请求没有一个被拒绝。
 * 截图在 test-output/screenshots/support-*.png。
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUrl, browserTestsRun, demoAccount, logIn, rows, running, screenshot, screenshotOnFailure, startBrowser, stopBrowser, type BrowserRun } from '../helpers/browser';

/** 演示数据里没有人用的号码：管理员先给它发一条短信，客服再去查。 */
const PHONE = '13800006666';

describe.skipIf(!browserTestsRun)('客服 reads 短信中心, 账务管理 and 设备管理 in a real browser', { timeout: 60_000 }, () => {
  let run: BrowserRun | undefined;
  let page: Page;
  const pageErrors: string[] = [];
  /** 客服浏览时被服务端拒绝的请求（应当没有）。 */
  const refused: string[] = [];

  const started = () => running(run).server;
  const url = (pathname: string) => appUrl(started(), pathname);
  const sideMenu = () => page.getByRole('menu').first();
  const content = () => page.locator('.ant-pro-page-container');
  /** 页面上（不含侧边菜单）可以点的按钮的文字。 */
  const buttons = async () => (await content().getByRole('button').allInnerTexts()).map((text) => text.trim());

  const demo = (login: string) => demoAccount(started(), login);

  beforeAll(async () => {
    run = await startBrowser({ pageErrors });
    ({ page } = run);
  }, 120_000);

  screenshotOnFailure('support', () => page);

  afterAll(() => stopBrowser(run));

  it('has the operator send a message for 客服 to look up', async () => {
    // 管理员在另一个上下文里登录，通过接口发一条短信。
    const other = await running(run).browser.newContext();
    try {
      const operator = await other.newPage();
      await logIn(operator, started(), started().admin.login, started().admin.password);
      const csrf = (await other.cookies()).find((c) => c.name === 'yk_csrf')?.value ?? '';
      const sent = await operator.request.post(url('/api/sms/messages'), {
        data: { to: PHONE, text: '您的校园卡本月消费 35.50 元。', key: 'support-e2e-1' },
        headers: { 'x-csrf-token': csrf },
      });
      expect(sent.status()).toBe(200);
    } finally {
      await other.close();
    }
  });

  it('shows 客服 短信中心 without the simulator, and messages without a send button', async () => {
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/api/') && response.status() === 403) {
        refused.push(`${response.request().method()} ${new URL(response.url()).pathname}`);
      }
    });
    await logIn(page, started(), 'demo-support', demo('demo-support').password);

    const menu = (await sideMenu().innerText()).split('\n').map((item) => item.trim());
    expect(menu).toContain('短信中心');
    expect(menu).toContain('短信查询');
    expect(menu).toContain('账务管理');
    expect(menu).toContain('账户余额');
    expect(menu).toContain('设备管理');
    expect(menu).not.toContain('短信模拟器');
    expect(menu).not.toContain('后台任务');
    expect(menu).not.toContain('审计日志');

    // 访问 /sms 时转到第一个能看的页面：短信查询。
    await page.goto(url('/sms'));
    await page.waitForURL((u) => u.pathname === '/sms/messages');
    await rows(page, 'messages').first().waitFor();
    const ours = rows(page, 'messages').filter({ hasText: PHONE });
    await ours.first().waitFor();
    expect(await buttons()).not.toContain('发送短信');
    expect(await page.getByRole('button', { name: '发送短信' }).count()).toBe(0);
    await screenshot(page, 'support-sms-messages');

    await ours.first().locator('td').nth(2).click();
    await page.waitForURL((u) => u.pathname.startsWith('/sms/messages/'));
    await page.getByTestId('life').waitFor();
    await content().getByText('您的校园卡本月消费 35.50 元。', { exact: false }).first().waitFor();
    const detailButtons = await buttons();
    expect(detailButtons.some((text) => text.includes('刷新'))).toBe(true);
    expect(detailButtons.some((text) => text.includes('模拟器'))).toBe(false);
    expect(detailButtons.some((text) => text.includes('发送'))).toBe(false);

    // 模拟器不能直接打开。
    await page.goto(url('/sms/simulator'));
    await page.getByText('无权访问', { exact: false }).first().waitFor();
  });

  it('lets 客服 read bulks and opt-outs without changing them', async () => {
    await page.goto(url('/sms/bulks'));
    await rows(page, 'bulks').first().waitFor();
    expect(await buttons()).not.toContain('新建群发');
    await rows(page, 'bulks').first().locator('td').first().click();
    await page.waitForURL((u) => u.pathname.startsWith('/sms/bulks/'));
    await page.getByTestId('bulk-report').waitFor();
    await rows(page, 'bulk-messages').first().waitFor();
    const report = await buttons();
    expect(report.some((text) => text.includes('重发'))).toBe(false);
    expect(report.some((text) => text.includes('导出 CSV'))).toBe(true);

    await page.goto(url('/sms/optouts'));
    await page.getByTestId('optouts').locator('.ant-table').waitFor();
    const optouts = await buttons();
    expect(optouts).not.toContain('加入退订名单');
    expect(optouts).not.toContain('移出名单');
  });

  it('lets 客服 open 账户余额 and a statement with no 开户, 转账 or 冲正', async () => {
    await sideMenu().getByText('账户余额', { exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/ledger/accounts');
    await rows(page, 'accounts').first().waitFor();
    const list = await buttons();
    expect(list).not.toContain('开户');
    expect(list.some((text) => text.includes('转账'))).toBe(false);
    const header = await page.getByTestId('accounts').locator('.ant-table-thead').innerText();
    expect(header).not.toContain('操作');
    await screenshot(page, 'support-ledger-accounts');

    // 城关营业网点：演示数据今天有充值，其中一笔已冲正。
    await rows(page, 'accounts').filter({ hasText: '城关营业网点' }).first().locator('td').first().click();
    await page.waitForURL((u) => u.pathname.startsWith('/ledger/accounts/'));
    await rows(page, 'statement').first().waitFor();
    expect(await rows(page, 'statement').count()).toBeGreaterThan(0);
    const statement = await buttons();
    for (const write of ['转账', '冲正', '入账', '撤销']) {
      expect(statement.some((text) => text.includes(write))).toBe(false);
    }
    expect(statement.some((text) => text.includes('导出 CSV'))).toBe(true);
    await screenshot(page, 'support-ledger-statement');
  });

  it('lets 客服 open 设备管理 with no 注册设备, 更换密钥 or 停用', async () => {
    await sideMenu().getByText('设备管理', { exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/admin/devices');
    await rows(page, 'devices').filter({ hasText: '东门闸机' }).first().waitFor();
    const devices = await buttons();
    for (const write of ['注册设备', '更换密钥', '停用', '启用']) {
      expect(devices.some((text) => text.includes(write))).toBe(false);
    }
    await screenshot(page, 'support-devices');
  });

  it('never got a 403 and threw no page errors', () => {
    expect(refused).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
