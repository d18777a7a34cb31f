import { describe, expect, it } from 'vitest';
import { createLogger, maskPhones } from './logger';

function capture() {
  const lines: string[] = [];
  const log = createLogger('info', { write: (s: string) => void lines.push(s) });
  return { log, lines };
}

describe('logs', () => {
  it('mask mainland mobile numbers, keeping the first 3 and last 4 digits', () => {
    expect(maskPhones('家长 13800138000 回复')).toBe('家长 138****8000 回复');
    expect(maskPhones('+8613912345678')).toBe('+86139****5678');
    // Not a phone: too long, or an order number that merely contains digits.
    expect(maskPhones('流水号 2026112213800138000')).toBe('流水号 2026112213800138000');
    expect(maskPhones('12345678901')).toBe('12345678901');
  });

  it('never write a phone number, in the message, a field, a nested object or an error', () => {
    const { log, lines } = capture();
    log.info({ to: '13800138000', msg2: { parents: ['15912345678'] }, url: '/api/lines/18600001111' }, '发送给 13700001234');
    log.error({ err: new Error('号码 13300001111 不存在') }, 'failed');
    const out = lines.join('');
    for (const phone of ['13800138000', '15912345678', '18600001111', '13700001234', '13300001111']) {
      expect(out).not.toContain(phone);
    }
    expect(out).toContain('138****8000');
    expect(out).toContain('133****1111');
  });

  it('hide passwords, tokens and cookies', () => {
    const { log, lines } = capture();
    log.info({ login: 'admin', password: 'hunter2hunter2', csrfToken: 'abc', headers: { cookie: 'yk_session=xyz' } }, 'login');
    const out = lines.join('');
    expect(out).toContain('admin');
    expect(out).not.toContain('hunter2');
    expect(out).not.toContain('yk_session=xyz');
    expect(out).not.toContain('"abc"');
  });
});
