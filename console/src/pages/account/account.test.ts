import { describe, expect, it } from 'vitest';
import { describeUserAgent, roleScope } from './account';

describe('my account helpers', () => {
  it.each([
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36', 'desktop', '电脑 · Chrome · Windows'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Edg/126.0', 'desktop', '电脑 · Edge · Windows'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1', 'mobile', '手机 · Safari · iOS'],
    ['Mozilla/5.0 (Linux; Android 14; V2309A) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36 MicroMessenger/8.0.49', 'mobile', '手机 · 微信 · Android'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15', 'desktop', '电脑 · Safari · macOS'],
    ['Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', 'desktop', '电脑 · Firefox · Linux'],
    ['curl/8.5.0', 'program', '程序 · curl'],
    [null, 'unknown', '未知设备'],
  ])('describes %s', (ua, kind, label) => {
    expect(describeUserAgent(ua)).toEqual({ kind, label });
  });

  it('says where a role holds', () => {
    expect(roleScope({ tenantType: 'platform', tenantId: 'platform' })).toBe('全平台');
    expect(roleScope({ tenantType: 'class', tenantId: 'c1' })).toBe('班级 c1');
  });
});
