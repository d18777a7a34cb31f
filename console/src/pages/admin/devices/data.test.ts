import { describe, expect, it } from 'vitest';
import { deviceTypeLabel, isOnline, registerBody, tenantLabel } from './data';

describe('设备管理', () => {
  it('names device types in Chinese, unknown codes as they are', () => {
    expect(['gate', 'pos', 'school_phone', 'ivr', 'callback'].map(deviceTypeLabel)).toEqual(['闸机', 'POS终端', '学校电话', 'IVR网关', '回调']);
    expect(deviceTypeLabel('toaster')).toBe('toaster');
  });

  it('says where a device belongs', () => {
    expect(tenantLabel({ tenantType: 'school', tenantName: '阳光小学' })).toBe('学校 阳光小学');
    expect(tenantLabel({ tenantType: 'platform', tenantName: '平台' })).toBe('平台');
  });

  it('trims the form and fixes the platform tenant id', () => {
    expect(registerBody({ type: 'gate', name: ' 东门闸机 ', tenantType: 'school', tenantId: ' S001 ' })).toEqual({ type: 'gate', name: '东门闸机', tenantType: 'school', tenantId: 'S001' });
    expect(registerBody({ type: 'callback', name: '工行回调', tenantType: 'platform' })).toMatchObject({ tenantId: 'platform' });
  });

  it('counts a device as online for 5 minutes after it was last seen', () => {
    const seen = '2026-09-01T00:00:00.000Z';
    expect(isOnline(seen, Date.parse(seen) + 5 * 60_000)).toBe(true);
    expect(isOnline(seen, Date.parse(seen) + 5 * 60_000 + 1)).toBe(false);
    expect(isOnline(null, 0)).toBe(false);
  });
});
