import { describe, expect, it } from 'vitest';
import { ApiError } from '../app/request';
import {
  CODE_PATTERN,
  digitsOnly,
  isStrongPassword,
  PHONE_PATTERN,
  retryAfterSeconds,
  secondsUntil,
  sendButtonLabel,
} from './smsCode';

describe('phone and code formats', () => {
  it('accepts an 11-digit mainland mobile number, as the server does', () => {
    expect(PHONE_PATTERN.test('13900001111')).toBe(true);
    expect(PHONE_PATTERN.test('1390000111')).toBe(false);
    expect(PHONE_PATTERN.test('23900001111')).toBe(false);
    expect(PHONE_PATTERN.test('12900001111')).toBe(false);
  });

  it('keeps only digits of what was typed or pasted, up to the length', () => {
    expect(digitsOnly('139 0000-1111', 11)).toBe('13900001111');
    expect(digitsOnly('12a34 56789', 6)).toBe('123456');
    expect(CODE_PATTERN.test('123456')).toBe(true);
    expect(CODE_PATTERN.test('12345')).toBe(false);
  });
});

describe('the resend countdown', () => {
  it('counts whole seconds up, and stops at zero', () => {
    expect(secondsUntil(null, 1000)).toBe(0);
    expect(secondsUntil(61_000, 1000)).toBe(60);
    expect(secondsUntil(61_000, 1001)).toBe(60);
    expect(secondsUntil(61_000, 2000)).toBe(59);
    expect(secondsUntil(61_000, 61_000)).toBe(0);
    expect(secondsUntil(61_000, 90_000)).toBe(0);
  });

  it('labels the button 获取验证码, then 重新获取(59), then 重新获取', () => {
    expect(sendButtonLabel(0, false)).toBe('获取验证码');
    expect(sendButtonLabel(59, true)).toBe('重新获取(59)');
    expect(sendButtonLabel(1, true)).toBe('重新获取(1)');
    expect(sendButtonLabel(0, true)).toBe('重新获取');
    expect(sendButtonLabel(3600, true)).toBe('重新获取(60 分钟)');
  });
});

describe('retryAfterSeconds', () => {
  const tooFrequent = (details: unknown) =>
    new ApiError({ status: 429, code: 'AUTH_CODE_TOO_FREQUENT', message: '获取验证码过于频繁（每分钟只能获取 1 次），请 42 秒后再试', details });

  it('reads how long the server asks to wait', () => {
    expect(retryAfterSeconds(tooFrequent({ retryAfterSeconds: 42 }))).toBe(42);
    expect(retryAfterSeconds(tooFrequent({ retryAfterSeconds: 41.2 }))).toBe(42);
  });

  it('is null for other errors and for odd details', () => {
    expect(retryAfterSeconds(tooFrequent({}))).toBeNull();
    expect(retryAfterSeconds(tooFrequent(null))).toBeNull();
    expect(retryAfterSeconds(tooFrequent({ retryAfterSeconds: '42' }))).toBeNull();
    expect(retryAfterSeconds(new ApiError({ status: 429, code: 'AUTH_LOCKED', message: '错误次数过多', details: { retryAfterSeconds: 900 } }))).toBeNull();
    expect(retryAfterSeconds(new TypeError('Failed to fetch'))).toBeNull();
  });
});

describe('isStrongPassword', () => {
  it('wants at least 10 characters with letters and digits, like the server', () => {
    expect(isStrongPassword('Wang-2026-pass')).toBe(true);
    expect(isStrongPassword('abcdefghi1')).toBe(true);
    expect(isStrongPassword('abc12345')).toBe(false);
    expect(isStrongPassword('abcdefghijk')).toBe(false);
    expect(isStrongPassword('12345678901')).toBe(false);
    expect(isStrongPassword(`a1${'x'.repeat(127)}`)).toBe(false);
  });
});
