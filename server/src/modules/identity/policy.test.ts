import { describe, expect, it } from 'vitest';
import { ACTIONS, can, type Action, type Actor } from './policy';

const operator: Actor = { kind: 'user', userId: 'u1', login: 'admin', name: '管理员', roles: [{ role: 'operator', tenantType: 'platform', tenantId: 'platform' }] };
const teacher: Actor = { kind: 'user', userId: 'u2', login: 't', name: '王老师', roles: [{ role: 'teacher', tenantType: 'class', tenantId: 'c1' }] };
const anonymous: Actor = { kind: 'anonymous' };

describe('can(actor, action, resource)', () => {
  it.each<[Actor, Action, boolean]>([
    [anonymous, 'public', true],
    [anonymous, 'session.self', false],
    [anonymous, 'jobs.read', false],
    [teacher, 'session.self', true],
    [teacher, 'system.read', true],
    [teacher, 'jobs.read', false],
    [teacher, 'jobs.retry', false],
    [teacher, 'users.manage', false],
    [operator, 'jobs.read', true],
    [operator, 'jobs.retry', true],
    [operator, 'users.manage', true],
  ])('%o may %s: %s', (actor, action, expected) => {
    expect(can(actor, action)).toBe(expected);
  });

  it('keeps a tenant-scoped role inside its own tenant, at any level of the resource', () => {
    const admin: Actor = { kind: 'user', userId: 'u3', login: 'sa', name: '校管', roles: [{ role: 'school_admin', tenantType: 'school', tenantId: 's1' }] };
    expect(can(admin, 'class.read', { agencyId: 'a1', schoolId: 's1', classId: 'c1' })).toBe(true);
    expect(can(admin, 'class.read', { agencyId: 'a1', schoolId: 's2', classId: 'c9' })).toBe(false);
    expect(can(operator, 'class.read', { schoolId: 's2', classId: 'c9' })).toBe(true);
    // A role that the action does not name is refused even inside its tenant.
    expect(can(admin, 'jobs.read', { schoolId: 's1' })).toBe(false);
  });

  it('lets a guardian set a child\'s limits but never the child', () => {
    const mum: Actor = { kind: 'user', userId: 'g', login: 'g', name: '妈妈', roles: [{ role: 'guardian', tenantType: 'student', tenantId: 'st1' }] };
    const kid: Actor = { kind: 'user', userId: 'k', login: 'k', name: '小兵', roles: [{ role: 'student', tenantType: 'student', tenantId: 'st1' }] };
    const child = { schoolId: 's1', classId: 'c1', studentId: 'st1' };
    expect(can(mum, 'student.limits', child)).toBe(true);
    expect(can(mum, 'student.limits', { ...child, studentId: 'st2' })).toBe(false);
    expect(can(kid, 'student.read', child)).toBe(true);
    expect(can(kid, 'student.limits', child)).toBe(false);
  });

  it('lets only signed devices call device routes', () => {
    const gate: Actor = { kind: 'device', deviceId: 'd1', deviceType: 'gate', name: '东门', tenantType: 'school', tenantId: 's1' };
    expect(can(gate, 'device.call')).toBe(true);
    expect(can(operator, 'device.call')).toBe(false);
    expect(can(gate, 'jobs.read')).toBe(false);
    expect(can(gate, 'session.self')).toBe(false);
  });

  it('declares every action with a rule', () => {
    for (const [action, rule] of Object.entries(ACTIONS)) {
      expect(rule === 'public' || rule === 'authenticated' || rule === 'device' || Array.isArray(rule), action).toBe(true);
    }
  });
});
