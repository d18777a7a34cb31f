/**
 * 家校互动的端到端测试：真实浏览器打开构建好的控制台（演示数据）。王老师在“家校互动”给三年级(2)班写一条作业留言；
 * 家长李芳在手机大小（390×844）的页面用短信验证码登录家长网校，在王小兵的“留言”里看到它（未读），点开即已读，
 * 并回复王老师；王老师在“家长回音”里看到这条回复并答复，留言详情里看到李芳已读。
 * 截图在 test-output/screenshots/school-notes-*.png。
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  appUrl,
  demoAccount,
  browserTestsRun,
  CONTEXT_OPTIONS,
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
  visibleDropdown,
  type BrowserRun,
} from '../helpers/browser';

/** 李芳：王小兵和王小花的妈妈，订购了家校互动，用短信验证码登录。 */
const MUM_PHONE = '13900003333';
const NOTE_TEXT = '今天的数学作业：练习册第 12 页，请家长检查签字。';
const REPLY_TEXT = '王老师好，作业已检查签字，谢谢！';

describe.skipIf(!browserTestsRun)('家校互动 in a real browser', { timeout: 90_000 }, () => {
  let run: BrowserRun | undefined;
  /** 运营管理员（读模拟手机上的验证码，也用来关闭演示学校的夜间免打扰，使测试不受运行时刻影响）。 */
  let context: BrowserContext;
  let page: Page;
  let current: Page | undefined;
  const others: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const started = () => running(run).server;
  const url = (pathname: string) => appUrl(started(), pathname);

  const newPage = async (options = CONTEXT_OPTIONS) => {
    const other = await running(run).browser.newContext(options);
    others.push(other);
    const p = await openPage(other, pageErrors);
    current = p;
    return p;
  };
  const demo = (login: string) => demoAccount(started(), login);

  beforeAll(async () => {
    run = await startBrowser({ pageErrors });
    ({ context, page } = run);
    await logIn(page, started(), started().admin.login, started().admin.password);
    // 夜间（21:00–07:00）写的留言要到 07:00 才发出：测试可能在任何时刻运行，先关掉阳光小学的免打扰时段。
    const schools = (await (await page.request.get(url('/api/schools?q=YG001'))).json()) as { items: { id: string }[] };
    const csrf = (await page.context().cookies()).find((c) => c.name === 'yk_csrf')?.value ?? '';
    const put = await page.request.put(url(`/api/schools/${schools.items[0]!.id}/settings`), { headers: { 'x-csrf-token': csrf }, data: { quietFrom: '00:00', quietUntil: '00:00' } });
    expect(put.status()).toBe(200);
  }, 120_000);
  beforeEach(() => {
    current = page;
  });
  screenshotOnFailure('school-notes', () => current);
  afterAll(async () => {
    for (const c of others) {
      await c.close();
    }
    await stopBrowser(run);
  });

  it('a teacher sends a note; the parent reads it on a phone and replies; the teacher sees the reply and answers', async () => {
    // 王老师写留言。
    const teacher = await newPage();
    await logIn(teacher, started(), 'demo-teacher', demo('demo-teacher').password);
    await teacher.goto(url('/school/notes'));
    const compose = teacher.getByTestId('note-compose');
    await compose.getByText('作业', { exact: true }).click();
    await compose.getByTestId('note-classes').click();
    await visibleDropdown(teacher).locator('.ant-select-item-option').filter({ hasText: '三年级(2)班' }).first().click();
    await teacher.keyboard.press('Escape');
    await teacher.getByTestId('note-text').fill(NOTE_TEXT);
    await screenshot(teacher, 'school-notes-compose');
    await teacher.getByTestId('note-send').click();
    await notice(teacher, '已发送给 2 位家长，其中 1 位收短信');
    await teacher.getByRole('cell', { name: NOTE_TEXT }).waitFor();
    await screenshot(teacher, 'school-notes-list');

    // 李芳在手机上登录家长网校。
    const mum = await newPage({ ...CONTEXT_OPTIONS, viewport: { width: 390, height: 844 } });
    await mum.goto(url('/login'));
    await logInWithCode(mum, context.request, started(), MUM_PHONE);
    await mum.waitForURL((u) => u.pathname === '/portal');
    await mum.getByTestId('portal-children').getByText('王小兵', { exact: true }).click();
    const card = mum.getByTestId('portal-note').filter({ hasText: NOTE_TEXT });
    await card.waitFor();
    expect(await card.getAttribute('data-read')).toBe('no');
    await screenshot(mum, 'school-notes-portal-mobile');
    // 页面不超出手机宽度。
    expect(await mum.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await card.getByTestId('portal-note-text').click();
    await expect.poll(() => card.getAttribute('data-read')).toBe('yes');
    await card.getByTestId('portal-reply').click();
    await card.getByTestId('portal-reply-text').fill(REPLY_TEXT);
    await screenshot(mum, 'school-notes-portal-reply-mobile');
    await card.getByTestId('portal-reply-send').click();
    await notice(mum, '已发给王老师');

    // 王老师在家长回音里看到回复并答复。
    await teacher.goto(url('/school/inbox'));
    const item = teacher.getByTestId('inbox-item').filter({ hasText: REPLY_TEXT });
    await item.waitFor();
    expect(await item.innerText()).toContain('王小兵');
    await item.getByTestId('inbox-answer').fill('收到，王小兵今天表现很好。');
    await item.getByRole('button', { name: '答复' }).click();
    await notice(teacher, '答复已通过短信发给家长');
    await item.getByText('收到，王小兵今天表现很好。').waitFor();
    await screenshot(teacher, 'school-notes-inbox');

    // 留言详情：李芳那一行短信已送达（或处理中）、网校已读。
    await teacher.goto(url('/school/notes'));
    await teacher.getByRole('row').filter({ hasText: NOTE_TEXT }).getByRole('link', { name: '详情' }).click();
    await teacher.waitForURL((u) => u.pathname.startsWith('/school/notes/'));
    await expect.poll(() => rows(teacher, 'note-recipients').count()).toBe(2);
    const liFangRow = rows(teacher, 'note-recipients').filter({ hasText: '李芳' });
    await liFangRow.getByText('未读').waitFor({ state: 'detached' });
    expect(await liFangRow.innerText()).toContain('139****3333');
    await screenshot(teacher, 'school-notes-detail');

    // 家长看到老师的答复。
    await mum.reload();
    await mum.getByText('我的留言（', { exact: false }).click();
    await mum.getByTestId('portal-message').filter({ hasText: '收到，王小兵今天表现很好。' }).waitFor();
    await screenshot(mum, 'school-notes-portal-messages-mobile');
    expect(pageErrors).toEqual([]);
  });
});
