import { describe, expect, it } from 'vitest';
import { actionLabel, actorLabel, resultDetail, tenantLabel, toAuditQuery } from './audit';

describe('audit log page helpers', () => {
  it('names actors by kind; a user by the name looked up when read', () => {
    expect(actorLabel({ actorKind: 'user', actorId: 'u1', actorName: '系统管理员' })).toBe('系统管理员');
    expect(actorLabel({ actorKind: 'user', actorId: 'u1', actorName: null })).toBe('已删除或匿名化的用户');
    expect(actorLabel({ actorKind: 'system', actorId: 'root', actorName: null })).toBe('系统（root）');
    expect(actorLabel({ actorKind: 'phone', actorId: 'phone:0123456789abcdef', actorName: null })).toBe('手机用户（匿名代号）');
    expect(actorLabel({ actorKind: 'device', actorId: 'gate-1', actorName: null })).toBe('设备 gate-1');
    expect(actorLabel({ actorKind: 'anonymous', actorId: null, actorName: null })).toBe('未登录');
  });

  it('labels actions, results and tenants', () => {
    expect(actionLabel('sms.send')).toBe('发送短信');
    expect(actionLabel('something.new')).toBe('something.new');
    expect(resultDetail({ status: 403, errorCode: 'FORBIDDEN' })).toBe('403 FORBIDDEN');
    expect(resultDetail({ status: null, errorCode: null })).toBe('');
    expect(tenantLabel({ tenantType: 'class', tenantId: 'c1' })).toBe('班级 c1');
    expect(tenantLabel({ tenantType: 'platform', tenantId: 'platform' })).toBe('平台');
    expect(tenantLabel({ tenantType: null, tenantId: null })).toBeNull();
  });

  it('turns the filter form into a query: Beijing wall-clock times to instants, blanks dropped', () => {
    expect(toAuditQuery({ range: ['2026-09-01 08:00:00', '2026-09-01 09:30:00'], actor: ' admin ', q: '  ', channel: 'web' }, 'c1', 50)).toEqual({
      from: '2026-09-01T00:00:00.000Z',
      to: '2026-09-01T01:30:00.000Z',
      actor: 'admin',
      action: undefined,
      channel: 'web',
      result: undefined,
      q: undefined,
      cursor: 'c1',
      limit: 50,
    });
  });
});
