import { describe, expect, it } from 'vitest';
import { groupRoutes, pageRoutes, visibleRoutes } from './routes';

const userWith = (...roles: string[]) => ({ roles: roles.map((role) => ({ role })) });
const menuPaths = (roles: string[]) =>
  visibleRoutes(userWith(...roles)).flatMap((route) => [route.path, ...(route.children ?? []).map((child) => child.path)]);

describe('menu by role', () => {
  it('shows the operator 首页, all of 短信中心, all of 账务管理 and all of 系统管理', () => {
    expect(menuPaths(['operator'])).toEqual([
      '/',
      '/account',
      '/org/classes/:id',
      '/org/students/:id',
      '/org',
      '/org/people',
      '/org/agencies',
      '/org/agencies/:id',
      '/org/outlets',
      '/org/outlets/:id',
      '/org/schools',
      '/org/schools/:id',
      '/school',
      '/school/notes',
      '/school/notes/:id',
      '/school/attendance',
      '/school/roster',
      '/school/settings',
      '/school/device-sim',
      '/billing',
      '/billing/subscriptions',
      '/billing/requests',
      '/billing/lookup',
      '/billing/catalog',
      '/billing/runs',
      '/sms',
      '/sms/simulator',
      '/sms/messages',
      '/sms/messages/:id',
      '/sms/bulks',
      '/sms/bulks/:id',
      '/sms/mo',
      '/sms/optouts',
      '/sms/gateways',
      '/ledger',
      '/ledger/accounts',
      '/ledger/accounts/:id',
      '/ledger/verify',
      '/admin',
      '/admin/jobs',
      '/admin/devices',
      '/admin/audit',
      '/admin/system',
    ]);
  });

  it('keeps the account page out of the side menu', () => {
    const ledger = visibleRoutes(userWith('operator')).find((route) => route.path === '/ledger');
    expect(ledger?.children?.filter((route) => !route.hideInMenu).map((route) => route.name)).toEqual(['账户余额', '账务核验']);
  });

  it('opens 短信中心 on the simulator and keeps detail pages out of the side menu', () => {
    const sms = visibleRoutes(userWith('operator')).find((route) => route.path === '/sms');
    expect(sms?.children?.filter((route) => !route.hideInMenu).map((route) => route.name)).toEqual([
      '短信模拟器',
      '短信查询',
      '群发',
      '上行短信',
      '退订名单',
      '网关状态',
    ]);
  });

  it('keeps the simulator and the rest of 系统管理 from 客服, who only reads', () => {
    const paths = menuPaths(['support']);
    expect(paths).toContain('/sms/messages/:id');
    expect(paths).toContain('/sms/bulks/:id');
    expect(paths).toContain('/ledger/accounts/:id');
    expect(paths).not.toContain('/sms/simulator');
    expect(paths.filter((path) => path.startsWith('/admin'))).toEqual(['/admin', '/admin/devices']);
  });

  it('drops 短信中心, 账务管理 and 系统管理 entirely for a teacher, who gets 校讯通', () => {
    expect(menuPaths(['teacher'])).toEqual([
      '/',
      '/account',
      '/classes',
      '/org/classes/:id',
      '/org/students/:id',
      '/school',
      '/school/notes',
      '/school/notes/:id',
      '/school/inbox',
      '/school/attendance',
      '/school/classwork',
      '/school/staff-sms',
    ]);
  });

  it('gives each role of the tenant tree only its own entries', () => {
    const sideMenu = (...roles: string[]) =>
      visibleRoutes(userWith(...roles)).flatMap((route) =>
        route.hideInMenu ? [] : [route.name, ...(route.children ?? []).filter((child) => !child.hideInMenu).map((child) => `${route.name} › ${child.name}`)],
      );
    expect(sideMenu('support')).toEqual([
      '首页',
      '机构与学校',
      '机构与学校 › 人员与角色',
      '机构与学校 › 代理商与网点',
      '机构与学校 › 营业网点',
      '机构与学校 › 学校',
      '校讯通',
      '校讯通 › 考勤与平安短信',
      '订购与计费',
      '订购与计费 › 订购管理',
      '订购与计费 › 待确认',
      '订购与计费 › 订购查询',
      '订购与计费 › 出账',
      '短信中心',
      '短信中心 › 短信查询',
      '短信中心 › 群发',
      '短信中心 › 上行短信',
      '短信中心 › 退订名单',
      '短信中心 › 网关状态',
      '账务管理',
      '账务管理 › 账户余额',
      '账务管理 › 账务核验',
      '系统管理',
      '系统管理 › 设备管理',
    ]);
    expect(sideMenu('agent')).toEqual([
      '首页',
      '机构与学校',
      '机构与学校 › 代理商与网点',
      '机构与学校 › 营业网点',
      '机构与学校 › 学校',
      '校讯通',
      '校讯通 › 名册导入',
      '订购与计费',
      '订购与计费 › 我的学校',
      '订购与计费 › 订购管理',
      '订购与计费 › 待确认',
      '订购与计费 › 订购查询',
      '订购与计费 › 佣金',
    ]);
    expect(sideMenu('clerk')).toEqual(['首页', '机构与学校', '机构与学校 › 营业网点']);
    expect(sideMenu('school_admin')).toEqual([
      '首页',
      '机构与学校',
      '机构与学校 › 学校',
      '校讯通',
      '校讯通 › 家校互动',
      '校讯通 › 家长回音',
      '校讯通 › 考勤与平安短信',
      '校讯通 › 课表作业成绩',
      '校讯通 › 办公短信',
      '校讯通 › 名册导入',
      '校讯通 › 学校设置与校历',
      '校讯通 › 设备模拟器',
    ]);
    const teaching = ['校讯通', '校讯通 › 家校互动', '校讯通 › 家长回音', '校讯通 › 考勤与平安短信', '校讯通 › 课表作业成绩', '校讯通 › 办公短信'];
    expect(sideMenu('teacher', 'guardian')).toEqual(['首页', '我的孩子', '我的班级', '家长网校', ...teaching]);
    expect(sideMenu('guardian')).toEqual(['首页', '我的孩子', '家长网校']);
    expect(sideMenu('student')).toEqual(['首页', '我的信息']);
  });

  it('registers every leaf as a page and every parent as a group', () => {
    expect(pageRoutes().map((route) => route.path)).toEqual([
      '/',
      '/account',
      '/children',
      '/me',
      '/classes',
      '/org/classes/:id',
      '/org/students/:id',
      '/org/people',
      '/org/agencies',
      '/org/agencies/:id',
      '/org/outlets',
      '/org/outlets/:id',
      '/org/schools',
      '/org/schools/:id',
      '/portal',
      '/school/notes',
      '/school/notes/:id',
      '/school/inbox',
      '/school/attendance',
      '/school/classwork',
      '/school/staff-sms',
      '/school/roster',
      '/school/settings',
      '/school/device-sim',
      '/billing/schools',
      '/billing/subscriptions',
      '/billing/requests',
      '/billing/lookup',
      '/billing/commissions',
      '/billing/catalog',
      '/billing/runs',
      '/sms/simulator',
      '/sms/messages',
      '/sms/messages/:id',
      '/sms/bulks',
      '/sms/bulks/:id',
      '/sms/mo',
      '/sms/optouts',
      '/sms/gateways',
      '/ledger/accounts',
      '/ledger/accounts/:id',
      '/ledger/verify',
      '/admin/jobs',
      '/admin/devices',
      '/admin/audit',
      '/admin/system',
    ]);
    expect(groupRoutes().map((route) => route.path)).toEqual(['/org', '/school', '/billing', '/sms', '/ledger', '/admin']);
  });
});
