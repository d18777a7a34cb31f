/**
 * 机构与学校的端到端测试：真实浏览器（Debian 的 chromium）打开构建好的控制台，用演示数据里的各个角色登录：
 * 管理员在“人员与角色”里添加一位营业员（所属网点从列表里搜出来选），看到只显示一次的初始密码，再设置角色、停用、启用；
 * 新营业员登录后直接到自己的网点页看预存款；学校管理员在教职工里添加一位班主任，在班级里新建学生；
 * 家长李芳用短信验证码登录（验证码从模拟手机读），看到两个孩子，为王小花设置校园卡限额；
 * 学生王小兵只能看限额（由家长设置）；代理商在“学校”里只看到阳光小学，在“代理商与网点”直接进入自己的代理商；
 * 班主任王老师的“我的班级”只有三年级(2)班，“我的孩子”是张伟。
 * 截图在 test-output/screenshots/org-*.png。
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  appUrl,
  demoAccount,
  browserTestsRun,
  choose,
  CONTEXT_OPTIONS,
  dialog,
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

/** 演示数据里没有人用的号码。 */
const NEW_CLERK_PHONE = '13800005555';
const NEW_TEACHER_PHONE = '13900007777';
/** 李芳：王小兵和王小花的妈妈，默认用短信验证码登录。 */
const MUM_PHONE = '13900003333';

describe.skipIf(!browserTestsRun)('机构与学校 in a real browser', { timeout: 60_000 }, () => {
  let run: BrowserRun | undefined;
  /** 管理员的会话（也用它读模拟手机上的验证码）。 */
  let context: BrowserContext;
  let page: Page;
  /** 当前测试里正在操作的页面（失败时截它）。 */
  let current: Page | undefined;
  const others: BrowserContext[] = [];
  const pageErrors: string[] = [];

  const started = () => running(run).server;
  const url = (pathname: string) => appUrl(started(), pathname);
  const sideMenu = (target: Page) => target.getByRole('menu').first();

  /** 在下拉框（按无障碍名称找到）里选一项；给了 search 时先输入它搜索。 */
  /** 另一个人的浏览器：单独的上下文，有自己的 Cookie。 */
  const newPage = async () => {
    const other = await running(run).browser.newContext(CONTEXT_OPTIONS);
    others.push(other);
    const p = await openPage(other, pageErrors);
    current = p;
    return p;
  };

  const demo = (login: string) => demoAccount(started(), login);

  beforeAll(async () => {
    run = await startBrowser({ pageErrors });
    ({ context, page } = run);
  }, 120_000);

  beforeEach(() => {
    current = page;
  });
  screenshotOnFailure('org', () => current);

  afterAll(async () => {
    for (const other of others) {
      await other.close().catch(() => undefined);
    }
    await stopBrowser(run);
  });

  it('lets the operator find people by name and see their roles with the tenants', async () => {
    await logIn(page, started(), started().admin.login, started().admin.password);
    // 管理员的首页有机构概览。
    await page.getByTestId('overview-platform').getByText('代理商', { exact: true }).waitFor();
    expect(await page.getByTestId('overview-platform').innerText()).toMatch(/代理商\s*2/);
    await screenshot(page, 'org-operator-home');

    await sideMenu(page).getByText('人员与角色', { exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/org/people');
    await rows(page, 'people').first().waitFor();
    await page.getByLabel('搜索人员').fill('李芳');
    await page.getByLabel('搜索人员').press('Enter');
    await expect.poll(() => rows(page, 'people').count()).toBe(1);
    const mum = rows(page, 'people').first();
    expect(await mum.innerText()).toContain(MUM_PHONE);
    await mum.getByText('家长 · 王小兵', { exact: true }).waitFor();
    await mum.getByText('家长 · 王小花', { exact: true }).waitFor();

    // 按角色筛选：教师是王老师和陈老师。
    await page.getByLabel('搜索人员').fill('');
    await page.getByLabel('搜索人员').press('Enter');
    await choose(page, page.getByTestId('people'), '角色', '教师');
    await expect.poll(() => rows(page, 'people').count()).toBe(2);
    const wang = rows(page, 'people').filter({ hasText: '王老师' });
    await wang.getByText('教师 · 三年级(2)班', { exact: true }).waitFor();
    await wang.getByText('家长 · 张伟', { exact: true }).waitFor();
    await rows(page, 'people').filter({ hasText: '陈老师' }).getByText('教师 · 五年级(1)班', { exact: true }).waitFor();
    await screenshot(page, 'org-people');
  });

  it('adds a clerk with an outlet picked from the list, shows the password once, then edits roles and disables', async () => {
    await page.goto(url('/org/people'));
    await page.getByRole('button', { name: '添加人员' }).click();
    const form = dialog(page, '添加人员');
    await form.getByLabel('姓名').fill('郑营业员');
    await form.getByLabel('手机号').fill(NEW_CLERK_PHONE);
    await choose(page, form, '角色 1', '营业员');
    await choose(page, form, '所属机构 1', '西街便利店（通达代理）', '西街');
    await screenshot(page, 'org-add-person');
    await form.getByRole('button', { name: '添加', exact: true }).click();

    const shown = dialog(page, '账号已创建');
    const password = (await shown.getByTestId('new-password').innerText()).trim();
    expect(password).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(await shown.innerText()).toContain(NEW_CLERK_PHONE);
    await page.locator('.ant-modal:not([class*="zoom"])').filter({ hasText: '账号已创建' }).waitFor();
    await screenshot(page, 'org-person-password');
    await shown.getByRole('button', { name: '我已记下，关闭' }).click();
    await shown.waitFor({ state: 'hidden' });

    await page.getByLabel('搜索人员').fill('郑营业员');
    await page.getByLabel('搜索人员').press('Enter');
    const row = rows(page, 'people').filter({ hasText: '郑营业员' });
    await row.getByText('营业员 · 西街便利店', { exact: true }).waitFor();
    expect(await page.locator('body').innerText()).not.toContain(password);

    // 设置角色：再加一个城关营业网点。
    await row.getByRole('button', { name: '设置角色' }).click();
    const roles = dialog(page, '设置角色：郑营业员');
    await roles.getByRole('button', { name: '添加角色' }).click();
    await choose(page, roles, '角色 2', '营业员');
    await choose(page, roles, '所属机构 2', '城关营业网点', '城关');
    await roles.getByRole('button', { name: '保存', exact: true }).click();
    await notice(page, '已更新 郑营业员 的角色');
    await row.getByText('营业员 · 城关营业网点', { exact: true }).waitFor();

    // 新营业员登录：有两个网点，“营业网点”列出这两个。
    const clerk = await newPage();
    await logIn(clerk, started(), NEW_CLERK_PHONE, password);
    await clerk.getByTestId('overview-clerk').getByText('西街便利店', { exact: true }).waitFor();
    await clerk.getByTestId('overview-clerk').getByText('城关营业网点', { exact: true }).waitFor();
    await screenshot(clerk, 'org-clerk-home');
    expect(await sideMenu(clerk).innerText()).not.toContain('人员与角色');
    await clerk.goto(url('/org/outlets'));
    await expect.poll(() => rows(clerk, 'outlets').count()).toBe(2);

    // 停用（要确认）：他立即下线；再启用。
    await row.getByRole('button', { name: '停用' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '停用', exact: true }).click();
    await notice(page, '已停用：郑营业员');
    await row.getByText('已停用', { exact: true }).waitFor();
    expect((await clerk.request.get(url('/api/auth/me'))).status()).toBe(401);
    await row.getByRole('button', { name: '启用' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '启用', exact: true }).click();
    await notice(page, '已启用：郑营业员');
    await row.getByText('正常', { exact: true }).waitFor();

    // 离职：停用后才能匿名化（不可撤销）；名单上只剩“已注销用户”，号码也不在了。
    await row.getByRole('button', { name: '停用' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '停用', exact: true }).click();
    await notice(page, '已停用：郑营业员');
    await row.getByTestId('anonymise').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '匿名化', exact: true }).click();
    await notice(page, '已匿名化');
    await page.goto(url(`/org/people?q=${encodeURIComponent('已注销')}`));
    await rows(page, 'people').filter({ hasText: '已注销用户' }).first().waitFor();
    await screenshot(page, 'org-anonymised');
    expect(await page.locator('body').innerText()).not.toContain(NEW_CLERK_PHONE);
    current = page;
  });

  it('takes the demo clerk straight to their own outlet and its pre-deposit', async () => {
    const clerk = await newPage();
    await logIn(clerk, started(), 'demo-clerk', demo('demo-clerk').password);
    await sideMenu(clerk).getByText('营业网点', { exact: true }).click();
    await clerk.waitForURL((u) => u.pathname.startsWith('/org/outlets/'));
    await clerk.getByText('城关营业网点', { exact: true }).first().waitFor();
    await clerk.getByTestId('prepaid-balance').getByText('可用余额').waitFor();
    expect(await clerk.getByTestId('prepaid-balance').innerText()).toMatch(/¥[\d,]+\.\d{2}/);
    // 营业员看不到代理商、学校。
    expect((await sideMenu(clerk).innerText()).split('\n')).toEqual(['首页', '机构与学校', '营业网点']);
    await screenshot(clerk, 'org-clerk-outlet');
  });

  it('lets the demo school admin add a head teacher to a class and a student to the class', async () => {
    const admin = await newPage();
    await logIn(admin, started(), 'demo-school-admin', demo('demo-school-admin').password);
    await admin.getByTestId('overview-school-admin').getByText('阳光小学', { exact: true }).waitFor();
    await sideMenu(admin).getByText('学校', { exact: true }).click();
    // 只有一所学校：直接进入学校页。
    await admin.waitForURL((u) => u.pathname.startsWith('/org/schools/'));
    await admin.getByText('阳光小学', { exact: true }).first().waitFor();
    expect(await admin.getByRole('button', { name: '编辑', exact: true }).count()).toBe(0);

    await admin.getByRole('tab', { name: '教职工' }).click();
    const teacher = rows(admin, 'school-staff').filter({ hasText: '王老师' });
    await teacher.getByText('教师 · 三年级(2)班', { exact: true }).waitFor();
    // 只显示本校的角色：王老师在育才中学是家长，这里看不到。
    expect(await teacher.innerText()).not.toContain('张伟');

    await admin.getByRole('button', { name: '添加教职工' }).click();
    const form = dialog(admin, '添加教职工：阳光小学');
    await form.getByLabel('姓名').fill('赵老师');
    await form.getByLabel('手机号').fill(NEW_TEACHER_PHONE);
    await choose(admin, form, '班主任班级', '五年级(1)班');
    await form.getByLabel('姓名').click();
    await screenshot(admin, 'org-add-staff');
    await form.getByRole('button', { name: '添加', exact: true }).click();
    await notice(admin, '已添加：赵老师');
    await rows(admin, 'school-staff').filter({ hasText: '赵老师' }).getByText('教师 · 五年级(1)班', { exact: true }).waitFor();
    await screenshot(admin, 'org-school-staff');

    // 班级：新建学生。
    await admin.getByRole('tab', { name: '班级' }).click();
    await rows(admin, 'school-classes').first().waitFor();
    expect(await rows(admin, 'school-classes').count()).toBe(2);
    await rows(admin, 'school-classes').getByText('三年级(2)班', { exact: true }).click();
    await admin.waitForURL((u) => u.pathname.startsWith('/org/classes/'));
    await expect.poll(() => rows(admin, 'class-students').count()).toBe(2);
    await admin.getByRole('button', { name: '新建学生' }).click();
    const newStudent = dialog(admin, '新建学生：三年级(2)班');
    await newStudent.getByLabel('学籍号').fill('g3003');
    await newStudent.getByLabel('姓名').fill('赵小明');
    await newStudent.getByRole('button', { name: '新建', exact: true }).click();
    await notice(admin, '已新建学生：赵小明');
    await expect.poll(() => rows(admin, 'class-students').count()).toBe(3);
    expect(await rows(admin, 'class-students').filter({ hasText: '赵小明' }).innerText()).toContain('G3003');
    await screenshot(admin, 'org-class');

    // 学生页：学校看得到家长的手机号（老师和家长看到的是打码的），可以添加家长。
    await rows(admin, 'class-students').getByText('王小兵', { exact: true }).click();
    await admin.waitForURL((u) => u.pathname.startsWith('/org/students/'));
    const mum = rows(admin, 'guardians').filter({ hasText: '李芳' });
    await mum.getByText('13900003333', { exact: true }).waitFor();
    await admin.getByRole('button', { name: '添加家长' }).waitFor();
    await admin.getByRole('button', { name: '保存限额' }).waitFor();
  });

  it('lets 李芳 log in by SMS code, see her two children and set a card limit', async () => {
    const mum = await newPage();
    await mum.goto(url('/login'));
    await logInWithCode(mum, context.request, started(), MUM_PHONE);
    // 只是家长的用户登录后直接进家长网校：两个孩子可切换。
    await mum.waitForURL((u) => u.pathname === '/portal');
    await expect.poll(() => mum.getByTestId('portal-children').locator('.ant-segmented-item').count()).toBe(2);
    await screenshot(mum, 'org-guardian-home');
    const menu = await sideMenu(mum).innerText();
    expect(menu).toContain('我的孩子');
    expect(menu).not.toContain('机构与学校');

    await sideMenu(mum).getByText('我的孩子', { exact: true }).click();
    await mum.waitForURL((u) => u.pathname === '/children');
    const cards = mum.getByTestId('children').getByTestId('student-card');
    await expect.poll(() => cards.count()).toBe(2);
    const xiaobing = cards.filter({ hasText: '王小兵' });
    expect(await xiaobing.innerText()).toContain('阳光小学 · 三年级(2)班');
    expect(await xiaobing.innerText()).toContain('¥30.00');
    await screenshot(mum, 'org-children');

    await cards.filter({ hasText: '王小花' }).click();
    await mum.waitForURL((u) => u.pathname.startsWith('/org/students/'));
    const limits = mum.getByTestId('limits');
    await limits.getByText('还没有设置过').waitFor();
    // 家长不能管理名单。
    expect(await mum.getByRole('button', { name: '添加家长' }).count()).toBe(0);

    await limits.getByTestId('limit-daily').getByText('不限').click();
    await limits.getByLabel('每日限额').fill('20');
    await limits.getByTestId('limit-single').getByText('不限').click();
    await limits.getByLabel('单笔限额').fill('25');
    await limits.getByRole('button', { name: '保存限额' }).click();
    await limits.getByText('单笔限额不能高于每日限额').waitFor();
    await limits.getByLabel('单笔限额').fill('8.5');
    await limits.getByRole('button', { name: '保存限额' }).click();
    await notice(mum, '已保存校园卡限额');
    await limits.getByText('最近设置：').waitFor();
    expect(await limits.getByLabel('每日限额').inputValue()).toBe('20.00');
    expect(await limits.getByLabel('单笔限额').inputValue()).toBe('8.50');
    await screenshot(mum, 'org-limits');

    await mum.goto(url('/children'));
    expect(await cards.filter({ hasText: '王小花' }).innerText()).toMatch(/每日限额\s*¥20\.00[\s\S]*单笔限额\s*¥8\.50/);
  });

  it('shows 王小兵 his own limits read-only, set by his parents', async () => {
    const student = await newPage();
    await logIn(student, started(), 'demo-student', demo('demo-student').password);
    await sideMenu(student).getByText('我的信息', { exact: true }).click();
    await student.waitForURL((u) => u.pathname === '/me');
    await student.getByTestId('children').getByTestId('student-card').click();
    await student.waitForURL((u) => u.pathname.startsWith('/org/students/'));
    const limits = student.getByTestId('limits');
    await limits.getByText('限额由家长设置', { exact: false }).waitFor();
    expect(await limits.innerText()).toMatch(/每日限额\s*¥30\.00/);
    expect(await limits.getByRole('button', { name: '保存限额' }).count()).toBe(0);
    expect(await limits.locator('input').count()).toBe(0);
    await screenshot(student, 'org-student-self');
  });

  it('shows the demo agent only 阳光小学 among schools, and their own agency directly', async () => {
    const agent = await newPage();
    await logIn(agent, started(), 'demo-agent', demo('demo-agent').password);
    await agent.getByTestId('overview-agent').getByText('通达代理', { exact: true }).waitFor();
    await agent.getByTestId('overview-agent').getByText('¥47,000.00').waitFor();
    await screenshot(agent, 'org-agent-home');
    await sideMenu(agent).getByText('学校', { exact: true }).click();
    await agent.waitForURL((u) => u.pathname === '/org/schools');
    await expect.poll(() => rows(agent, 'schools').count()).toBe(1);
    expect(await rows(agent, 'schools').first().innerText()).toContain('阳光小学');
    expect(await agent.getByTestId('schools').innerText()).not.toContain('育才中学');
    await agent.getByRole('button', { name: '新建学校' }).waitFor();
    await screenshot(agent, 'org-agent-schools');

    await sideMenu(agent).getByText('代理商与网点', { exact: true }).click();
    await agent.waitForURL((u) => u.pathname.startsWith('/org/agencies/'));
    await rows(agent, 'agency-outlets').first().waitFor();
    const outlets = await agent.getByTestId('agency-outlets').innerText();
    expect(outlets).toContain('城关营业网点');
    expect(outlets).toContain('西街便利店');
    expect(outlets).not.toContain('东区营业厅');
    await agent.getByRole('button', { name: '新建网点' }).waitFor();
    await screenshot(agent, 'org-agent-agency');
  });

  it('gives 王老师 his class under 我的班级 and his child under 我的孩子', async () => {
    const teacher = await newPage();
    await logIn(teacher, started(), 'demo-teacher', demo('demo-teacher').password);
    await teacher.getByTestId('overview-teacher').getByText('阳光小学 · 三年级(2)班').waitFor();
    await teacher.getByTestId('overview-guardian').getByText('张伟', { exact: true }).waitFor();
    await screenshot(teacher, 'org-teacher-home');
    await sideMenu(teacher).getByText('我的班级', { exact: true }).click();
    await teacher.waitForURL((u) => u.pathname === '/classes');
    await expect.poll(() => rows(teacher, 'my-classes').count()).toBe(1);
    await rows(teacher, 'my-classes').getByText('三年级(2)班', { exact: true }).click();
    await teacher.waitForURL((u) => u.pathname.startsWith('/org/classes/'));
    await rows(teacher, 'class-students').first().waitFor();
    // 班主任不能新建学生。
    expect(await teacher.getByRole('button', { name: '新建学生' }).count()).toBe(0);

    await teacher.goto(url('/children'));
    await expect.poll(() => teacher.getByTestId('children').getByTestId('student-card').count()).toBe(1);
    expect(await teacher.getByTestId('children').innerText()).toContain('张伟');
    expect(pageErrors).toEqual([]);
  });
});
