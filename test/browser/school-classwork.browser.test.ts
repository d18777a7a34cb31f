/**
 * 课表作业成绩与办公短信的端到端测试：真实浏览器打开构建好的控制台（演示数据）。
 * 王老师在“课表作业成绩”里布置一份作业，新建一场考试，给王小兵录入一个分数并发布；
 * 妈妈李芳在手机（390×844）上打开家长网校的“作业成绩”，看到这份作业和王小兵本人的分数，看不到李想的分数；
 * 刘主任在“办公短信”里看到三年级组和演示的那条短信的送达情况。
 * 截图在 test-output/screenshots/school-classwork-*.png。
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  appUrl,
  demoAccount,
  browserTestsRun,
  CONTEXT_OPTIONS,
  dialog,
  logIn,
  notice,
  openPage,
  running,
  screenshot,
  screenshotOnFailure,
  startBrowser,
  stopBrowser,
  type BrowserRun,
} from '../helpers/browser';

describe.skipIf(!browserTestsRun)('课表作业成绩 in a real browser', { timeout: 90_000 }, () => {
  let run: BrowserRun | undefined;
  let page: Page;
  let current: Page | undefined;
  const pageErrors: string[] = [];
  const started = () => running(run).server;
  const url = (pathname: string) => appUrl(started(), pathname);
  const demo = (login: string) => demoAccount(started(), login);
  const personPage = async (login: string, viewport?: { width: number; height: number }) => {
    const context = await running(run).browser.newContext({ ...CONTEXT_OPTIONS, ...(viewport ? { viewport, isMobile: true, hasTouch: true } : {}) });
    const p = await openPage(context, pageErrors);
    current = p;
    await logIn(p, started(), login, demo(login).password);
    return p;
  };

  beforeAll(async () => {
    run = await startBrowser({ pageErrors });
    ({ page } = run);
  }, 120_000);
  beforeEach(() => {
    current = page;
  });
  screenshotOnFailure('school-classwork', () => current);
  afterAll(async () => {
    await stopBrowser(run);
  });

  it('a teacher posts homework and enters a score; the parent sees them on a phone, and only her own child’s', async () => {
    const teacher = await personPage('demo-teacher');
    await teacher.goto(url('/school/classwork?tab=timetable'));
    // The demo timetable: Monday's first lesson is 语文 with 王老师.
    await teacher.getByRole('cell', { name: '语文 王老师' }).first().waitFor();
    await screenshot(teacher, 'school-classwork-timetable');
    // Edit the grid: a 7th lesson on Friday.
    await teacher.getByTestId('timetable-edit').click();
    await teacher.getByRole('combobox', { name: '周五第7节' }).fill('书法');
    await screenshot(teacher, 'school-classwork-timetable-edit');
    await teacher.getByTestId('timetable-save').click();
    await notice(teacher, '课表已保存');
    await teacher.getByRole('row', { name: /第 7 节/ }).getByText('书法').waitFor();

    await teacher.getByRole('tab', { name: '作业' }).click();
    await teacher.getByLabel('科目').fill('科学');
    await teacher.getByLabel('标题').fill('观察豆芽生长');
    await teacher.getByLabel('内容').fill('每天记录豆芽的高度，画在表格里。');
    await teacher.getByTestId('homework-post').click();
    await notice(teacher, '作业已布置');
    await teacher.getByText('观察豆芽生长').waitFor();
    await screenshot(teacher, 'school-classwork-homework');

    await teacher.getByRole('tab', { name: '成绩' }).click();
    await teacher.getByTestId('exam-new').click();
    const form = dialog(teacher, '新建考试');
    await form.getByLabel('考试名称').fill('第三单元测验');
    await form.getByRole('button', { name: '新建', exact: true }).click();
    await notice(teacher, '已新建：第三单元测验');
    await teacher.getByLabel('王小兵 语文').fill('96.5');
    await teacher.getByLabel('李想 语文').fill('101');
    await teacher.getByTestId('results-save').click();
    // One bad score: nothing saved, the teacher is told which.
    await teacher.getByText('李想 语文：分数 101 超出范围').first().waitFor();
    await teacher.getByLabel('李想 语文').fill('');
    await teacher.getByTestId('results-save').click();
    await notice(teacher, '已保存 1 个成绩');
    await screenshot(teacher, 'school-classwork-results');
    await teacher.getByTestId('results-publish').click();
    await teacher.locator('.ant-popconfirm').getByRole('button', { name: '发布' }).click();
    const done = teacher.locator('.ant-modal-confirm').filter({ hasText: '成绩已发布' });
    await done.waitFor();
    // The notes part told the families (each their own child's line).
    expect(await done.innerText()).toMatch(/已通知 \d+ 位家长/);
    await screenshot(teacher, 'school-classwork-published');
    await done.getByRole('button').click();
    await teacher.getByText('已发布', { exact: true }).first().waitFor();

    const mum = await personPage('13900003333', { width: 390, height: 844 });
    await mum.goto(url('/portal?tab=classwork'));
    const section = mum.getByTestId('portal-classwork');
    await section.getByText('观察豆芽生长').waitFor();
    await section.getByText('第三单元测验').waitFor();
    const results = await section.getByTestId('portal-result').allInnerTexts();
    expect(results.join('\n')).toContain('96.5');
    // 期中考试 (demo): 王小兵's own 92 / 88 / 优; never 李想's 85.5 or 95.
    expect(results.join('\n')).toMatch(/期中考试[\s\S]*92[\s\S]*88/);
    // This week's timetable shows the new Friday lesson.
    await section.getByTestId('portal-weekday').getByText('五', { exact: false }).click();
    await section.getByText('第 7 节').waitFor();
    const text = await section.innerText();
    expect(text).not.toContain('85.5');
    expect(text).not.toContain('李想');
    expect(text).not.toMatch(/排名第|平均分/);
    // Nothing wider than the phone.
    expect(await mum.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(mum, 'school-classwork-portal-mobile');
    await section.getByTestId('portal-result').first().scrollIntoViewIfNeeded();
    await screenshot(mum, 'school-classwork-portal-mobile-results');
    expect(pageErrors).toEqual([]);
  });

  it('the school admin sees the staff group and the delivery of each 办公短信', async () => {
    const admin = await personPage('demo-school-admin');
    await admin.goto(url('/school/staff-sms'));
    await admin.getByText('三年级组').first().waitFor();
    await admin.getByText(/已送达 \d\/2/).first().waitFor();
    await admin.getByText('周五下午三点在会议室开三年级期中质量分析会，请准时参加。').waitFor();
    await screenshot(admin, 'school-staff-sms');
    expect(pageErrors).toEqual([]);
  });
});
