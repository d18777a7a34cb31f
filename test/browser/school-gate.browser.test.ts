/**
 * 平安短信与设备模拟器的端到端测试：真实浏览器打开构建好的控制台（演示数据）。管理员在“设备模拟器”里用演示闸机
 * （公开的演示密钥，请求在浏览器里签名）刷王小兵的卡，设备接口答“已发平安短信”，短信出现在短信模拟器里李芳的手机
 * 13900003333 上；再用亲情电话机拨一个不在名单上的号码（被拒）和奶奶的号码（通话后扣分钟）。李芳用短信验证码登录，
 * 在手机尺寸（390×844）的家长网校里看到孩子今天的到校时间和亲情电话的分钟数。
 * 截图在 test-output/screenshots/school-gate-*.png。
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appUrl, browserTestsRun, CONTEXT_OPTIONS, inboxIds, logIn, logInWithCode, openPage, running, screenshot, screenshotOnFailure, startBrowser, stopBrowser, visibleDropdown, type BrowserRun } from '../helpers/browser';

const MUM_PHONE = '13900003333';

describe.skipIf(!browserTestsRun)('平安短信与设备模拟器 in a real browser', { timeout: 90_000 }, () => {
  let run: BrowserRun | undefined;
  let page: Page;
  let current: Page | undefined;
  const pageErrors: string[] = [];
  const started = () => running(run).server;
  const url = (pathname: string) => appUrl(started(), pathname);

  beforeAll(async () => {
    run = await startBrowser({ pageErrors });
    page = run.page;
  }, 120_000);
  beforeEach(() => {
    current = page;
  });
  screenshotOnFailure('school-gate', () => current);
  afterAll(async () => {
    await stopBrowser(run);
  });

  it('swipes 王小兵’s card in 设备模拟器 and the safety SMS reaches 13900003333 in 短信模拟器', async () => {
    await logIn(page, started(), started().admin.login, started().admin.password);
    // Whatever the hour the test runs at: the gate is open and the cut-off has not passed, and
    // a swipe the demo made a moment ago does not make ours a repeat.
    const csrf = (await page.context().cookies()).find((c) => c.name === 'yk_csrf')?.value ?? '';
    const schools = (await (await page.request.get(url('/api/schools?q=阳光'))).json()) as { items: { id: string }[] };
    const put = await page.request.put(url(`/api/schools/${schools.items[0]!.id}/settings`), { headers: { 'x-csrf-token': csrf }, data: { gateOpen: '00:00', arriveCutoff: '23:59', dedupeMinutes: 0 } });
    expect(put.status(), await put.text()).toBe(200);

    const before = (await inboxIds(page.request, started(), MUM_PHONE)).size;
    await page.goto(url('/school/device-sim'));
    const gate = page.getByTestId('gate-panel');
    await gate.getByTestId('gate-card').locator('input').fill('C3001');
    await gate.getByTestId('gate-swipe').click();
    // Late if today's cut-off already ran before the test moved it (the server started after 08:30 in Beijing).
    await expect.poll(async () => gate.getByTestId('gate-summary').innerText().catch(() => '')).toMatch(/王小兵：(已发平安短信|迟到，已发短信)，发出 1 条平安短信/);
    expect(await gate.getByTestId('gate-answer').innerText()).toContain('"result": "accepted"');
    await gate.getByTestId('gate-summary').scrollIntoViewIfNeeded();
    await screenshot(page, 'school-gate-device-sim');

    // The school phone: a number not on the list is refused; 奶奶's number is allowed and charged.
    const phone = page.getByTestId('phone-panel');
    await phone.getByTestId('phone-number').fill('13800138999');
    await phone.getByTestId('phone-authorize').click();
    await expect.poll(async () => phone.getByTestId('phone-summary').innerText().catch(() => '')).toContain('不能拨打：这个号码不是亲情号码');
    await phone.getByTestId('phone-number').fill('13800138000');
    await phone.getByTestId('phone-authorize').click();
    await expect.poll(async () => phone.getByTestId('phone-summary').innerText().catch(() => '')).toContain('可以通话');
    await phone.getByLabel('通话秒数').fill('61');
    await phone.getByTestId('phone-hangup').click();
    await expect.poll(async () => phone.getByTestId('phone-record').innerText().catch(() => '')).toContain('2 分钟');
    await phone.getByTestId('phone-record').scrollIntoViewIfNeeded();
    await screenshot(page, 'school-gate-device-sim-phone');

    // 考勤与平安短信: the class list shows the arrival and the SMS.
    await page.goto(url('/school/attendance'));
    await page.locator('.ant-select', { has: page.getByRole('combobox', { name: '班级' }) }).click();
    await visibleDropdown(page).locator('.ant-select-item-option').filter({ hasText: '三年级(2)班' }).first().click();
    const row = page.getByTestId('attendance-table').locator('.ant-table-row').filter({ hasText: '王小兵' });
    // The status depends on the hour and the day the test runs at (present; late if the server
    // started after today's cut-off had already run; a weekend is no school day): the arrival
    // time is what must show.
    await expect.poll(async () => row.innerText().catch(() => '')).toMatch(/进 \d{2}:\d{2}/);
    expect(await row.innerText()).toMatch(/到校|迟到|非上课日/);
    await screenshot(page, 'school-gate-attendance');

    await page.goto(url(`/sms/simulator?msisdn=${MUM_PHONE}`));
    await page.getByTestId('conversation').getByText('您的孩子王小兵已于', { exact: false }).last().waitFor();
    expect((await inboxIds(page.request, started(), MUM_PHONE)).size).toBeGreaterThan(before);
    expect(await page.getByTestId('conversation').innerText()).toMatch(/【阳光小学】您的孩子王小兵已于\d{2}:\d{2}到校(（迟到）)?。/);
    await screenshot(page, 'school-gate-sms-simulator');
  });

  it('shows the arrival and the family minutes in 李芳’s portal on a phone (390×844)', async () => {
    const mobile = await running(run).browser.newContext({ ...CONTEXT_OPTIONS, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    try {
      const mum = await openPage(mobile, pageErrors);
      current = mum;
      await mum.goto(url('/login'));
      await logInWithCode(mum, page.request, started(), MUM_PHONE);
      await mum.waitForURL((u) => u.pathname === '/portal');
      await mum.getByTestId('portal-children').getByText('王小兵').click();
      await mum.getByRole('tab', { name: '考勤' }).click();
      const today = mum.getByTestId('portal-attendance').locator('.ant-list-item').first();
      await expect.poll(async () => today.innerText().catch(() => '')).toMatch(/到校 \d{2}:\d{2}/);
      await screenshot(mum, 'school-gate-portal-attendance');
      await mum.getByRole('tab', { name: '亲情电话' }).click();
      const family = mum.getByTestId('portal-family');
      await family.getByText('奶奶').first().waitFor();
      // The demo's two calls (2 + 5 minutes) and the simulator's 61 s call (2 minutes).
      expect(await family.innerText()).toContain('已用 9 分钟，还剩 51 分钟');
      await screenshot(mum, 'school-gate-portal-family');
    } finally {
      await mobile.close();
    }
  });

  it('had no uncaught errors in the pages', () => {
    expect(pageErrors).toEqual([]);
  });
});
