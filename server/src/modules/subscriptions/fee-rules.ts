/**
 * The seed's fee rules for a monthly service (家校互动, 8 yuan a month), as one pure function:
 * given one number's history with one service, is that month's fee due, when, and by which rule.
 * Days and months are Asia/Shanghai (the caller passes the zone). The seed's words:
 *  1. 当月1日0时到20日24时之间首次订制业务，当月72小时内退订免信息费；
 *  2. 当月20日24时之后至该月月底定制业务，当月不计取包月费，如客户未退订，次月开始计费；
 *  3. 订购时间在每月1日0:00到24日零点之间，在此订购时间内反复订购相同的业务，则立即扣费。
 * Where the seed is silent, the choices are in docs/decisions/0018-fee-rules.md.
 */
import { startOfBusinessDay } from '../../platform/business-time';
import { MONTH, monthBounds } from './months';

export interface SubscriptionEvent {
  kind: 'subscribe' | 'cancel';
  at: number;
}

export type FeeRule =
  /** Subscribed before the month began and still subscribed once its 72 hours had passed. */
  | 'monthly'
  /** Rule 1: the first subscription of the month, on the 1st–20th, kept past 72 hours. */
  | 'first_of_month'
  /** Rule 1: cancelled within 72 hours of subscribing: no fee. */
  | 'free_cancel_72h'
  /** Rule 2: subscribed after the 20th: no fee this month. */
  | 'after_20th'
  /** Rule 3: subscribed again before the 24th after a subscription earlier this month: due at once. */
  | 'resubscribe'
  /** Not subscribed at any time of the month. */
  | 'not_subscribed';

export interface MonthFee {
  month: string;
  due: boolean;
  rule: FeeRule;
  /** When the fee becomes due (the billing run charges it then or later); null when not due. */
  dueAt: number | null;
}

export const FREE_CANCEL_MS = 72 * 3_600_000;

interface Period {
  start: number;
  end: number | null;
}

function periods(events: readonly SubscriptionEvent[]): Period[] {
  const out: Period[] = [];
  const sorted = [...events].sort((a, b) => a.at - b.at);
  for (const e of sorted) {
    const open = out.at(-1);
    if (e.kind === 'subscribe') {
      if (open && open.end === null) {
        throw new Error('fee rules: subscribed twice without a cancellation between');
      }
      out.push({ start: e.at, end: null });
    } else {
      if (!open || open.end !== null) {
        throw new Error('fee rules: a cancellation without a subscription');
      }
      open.end = e.at;
    }
  }
  return out;
}

const dayOf = (month: string, day: number) => `${month}-${String(day).padStart(2, '0')}`;

/** Cancelled within 72 hours of subscribing (71:59:59 is within; 72:00:00 is not). */
const freeCancel = (p: Period) => p.end !== null && p.end - p.start < FREE_CANCEL_MS;

/** Whether `month` ('YYYY-MM') owes the fee, given the number's whole history with the service. */
export function feeForMonth(events: readonly SubscriptionEvent[], month: string, timeZone: string): MonthFee {
  if (!MONTH.test(month)) {
    throw new Error(`fee rules: not a month: ${month}`);
  }
  const { start: monthStart, end: monthEnd } = monthBounds(month, timeZone);
  const day21 = startOfBusinessDay(dayOf(month, 21), timeZone);
  const day24 = startOfBusinessDay(dayOf(month, 24), timeZone);
  const all = periods(events);
  let rule: FeeRule = 'not_subscribed';

  // Subscribed before the month began and still subscribed when it began.
  const carried = all.find((p) => p.start < monthStart && (p.end === null || p.end > monthStart));
  if (carried) {
    if (!freeCancel(carried)) {
      return { month, due: true, rule: 'monthly', dueAt: Math.max(monthStart, carried.start + FREE_CANCEL_MS) };
    }
    rule = 'free_cancel_72h';
  }
  const inMonth = all.filter((p) => p.start >= monthStart && p.start < monthEnd);
  for (const [i, p] of inMonth.entries()) {
    const again = i > 0 || carried !== undefined;
    if (again && p.start < day24) {
      return { month, due: true, rule: 'resubscribe', dueAt: p.start };
    }
    if (p.start >= day21) {
      rule = 'after_20th';
      continue;
    }
    if (freeCancel(p)) {
      rule = 'free_cancel_72h';
      continue;
    }
    return { month, due: true, rule: 'first_of_month', dueAt: p.start + FREE_CANCEL_MS };
  }
  return { month, due: false, rule, dueAt: null };
}
