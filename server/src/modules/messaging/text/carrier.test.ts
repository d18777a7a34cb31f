import { describe, expect, it } from 'vitest';
import { carrierOf, normalizeMsisdn } from './carrier';

describe('normalizeMsisdn', () => {
  it.each([
    ['13800138000', '13800138000'],
    ['+86 138-0013-8000', '13800138000'],
    ['8613800138000', '13800138000'],
    ['008613800138000', '13800138000'],
    [' 138 0013 8000 ', '13800138000'],
    ['138001380001', null],
    ['12800138000', null],
    ['1380013800', null],
    ['+8612800138000', null],
    ['+1 13800138000', null],
    ['1380013800a', null],
    ['', null],
  ])('%j → %j', (input, expected) => {
    expect(normalizeMsisdn(input)).toBe(expected);
  });
});

describe('carrierOf', () => {
  it.each([
    ['13400000000', 'cmcc'],
    ['13480000000', 'cmcc'],
    ['13490000000', 'ctcc'],
    ['13500000000', 'cmcc'],
    ['13000000000', 'cucc'],
    ['13300000000', 'ctcc'],
    ['17000000000', 'ctcc'],
    ['17020000000', 'ctcc'],
    ['17030000000', 'cmcc'],
    ['17040000000', 'cucc'],
    ['17050000000', 'cmcc'],
    ['17060000000', 'cmcc'],
    ['17070000000', 'cucc'],
    ['17090000000', 'cucc'],
    ['17100000000', 'cucc'],
    ['19200000000', 'cbn'],
    ['19500000000', 'cmcc'],
    ['19600000000', 'cucc'],
    ['19900000000', 'ctcc'],
    ['+86 199 0000 0000', 'ctcc'],
    ['14000000000', null],
    ['15400000000', null],
    ['138001380001', null],
    ['not a number', null],
  ])('%s → %s', (msisdn, expected) => {
    expect(carrierOf(msisdn)).toBe(expected);
  });
});
