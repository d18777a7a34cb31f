import { describe, expect, it } from 'vitest';
import { groupRoutes, pageRoutes, visibleRoutes } from './routes';

const userWith = (...roles: string[]) => ({ roles: roles.map((role) => ({ role })) });
const menuPaths = (roles: string[]) =>
  visibleRoutes(userWith(...roles)).flatMap((route) => [route.path, ...(route.children ?? []).map((child) => child.path)]);

describe('menu by role', () => {
  it('shows the operator 首页, all of 短信中心, all of 账务管理 and all of 系统管理', () => {
    expect(menuPaths(['operator'])).toEqual([
      '/',
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

  it('drops 短信中心, 账务管理 and 系统管理 entirely for a teacher', () => {
    expect(menuPaths(['teacher'])).toEqual(['/']);
  });

  it('registers every leaf as a page and every parent as a group', () => {
    expect(pageRoutes().map((route) => route.path)).toEqual([
      '/',
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
      '/admin/system',
    ]);
    expect(groupRoutes().map((route) => route.path)).toEqual(['/sms', '/ledger', '/admin']);
  });
});
