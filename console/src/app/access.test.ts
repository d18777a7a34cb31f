import { describe, expect, it } from 'vitest';
import { access, canSee, roleNames } from './access';

const TITLES: Record<string, string> = { teacher: '教师', guardian: '家长', school_admin: '学校管理员' };
const userWith = (...roles: string[]) => ({
  roles: roles.map((role) => ({ role, title: TITLES[role], tenantType: 'school', tenantId: 't1' })),
});

describe('access', () => {
  it('grants nothing to a visitor who is not logged in', () => {
    expect(access(null)).toEqual({ canAdmin: false, canLedger: false, canSms: false });
    expect(canSee(undefined, undefined)).toBe(false);
  });

  it('lets only the operator into 系统管理', () => {
    expect(access(userWith('operator')).canAdmin).toBe(true);
    for (const role of ['support', 'agent', 'clerk', 'school_admin', 'teacher', 'guardian', 'student']) {
      expect(access(userWith(role)).canAdmin).toBe(false);
    }
  });

  it('lets only the operator into 账务管理', () => {
    expect(access(userWith('operator')).canLedger).toBe(true);
    for (const role of ['support', 'agent', 'clerk', 'school_admin', 'teacher', 'guardian', 'student']) {
      expect(access(userWith(role)).canLedger).toBe(false);
    }
  });

  it('lets only the operator into 短信中心', () => {
    expect(access(userWith('operator')).canSms).toBe(true);
    expect(canSee(userWith('operator'), 'canSms')).toBe(true);
    for (const role of ['support', 'agent', 'clerk', 'school_admin', 'teacher', 'guardian', 'student']) {
      expect(access(userWith(role)).canSms).toBe(false);
      expect(canSee(userWith(role), 'canSms')).toBe(false);
    }
  });

  it('shows pages without a permission to anyone logged in, even without roles', () => {
    expect(canSee(userWith(), undefined)).toBe(true);
    expect(canSee(userWith(), 'canAdmin')).toBe(false);
  });

  it('ignores roles the console does not know yet', () => {
    expect(access(userWith('auditor')).canAdmin).toBe(false);
    expect(roleNames(userWith('auditor'))).toEqual(['auditor']);
  });

  it('names roles with the titles the server gives, once each', () => {
    expect(roleNames(userWith('teacher', 'guardian', 'teacher', 'school_admin'))).toEqual(['教师', '家长', '学校管理员']);
  });
});
