import { describe, expect, it } from 'vitest';
import {
  canAt,
  draftsFromRoles,
  gradeLabel,
  grantsFromDrafts,
  landsOnOwn,
  normalizePhone,
  overviewsFor,
  parseLimits,
  roleLabel,
  rolesRule,
  tenantIdsOf,
  type PersonRole,
} from './org';

const user = (...grants: [string, string, string][]) => ({
  roles: grants.map(([role, tenantType, tenantId]) => ({ role, tenantType, tenantId })),
});

describe('roles shown and edited', () => {
  it('labels a role with its tenant, and platform roles as 全平台', () => {
    expect(roleLabel({ role: 'teacher', title: '教师', tenantType: 'class', tenantId: 'c1', tenantName: '三年级(2)班' })).toBe('教师 · 三年级(2)班');
    expect(roleLabel({ role: 'support', title: '客服', tenantType: 'platform', tenantId: 'platform', tenantName: '平台' })).toBe('客服 · 全平台');
    // 没有名称时显示编号，没有中文名时用控制台自己的。
    expect(roleLabel({ role: 'guardian', tenantType: 'student', tenantId: 's9' })).toBe('家长 · s9');
  });

  it('turns drafts into grants: platform roles need no tenant, others must pick one, duplicates go', () => {
    expect(
      grantsFromDrafts([{ role: 'support' }, { role: 'teacher', tenantId: 'c1' }, { role: 'teacher', tenantId: 'c1', tenantName: '三年级(2)班' }]),
    ).toEqual({
      grants: [
        { role: 'support', tenantType: 'platform', tenantId: 'platform' },
        { role: 'teacher', tenantType: 'class', tenantId: 'c1' },
      ],
      problem: null,
    });
    expect(grantsFromDrafts([]).problem).toBe('请至少添加一个角色');
    expect(grantsFromDrafts([{ role: 'agent', tenantId: 'a1' }, {}]).problem).toBe('第 2 个角色：请选择角色');
    expect(grantsFromDrafts([{ role: 'guardian' }]).problem).toBe('第 1 个角色：请选择学生');
  });

  it('round-trips a person’s roles through the editor', () => {
    const roles: PersonRole[] = [{ role: 'clerk', title: '营业员', tenantType: 'outlet', tenantId: 'o1', tenantName: '城关营业网点' }];
    expect(draftsFromRoles(roles)).toEqual([{ role: 'clerk', tenantId: 'o1', tenantName: '城关营业网点' }]);
    expect(grantsFromDrafts(draftsFromRoles(roles)).grants).toEqual([{ role: 'clerk', tenantType: 'outlet', tenantId: 'o1' }]);
  });

  it('checks the roles field of a form with the same first problem', async () => {
    await expect(rolesRule.validator(null, [{ role: 'clerk', tenantId: 'o1' }])).resolves.toBeUndefined();
    await expect(rolesRule.validator(null, undefined)).rejects.toThrow('请至少添加一个角色');
    await expect(rolesRule.validator(null, [{ role: 'guardian' }])).rejects.toThrow('第 1 个角色：请选择学生');
  });
});

describe('permissions where a thing sits', () => {
  const student = { school: 'sch1', class: 'c1', student: 's1' };

  it('lets a guardian set limits for their own child only, and never the child', () => {
    expect(canAt(user(['guardian', 'student', 's1']), 'canLimits', student)).toBe(true);
    expect(canAt(user(['guardian', 'student', 's2']), 'canLimits', student)).toBe(false);
    expect(canAt(user(['student', 'student', 's1']), 'canLimits', student)).toBe(false);
  });

  it('lets a school admin manage the roster of their own school, and the operator everywhere', () => {
    expect(canAt(user(['school_admin', 'school', 'sch1']), 'canEditRoster', student)).toBe(true);
    expect(canAt(user(['school_admin', 'school', 'sch2']), 'canEditRoster', student)).toBe(false);
    expect(canAt(user(['operator', 'platform', 'platform']), 'canEditRoster', student)).toBe(true);
    // 客服在平台上，但名单不归客服管；班主任也不能改名单。
    expect(canAt(user(['support', 'platform', 'platform']), 'canEditRoster', student)).toBe(false);
    expect(canAt(user(['teacher', 'class', 'c1']), 'canEditRoster', student)).toBe(false);
  });

  it('does not mix one role’s tenant with another role’s permission', () => {
    // 王老师：三年级(2)班的班主任，也是另一所学校张伟的家长——不能改班上孩子的限额。
    const teacherParent = user(['teacher', 'class', 'c1'], ['guardian', 'student', 'zw']);
    expect(canAt(teacherParent, 'canLimits', student)).toBe(false);
    expect(canAt(teacherParent, 'canClasses', student)).toBe(true);
    expect(canAt(teacherParent, 'canLimits', { school: 'sch2', class: 'c7', student: 'zw' })).toBe(true);
  });

  it('lets an agent create outlets and edit schools under their agency only', () => {
    expect(canAt(user(['agent', 'agency', 'a1']), 'canNewOutlet', { agency: 'a1' })).toBe(true);
    expect(canAt(user(['agent', 'agency', 'a1']), 'canNewOutlet', { agency: 'a2' })).toBe(false);
    expect(canAt(user(['agent', 'agency', 'a1']), 'canEditSchools', { agency: 'a1', school: 'sch1' })).toBe(true);
    expect(canAt(null, 'canSchools', { school: 'sch1' })).toBe(false);
  });

  it('lists the tenants a role is held in', () => {
    const mum = user(['guardian', 'student', 's1'], ['guardian', 'student', 's2'], ['guardian', 'student', 's1']);
    expect(tenantIdsOf(mum, 'guardian')).toEqual(['s1', 's2']);
    expect(tenantIdsOf(mum, 'teacher')).toEqual([]);
  });

  it('sends a clerk or school admin straight to their own outlet or school, but not those who see more', () => {
    expect(landsOnOwn(user(['clerk', 'outlet', 'o1']), 'outlet')).toBe(true);
    expect(landsOnOwn(user(['agent', 'agency', 'a1']), 'outlet')).toBe(false);
    expect(landsOnOwn(user(['school_admin', 'school', 'sch1']), 'school')).toBe(true);
    expect(landsOnOwn(user(['school_admin', 'school', 'sch1'], ['clerk', 'outlet', 'o1']), 'school')).toBe(true);
    expect(landsOnOwn(user(['support', 'platform', 'platform']), 'school')).toBe(false);
    expect(landsOnOwn(user(['agent', 'agency', 'a1']), 'agency')).toBe(true);
    expect(landsOnOwn(user(['operator', 'platform', 'platform']), 'agency')).toBe(false);
  });

  it('shows each role its own card on the home page, platform roles as one', () => {
    expect(overviewsFor(user(['operator', 'platform', 'platform'], ['support', 'platform', 'platform']))).toEqual(['platform']);
    expect(overviewsFor(user(['guardian', 'student', 's1'], ['teacher', 'class', 'c1']))).toEqual(['teacher', 'guardian']);
    expect(overviewsFor(user(['clerk', 'outlet', 'o1']))).toEqual(['clerk']);
    expect(overviewsFor(user())).toEqual([]);
  });
});

describe('card limits', () => {
  it('reads 元 with up to two decimals as fen, and 不限 as null', () => {
    expect(parseLimits({ unlimited: false, yuan: '30' }, { unlimited: false, yuan: '15.5' })).toEqual({ ok: true, daily: 3000, single: 1550 });
    expect(parseLimits({ unlimited: true, yuan: '30' }, { unlimited: false, yuan: '0.01' })).toEqual({ ok: true, daily: null, single: 1 });
    expect(parseLimits({ unlimited: false, yuan: '０' }, { unlimited: true })).toEqual({ ok: true, daily: 0, single: null });
  });

  it('refuses bad amounts, more than 10,000 元, and a single limit above the daily one', () => {
    expect(parseLimits({ unlimited: false, yuan: '' }, { unlimited: true })).toEqual({ ok: false, field: 'daily', message: '请输入金额' });
    expect(parseLimits({ unlimited: true }, { unlimited: false, yuan: '1.234' })).toMatchObject({ ok: false, field: 'single' });
    expect(parseLimits({ unlimited: false, yuan: '10000.01' }, { unlimited: true })).toEqual({ ok: false, field: 'daily', message: '限额最多 10,000.00 元' });
    expect(parseLimits({ unlimited: false, yuan: '10000' }, { unlimited: true })).toMatchObject({ ok: true, daily: 1_000_000 });
    expect(parseLimits({ unlimited: false, yuan: '10' }, { unlimited: false, yuan: '20' })).toEqual({
      ok: false,
      field: 'single',
      message: '单笔限额不能高于每日限额',
    });
  });
});

describe('small helpers', () => {
  it('names grades from 小学 to 高中', () => {
    expect([1, 3, 6, 7, 9, 10, 12].map(gradeLabel)).toEqual(['一年级', '三年级', '六年级', '初一', '初三', '高一', '高三']);
  });

  it('accepts mobile numbers as people type them', () => {
    expect(normalizePhone('+86 139 0000 7777')).toBe('13900007777');
    expect(normalizePhone('139-0000-3333')).toBe('13900003333');
    expect(normalizePhone('12345')).toBeNull();
    expect(normalizePhone('12900003333')).toBeNull();
  });
});
