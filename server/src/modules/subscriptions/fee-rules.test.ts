import { describe, expect, it } from 'vitest';
import { feeForMonth, type SubscriptionEvent } from './fee-rules';

const TZ = 'Asia/Shanghai';
/** A Beijing wall-clock time. */
const bj = (s: string) => new Date(`${s}+08:00`).getTime();
const sub = (s: string): SubscriptionEvent => ({ kind: 'subscribe', at: bj(s) });
const cancel = (s: string): SubscriptionEvent => ({ kind: 'cancel', at: bj(s) });

type Case = [name: string, events: SubscriptionEvent[], month: string, due: boolean, rule: string, dueAt?: string];

const CASES: Case[] = [
  // Rule 1: first subscription on the 1st–20th; cancelled within 72 hours is free.
  ['1st 00:00:00, kept', [sub('2026-09-01T00:00:00')], '2026-09', true, 'first_of_month', '2026-09-04T00:00:00'],
  ['20th 23:59:59 is still rule 1', [sub('2026-09-20T23:59:59')], '2026-09', true, 'first_of_month', '2026-09-23T23:59:59'],
  ['cancelled after 71:59:59: free', [sub('2026-09-05T10:00:00'), cancel('2026-09-08T09:59:59')], '2026-09', false, 'free_cancel_72h'],
  ['cancelled after exactly 72:00:00: charged', [sub('2026-09-05T10:00:00'), cancel('2026-09-08T10:00:00')], '2026-09', true, 'first_of_month', '2026-09-08T10:00:00'],
  ['cancelled on the 15th, long after 72 h: charged', [sub('2026-09-05T10:00:00'), cancel('2026-09-15T10:00:00')], '2026-09', true, 'first_of_month', '2026-09-08T10:00:00'],
  // Rule 2: after the 20th 24:00, no fee this month; billed from the next if still subscribed.
  ['21st 00:00:00 is rule 2', [sub('2026-09-21T00:00:00')], '2026-09', false, 'after_20th'],
  ['… and billed from the next month', [sub('2026-09-21T00:00:00')], '2026-10', true, 'monthly', '2026-10-01T00:00:00'],
  ['… unless cancelled before it', [sub('2026-09-21T00:00:00'), cancel('2026-09-30T12:00:00')], '2026-10', false, 'not_subscribed'],
  // A 72-hour window crossing the month end: subscribed on the 30th, cancelled on the 2nd.
  ['window crossing the month end, cancelled in it: no fee in either month (Sep)', [sub('2026-09-30T20:00:00'), cancel('2026-10-02T19:59:59')], '2026-09', false, 'after_20th'],
  ['window crossing the month end, cancelled in it: no fee in either month (Oct)', [sub('2026-09-30T20:00:00'), cancel('2026-10-02T19:59:59')], '2026-10', false, 'free_cancel_72h'],
  ['window crossing the month end, kept: the fee is due when the window closes', [sub('2026-09-30T20:00:00')], '2026-10', true, 'monthly', '2026-10-03T20:00:00'],
  // Rule 3: subscribing again before the 24th 00:00 is charged at once.
  ['again on the 23rd 23:59:59: charged at once', [sub('2026-09-05T08:00:00'), cancel('2026-09-06T08:00:00'), sub('2026-09-23T23:59:59')], '2026-09', true, 'resubscribe', '2026-09-23T23:59:59'],
  ['again on the 24th 00:00:00: not rule 3; after the 20th, no fee', [sub('2026-09-05T08:00:00'), cancel('2026-09-06T08:00:00'), sub('2026-09-24T00:00:00')], '2026-09', false, 'after_20th'],
  ['subscribe, cancel, subscribe in one day: charged at the second', [sub('2026-09-10T09:00:00'), cancel('2026-09-10T10:00:00'), sub('2026-09-10T11:00:00')], '2026-09', true, 'resubscribe', '2026-09-10T11:00:00'],
  ['after the 20th, then again before the 24th: rule 3 wins', [sub('2026-09-22T09:00:00'), cancel('2026-09-22T10:00:00'), sub('2026-09-23T09:00:00')], '2026-09', true, 'resubscribe', '2026-09-23T09:00:00'],
  ['carried in, cancelled, again before the 24th: charged once (monthly)', [sub('2026-08-01T09:00:00'), cancel('2026-09-02T10:00:00'), sub('2026-09-03T09:00:00')], '2026-09', true, 'monthly', '2026-09-01T00:00:00'],
  // February and leap years: the 20th/21st and 24th edges move with the month; the month ends on the 28th or 29th.
  ['Feb 2027 (28 days): 20th 23:59:59', [sub('2027-02-20T23:59:59')], '2027-02', true, 'first_of_month', '2027-02-23T23:59:59'],
  ['Feb 2028 (leap): 29th is after the 20th', [sub('2028-02-29T12:00:00')], '2028-02', false, 'after_20th'],
  ['Feb 2028 (leap): billed in March, once 72 h from the 29th have passed (March 3rd)', [sub('2028-02-29T12:00:00')], '2028-03', true, 'monthly', '2028-03-03T12:00:00'],
  // Months before and after.
  ['not yet subscribed', [sub('2026-10-05T08:00:00')], '2026-09', false, 'not_subscribed'],
  ['long cancelled', [sub('2026-07-05T08:00:00'), cancel('2026-08-05T08:00:00')], '2026-09', false, 'not_subscribed'],
  ['Beijing midnight, not UTC: Sep 1st 07:59 in Beijing is Aug 31st 23:59 UTC', [sub('2026-09-01T07:59:00')], '2026-08', false, 'not_subscribed'],
];

describe('the seed’s fee rules, edge by edge (Asia/Shanghai)', () => {
  it.each(CASES)('%s', (_name, events, month, due, rule, dueAt) => {
    const r = feeForMonth(events, month, TZ);
    expect({ due: r.due, rule: r.rule }).toEqual({ due, rule });
    expect(r.dueAt).toBe(dueAt === undefined ? null : bj(dueAt));
  });

  it('refuses a history that cannot happen, and a month that is not one', () => {
    expect(() => feeForMonth([sub('2026-09-01T08:00:00'), sub('2026-09-02T08:00:00')], '2026-09', TZ)).toThrow(/twice/);
    expect(() => feeForMonth([cancel('2026-09-01T08:00:00')], '2026-09', TZ)).toThrow(/cancellation/);
    expect(() => feeForMonth([], '2026-13', TZ)).toThrow(/not a month/);
  });
});
