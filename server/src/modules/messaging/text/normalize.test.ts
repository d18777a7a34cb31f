import { describe, expect, it } from 'vitest';
import { normalizeMo, parseKeyword } from './normalize';

describe('normalizeMo', () => {
  it.each([
    ['ｔｄ\u3000', 'TD'],
    [' Jx ', 'JX'],
    ['ＱＸＪＸ', 'QXJX'],
    ['bzr\u3000\u3000老师  好\n\t谢谢', 'BZR 老师 好 谢谢'],
    ['１３８００１３８０００　５０', '13800138000 50'],
    ['退订', '退订'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(normalizeMo(input)).toBe(expected);
  });

  it('uppercases ASCII letters only', () => {
    expect(normalizeMo('straße é')).toBe('STRAßE é');
  });
});

describe('parseKeyword', () => {
  const zh = ['退订', '取消', '取消订阅'];

  it.each([
    ['bzr 老师好', { keyword: 'BZR', rest: '老师好' }],
    ['ＴＤ', { keyword: 'TD', rest: '' }],
    ['\u3000jx', { keyword: 'JX', rest: '' }],
    ['BZR老师，明天请假', { keyword: 'BZR', rest: '老师，明天请假' }],
    ['bzr Hello  Teacher', { keyword: 'BZR', rest: 'Hello  Teacher' }],
    ['00', { keyword: '00', rest: '' }],
    ['退订', { keyword: '退订', rest: '' }],
    [' 取消订阅 JX', { keyword: '取消订阅', rest: 'JX' }],
    ['老师您好', { keyword: null, rest: '老师您好' }],
    ['', { keyword: null, rest: '' }],
  ])('%j', (input, expected) => {
    expect(parseKeyword(input, zh)).toEqual(expected);
  });

  it('knows no Chinese keyword unless given one', () => {
    expect(parseKeyword('退订')).toEqual({ keyword: null, rest: '退订' });
  });
});
