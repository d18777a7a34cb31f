import { describe, expect, it } from 'vitest';
import { ACTIONS, can, type Action, type Actor } from './policy';

const operator: Actor = { kind: 'user', userId: 'u1', login: 'admin', name: '管理员', roles: [{ role: 'operator', tenantType: 'platform', tenantId: 'platform' }] };
const teacher: Actor = { kind: 'user', userId: 'u2', login: 't', name: '王老师', roles: [{ role: 'teacher', tenantType: 'school', tenantId: 's1' }] };
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

  it('keeps a tenant-scoped role inside its own tenant', () => {
    const admin: Actor = { kind: 'user', userId: 'u3', login: 'sa', name: '校管', roles: [{ role: 'operator', tenantType: 'school', tenantId: 's1' }] };
    expect(can(admin, 'jobs.read', { tenantType: 'school', tenantId: 's1' })).toBe(true);
    expect(can(admin, 'jobs.read', { tenantType: 'school', tenantId: 's2' })).toBe(false);
    expect(can(operator, 'jobs.read', { tenantType: 'school', tenantId: 's2' })).toBe(true);
  });

  it('declares every action with a rule', () => {
    for (const [action, rule] of Object.entries(ACTIONS)) {
      expect(rule === 'public' || rule === 'authenticated' || Array.isArray(rule), action).toBe(true);
    }
  });
});
