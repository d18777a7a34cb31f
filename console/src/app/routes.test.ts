import { describe, expect, it } from 'vitest';
import { groupRoutes, pageRoutes, visibleRoutes } from './routes';

const userWith = (...roles: string[]) => ({ roles: roles.map((role) => ({ role })) });
const menuPaths = (roles: string[]) =>
  visibleRoutes(userWith(...roles)).flatMap((route) => [route.path, ...(route.children ?? []).map((child) => child.path)]);

describe('menu by role', () => {
  it('shows the operator 首页 and all of 系统管理', () => {
    expect(menuPaths(['operator'])).toEqual(['/', '/admin', '/admin/jobs', '/admin/system']);
  });

  it('drops 系统管理 entirely for a teacher', () => {
    expect(menuPaths(['teacher'])).toEqual(['/']);
  });

  it('registers every leaf as a page and every parent as a group', () => {
    expect(pageRoutes().map((route) => route.path)).toEqual(['/', '/admin/jobs', '/admin/system']);
    expect(groupRoutes().map((route) => route.path)).toEqual(['/admin']);
  });
});
