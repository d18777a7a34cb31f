/**
 * 名册导入与学校设置的端到端测试：学校管理员刘主任登录，名册导入页一打开就是演示里待确认的预览（错误行带行号和原因）；
 * 上传一份 GBK 编码的 CSV，看到新增、变更和错误，确认应用，看到结果，新学生出现在班级里；
 * 学校设置里改到校截止时间，在校历上把一天标成假日。截图在 test-output/screenshots/school-roster-*.png。
 */
import iconv from 'iconv-lite';
import { bigRoster, csvUtf8 } from '../fixtures/roster/files';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appUrl, browserTestsRun, demoAccount, dialog, logIn, notice, rows, running, screenshot, screenshotOnFailure, startBrowser, stopBrowser, type BrowserRun } from '../helpers/browser';

const CSV = [
  '年级,班级,学籍号,学生姓名,卡号,家长姓名,家长手机,关系',
  '三年级,三年级(2)班,G3901,孙浏览,C3901,孙爸爸,13900008801,爸爸',
  '三年级,三年级(2)班,G3902,孙器器,C3902,孙爸爸,13900008801,爸爸',
  '三年级,三年级(2)班,G3903,坏号码,,周某,1234,妈妈',
].join('\r\n');

describe.skipIf(!browserTestsRun)('名册导入与学校设置 in a real browser', { timeout: 60_000 }, () => {
  let run: BrowserRun | undefined;
  let page: Page;
  const pageErrors: string[] = [];
  const started = () => running(run).server;
  const url = (pathname: string) => appUrl(started(), pathname);

  beforeAll(async () => {
    run = await startBrowser({ pageErrors });
    ({ page } = run);
    const admin = demoAccount(started(), 'demo-school-admin');
    await logIn(page, started(), admin.login, admin.password);
  }, 120_000);
  beforeEach(() => undefined);
  screenshotOnFailure('school-roster', () => page);
  afterAll(async () => {
    await stopBrowser(run);
  });

  it('shows the demo preview, uploads a GBK CSV, applies it, and the new students are in the class', async () => {
    await page.goto(url('/school/roster'));
    // The demo's waiting preview: two broken rows with their row numbers and reasons.
    await page.getByTestId('import-status').getByText('待确认').waitFor();
    await page.getByRole('tab', { name: /^错误 2$/ }).click();
    await expect.poll(() => rows(page, 'roster-rows').count()).toBe(2);
    expect(await rows(page, 'roster-rows').first().innerText()).toMatch(/^6\s+错误[\s\S]*家长手机“1390000888”不是 11 位手机号/);
    await screenshot(page, 'school-roster-demo-preview', { doc: true });

    await page.locator('input[type=file]').setInputFiles({ name: '转学生.csv', mimeType: 'text/csv', buffer: iconv.encode(CSV, 'gbk') });
    await notice(page, '已生成预览');
    await page.getByText('转学生.csv').first().waitFor();
    await page.getByRole('tab', { name: /^新增 2$/ }).waitFor();
    await page.getByRole('tab', { name: /^错误 1$/ }).click();
    await expect.poll(() => rows(page, 'roster-rows').count()).toBe(1);
    expect(await rows(page, 'roster-rows').first().innerText()).toContain('家长手机“1234”不是 11 位手机号');
    await screenshot(page, 'school-roster-upload-preview');

    await page.getByTestId('roster-apply').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '确认应用' }).click();
    await page.getByTestId('roster-result').waitFor();
    expect(await page.getByTestId('roster-result').innerText()).toContain('新增学生 2');
    await page.getByTestId('import-status').getByText('已应用').waitFor();
    await screenshot(page, 'school-roster-applied', { doc: true });

    const students = await page.request.get(url('/api/students?q=孙'));
    expect((await students.json()) as unknown).toMatchObject({ total: 2 });
    expect(pageErrors).toEqual([]);
  });

  it('shows the progress bar while a 600-row import is applied', async () => {
    await page.goto(url('/school/roster'));
    await page.locator('input[type=file]').setInputFiles({ name: '三年级.csv', mimeType: 'text/csv', buffer: csvUtf8(bigRoster(600, 'Q')) });
    await page.getByText('三年级.csv').first().waitFor();
    await page.getByRole('tab', { name: /^新增 600$/ }).waitFor();
    // Hold the apply's answer until the page has drawn the progress it polls from the server.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/roster/imports/*/apply', async (route) => {
      const response = await route.fetch();
      await held;
      await route.fulfill({ response });
    });
    await page.getByTestId('roster-apply').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '确认应用' }).click();
    await page.getByTestId('roster-progress').getByText('正在应用：603 / 603').waitFor();
    expect(await page.getByTestId('roster-progress').locator('.ant-progress-text').innerText()).toBe('100%');
    await screenshot(page, 'school-roster-progress');
    release();
    await page.getByTestId('roster-result').waitFor();
    await page.unroute('**/roster/imports/*/apply');
    expect(await page.getByTestId('roster-result').innerText()).toContain('新增学生 600');
  });

  it('changes the arrival cut-off and marks a holiday on the calendar', async () => {
    await page.goto(url('/school/settings'));
    const cutoff = page.getByLabel('到校截止时间');
    await expect.poll(() => cutoff.inputValue()).toBe('08:30');
    await cutoff.fill('08:15');
    await page.getByTestId('settings-save').click();
    await notice(page, '已保存学校设置');
    await screenshot(page, 'school-settings', { doc: true });

    // A day in the current month: the 20th.
    const cell = page.locator('.ant-picker-calendar-date-value').getByText('20', { exact: true }).first();
    await cell.click();
    const modal = dialog(page, '保存', { exact: true }).or(page.getByRole('dialog'));
    await modal.getByText('假日', { exact: true }).click();
    await modal.getByPlaceholder('说明').fill('运动会');
    await modal.getByRole('button', { name: '保存' }).click();
    await notice(page, '已更新校历');
    await page.getByText('运动会').first().waitFor();
    await screenshot(page, 'school-settings-calendar');
    const s = await page.request.get(url(`/api/schools/${(await firstSchool(page, url))}/settings`));
    expect((await s.json()) as unknown).toMatchObject({ arriveCutoff: '08:15' });
    expect(pageErrors).toEqual([]);
  });
});

async function firstSchool(page: Page, url: (p: string) => string): Promise<string> {
  const r = await page.request.get(url('/api/schools?limit=1'));
  return ((await r.json()) as { items: { id: string }[] }).items[0]!.id;
}
