import { describe, expect, it } from 'vitest';
import { groupRoutes, pageRoutes, visibleRoutes } from './routes';

const userWith = (...roles: string[]) => ({ roles: roles.map((role) => ({ role })) });
const menuPaths = (roles: string[]) =>
  visibleRoutes(userWith(...roles)).flatMap((route) => [route.path, ...(route.children ?? []).map((child) => child.path)]);

describe('menu by role', () => {
  it('shows the operator 首页, all of 账务管理 and all of 系统管理', () => {
    expect(menuPaths(['operator'])).toEqual([
      '/',
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

  it('drops 账务管理 and 系统管理 entirely for a teacher', () => {
    expect(menuPaths(['teacher'])).toEqual(['/']);
  });

  it('registers every leaf as a page and every parent as a group', () => {
    expect(pageRoutes().map((route) => route.path)).toEqual([
      '/',
      '/ledger/accounts',
      '/ledger/accounts/:id',
      '/ledger/verify',
      '/admin/jobs',
      '/admin/system',
    ]);
    expect(groupRoutes().map((route) => route.path)).toEqual(['/ledger', '/admin']);
  });
});
