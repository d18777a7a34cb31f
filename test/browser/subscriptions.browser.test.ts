/**
 * 订购与计费 in a real browser on the built console with demo data:
 * - 赵经理 (代理商) withdraws the demo's pending request, then subscribes 李强 on his behalf (代客订购)
 *   and sees the request waiting for 李强's Y with the time left, while 李强's phone has the SMS;
 * - 李强 logs in with an SMS code on a phone (390×844), subscribes 家校互动 in 家长网校 › 我的订购
 *   (the price and the 72-hour rule said before he confirms), sees it active with his bill's
 *   forecast, and cancels it;
 * - the operator runs last month as a dry run and then for real in 出账, watches both finish, and
 *   downloads the carrier file with 李芳's 8 yuan in it; 订购查询 explains the charge.
 * Screenshots in test-output/screenshots/subscriptions-*.png (two also in docs/screenshots/).
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  appUrl,
  demoAccount,
  browserTestsRun,
  CONTEXT_OPTIONS,
  dialog,
  inboxIds,
  logIn,
  logInWithCode,
  notice,
  openPage,
  rows,
  running,
  screenshot,
  screenshotOnFailure,
  startBrowser,
  stopBrowser,
  type BrowserRun,
} from '../helpers/browser';

const LI_QIANG = '13900004444';
const LI_FANG = '13900003333';

/** Waits until antd's message notices have gone (a screenshot for the docs shows the page, not the toasts). */
const noticesGone = (page: Page) => page.locator('.ant-message-notice').first().waitFor({ state: 'detached', timeout: 10_000 });

/** Last month in Beijing time, as the run page defaults to it: 'YYYY-MM'. */
const lastMonth = () => {
  const bj = new Date(Date.now() + 8 * 3_600_000);
  const y = bj.getUTCFullYear();
  const m = bj.getUTCMonth(); // 0-based: this month − 1
  return m === 0 ? `${y - 1}-12` : `${y}-${String(m).padStart(2, '0')}`;
};

describe.skipIf(!browserTestsRun)('订购与计费 in a real browser', { timeout: 120_000 }, () => {
  let run: BrowserRun | undefined;
  let page: Page;
  let current: Page | undefined;
  const pageErrors: string[] = [];
  const started = () => running(run).server;
  const url = (pathname: string) => appUrl(started(), pathname);
  const demo = (login: string) => demoAccount(started(), login);

  beforeAll(async () => {
    run = await startBrowser({ pageErrors });
    page = run.page;
    // The operator's session reads the simulated phones.
    await logIn(page, started(), started().admin.login, started().admin.password);
  }, 120_000);
  beforeEach(() => {
    current = page;
  });
  screenshotOnFailure('subscriptions', () => current);
  afterAll(async () => {
    await stopBrowser(run);
  });

  it('an agent withdraws the demo’s request, subscribes 李强 on his behalf and sees it waiting for his Y', async () => {
    const context = await running(run).browser.newContext(CONTEXT_OPTIONS);
    try {
      const agent = await openPage(context, pageErrors);
      current = agent;
      await logIn(agent, started(), 'demo-agent', demo('demo-agent').password);
      await agent.getByRole('menu').first().getByText('待确认').click();
      await agent.waitForURL((u) => u.pathname === '/billing/requests');
      const demoRow = rows(agent, 'requests').filter({ hasText: LI_QIANG });
      await expect.poll(async () => demoRow.innerText().catch(() => '')).toMatch(/待家长确认[\s\S]*还剩 2\d 小时/);
      await demoRow.getByRole('button', { name: '撤回' }).click();
      await agent.locator('.ant-popconfirm').getByRole('button', { name: '撤回' }).click();
      await notice(agent, `已撤回 ${LI_QIANG} 的代订申请`);
      await expect.poll(async () => rows(agent, 'requests').count()).toBe(0);

      const before = await inboxIds(page.request, started(), LI_QIANG);
      await agent.getByRole('menu').first().getByText('订购管理').click();
      await agent.getByTestId('request-new').click();
      const form = dialog(agent, '代客订购');
      // 赵经理's agency has one school: the form has chosen it already.
      await expect.poll(async () => form.locator('.ant-select-selection-item').first().innerText().catch(() => '')).toBe('阳光小学');
      await form.getByTestId('request-msisdn').fill(LI_QIANG);
      await expect.poll(async () => form.innerText()).toContain('家校互动（8.00 元/月）');
      await screenshot(agent, 'subscriptions-agent-request-form');
      await form.getByRole('button', { name: '发送确认短信' }).click();
      await notice(agent, `已给 ${LI_QIANG} 发送确认短信，等待家长回复`);
      await agent.waitForURL((u) => u.pathname === '/billing/requests');
      const row = rows(agent, 'requests').filter({ hasText: LI_QIANG });
      await expect.poll(async () => row.innerText().catch(() => '')).toMatch(/阳光小学[\s\S]*家校互动[\s\S]*待家长确认[\s\S]*还剩 2[34] 小时[\s\S]*赵经理/);
      await screenshot(agent, 'subscriptions-agent-pending');

      // 李强's phone has the request, from 10657099 + 4, to answer with Y.
      await expect.poll(async () => (await inboxIds(page.request, started(), LI_QIANG)).size).toBeGreaterThan(before.size);
      const phone = (await (await page.request.get(url(`/api/sim/phones/${LI_QIANG}`))).json()) as { items: { text: string }[] };
      expect(phone.items.at(-1)?.text).toContain('阳光小学为您办理家校互动');
    } finally {
      await context.close();
    }
  });

  it('李强 subscribes 家校互动 and cancels it in 家长网校 on a phone (390×844)', async () => {
    const mobile = await running(run).browser.newContext({ ...CONTEXT_OPTIONS, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    try {
      const dad = await openPage(mobile, pageErrors);
      current = dad;
      await dad.goto(url('/login'));
      await logInWithCode(dad, page.request, started(), LI_QIANG);
      await dad.waitForURL((u) => u.pathname === '/portal');
      await dad.getByRole('tab', { name: '我的订购' }).click();
      const section = dad.getByTestId('portal-subscriptions');
      await expect.poll(async () => section.getByTestId('paid-status').innerText().catch(() => '')).toBe('未订购');
      expect(await section.getByTestId('price-sentence').innerText()).toContain('资费 8.00 元/月，随手机话费收取。每月 1 日至 20 日订购，72 小时内退订不收当月费用');

      const before = await inboxIds(page.request, started(), LI_QIANG);
      await section.getByTestId('paid-subscribe').click();
      const confirm = dad.locator('.ant-modal-confirm');
      expect(await confirm.innerText()).toContain('72 小时内退订不收当月费用');
      await confirm.getByRole('button', { name: '确认订购' }).click();
      await notice(dad, '已订购家校互动，确认短信已发到您的手机');
      await expect.poll(async () => section.getByTestId('paid-status').innerText()).toBe('已订购');
      await expect.poll(async () => dad.getByTestId('portal-bills').innerText().catch(() => '')).toMatch(/本月（\d{4}年\d{1,2}月）预计 ¥(8\.00|0\.00)/);
      await expect.poll(async () => dad.getByTestId('portal-sub-events').innerText().catch(() => '')).toContain('订购 家校互动');
      await noticesGone(dad);
      await screenshot(dad, 'portal-subscription', { doc: true });
      // The confirmation SMS reached his phone.
      await expect.poll(async () => (await inboxIds(page.request, started(), LI_QIANG)).size).toBeGreaterThan(before.size);

      await section.getByTestId('paid-cancel').click();
      await dad.locator('.ant-modal-confirm').getByRole('button', { name: '确认退订' }).click();
      await notice(dad, '已退订家校互动，确认短信已发到您的手机');
      await expect.poll(async () => section.getByTestId('paid-status').innerText()).toBe('未订购');
      await expect.poll(async () => dad.getByTestId('portal-sub-events').innerText()).toMatch(/退订 家校互动[\s\S]*家长网校[\s\S]*订购 家校互动/);
      await dad.getByTestId('portal-bills').scrollIntoViewIfNeeded();
      await screenshot(dad, 'subscriptions-portal-cancelled');
    } finally {
      await mobile.close();
    }
  });

  it('the operator runs last month dry and for real, watches both finish, downloads the carrier file; 订购查询 explains the charge', async () => {
    current = page;
    const month = lastMonth();
    await page.goto(url('/billing/runs'));
    const start = page.getByTestId('run-start');
    await expect.poll(async () => start.locator('.ant-picker input').inputValue()).toBe(month);
    await start.getByTestId('run-dry').click();
    await start.getByRole('button', { name: '开始试算' }).click();
    const monthLabel = `${Number(month.slice(0, 4))}年${Number(month.slice(5))}月`;
    const dryRow = rows(page, 'runs').filter({ hasText: '试算' }).first();
    await expect.poll(async () => dryRow.innerText().catch(() => '')).toMatch(new RegExp(`${monthLabel}[\\s\\S]*试算[\\s\\S]*已完成[\\s\\S]*应扣 \\d+ 笔 ¥`));

    await start.getByTestId('run-dry').click();
    await start.getByRole('button', { name: '开始出账' }).click();
    await notice(page, `${monthLabel}的出账已开始`);
    const realRow = rows(page, 'runs').filter({ hasText: '出账' }).first();
    await expect.poll(async () => realRow.innerText().catch(() => '')).toMatch(new RegExp(`${monthLabel}[\\s\\S]*出账[\\s\\S]*已完成[\\s\\S]*扣费 \\d+ 笔 ¥[\\d,]+\\.\\d{2}`));
    const dryText = await dryRow.innerText();
    const realText = await realRow.innerText();
    // The dry run foresaw what the real run charged.
    expect(/应扣 (\d+) 笔 (¥[\d,.]+)/.exec(dryText)?.slice(1)).toEqual(/扣费 (\d+) 笔 (¥[\d,.]+)/.exec(realText)?.slice(1));
    await expect.poll(async () => page.getByTestId('summary').innerText()).toContain('阳光小学');
    await noticesGone(page);
    await screenshot(page, 'billing-runs', { doc: true });

    const downloading = page.waitForEvent('download');
    await realRow.getByTestId(`download-${month}`).click();
    const file = await downloading;
    expect(file.suggestedFilename()).toBe(`billing-${month.replace('-', '')}.csv`);
    const csv = readFileSync(await file.path(), 'utf8').split('\n');
    expect(csv[0]).toBe('msisdn,service_code,amount_fen,period');
    expect(csv).toContain(`${LI_FANG},JXHD,800,${month.replace('-', '')}`);

    await page.goto(url(`/billing/lookup?msisdn=${LI_FANG}`));
    const charges = page.getByTestId('lookup-charges');
    await expect.poll(async () => charges.innerText().catch(() => '')).toContain(monthLabel);
    expect(await page.getByTestId('lookup-events').innerText()).toMatch(/订购\s+家校互动\s+渠道：短信\s+经办：家长本人/);
    expect(await page.getByTestId('lookup-consents').innerText()).toContain('短信“JX”发送至10657099');
    await screenshot(page, 'subscriptions-lookup');
    await charges.locator('.ant-table-row').filter({ hasText: monthLabel }).getByTestId('explain-button').click();
    const explain = page.getByTestId('explain');
    await expect.poll(async () => explain.innerText().catch(() => '')).toContain('包月：上月起持续订购，本月收取月费');
    expect(await explain.innerText()).toContain('（月度出账）');
    await screenshot(page, 'subscriptions-lookup-explain');
  });

  it('shows the catalog to the operator, and the agent their schools and last month’s commission at 25 %', async () => {
    current = page;
    await page.goto(url('/billing/catalog'));
    const jx = rows(page, 'catalog').filter({ hasText: '家校互动' }).first();
    await expect.poll(async () => jx.innerText().catch(() => '')).toMatch(/家校互动[\s\S]*收费[\s\S]*亲情电话、平安短信[\s\S]*¥8\.00/);
    await jx.getByTestId('price-jx').click();
    const pricing = dialog(page, '调整价格：家校互动');
    expect(await pricing.innerText()).toContain('本月仍按 8.00 元收费');
    await pricing.getByRole('button', { name: '取消' }).click();
    await screenshot(page, 'subscriptions-catalog');
    await page.goto(url('/billing/subscriptions'));
    await expect.poll(async () => rows(page, 'subscriptions').filter({ hasText: LI_FANG }).innerText().catch(() => '')).toMatch(/家校互动\s+在订\s+阳光小学/);
    await screenshot(page, 'subscriptions-list');

    const context = await running(run).browser.newContext(CONTEXT_OPTIONS);
    try {
      const agent = await openPage(context, pageErrors);
      current = agent;
      await logIn(agent, started(), 'demo-agent', demo('demo-agent').password);
      await agent.goto(url('/billing/schools'));
      await expect.poll(async () => rows(agent, 'agent-schools').filter({ hasText: '阳光小学' }).innerText().catch(() => '')).toMatch(/阳光小学\s+\d+\s+\d+/);
      await screenshot(agent, 'subscriptions-agent-schools');
      await agent.goto(url('/billing/commissions'));
      const month = lastMonth();
      const statement = rows(agent, 'statements').filter({ hasText: `${Number(month.slice(0, 4))}年${Number(month.slice(5))}月` });
      await expect.poll(async () => statement.innerText().catch(() => '')).toMatch(/¥[\d.]+\s+25%\s+¥[\d.]+/);
      await screenshot(agent, 'subscriptions-agent-commissions');
    } finally {
      await context.close();
    }
  });

  it('had no uncaught errors in the pages', () => {
    expect(pageErrors).toEqual([]);
  });
});
