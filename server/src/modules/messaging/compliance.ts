/**
 * The compliance rules, as one pure function, checked when a message is queued and again
 * right before it is sent (an opt-out may arrive in between). See docs/messaging.md.
 *
 * - Opt-out: a number that opted out of the message's service, or of everything ('*'), gets
 *   no notice, service or marketing message of it. Verification codes are asked for by the
 *   user and are never blocked by an opt-out; nor is the reply confirming an opt-out.
 * - Quiet hours: a class with a window (by default marketing, 08:00–22:00 business time) is
 *   held until the window opens, not dropped.
 * - Caps: per recipient and class, at most `limit` messages in any `windowMs` (the ones
 *   already queued or sent count; blocked ones don't).
 */
import { businessDate, startOfBusinessDay } from '../../platform/business-time';
import { formatMinuteOfDay, type SmsCap, type SmsClass, type SmsConfig } from '../../platform/config-sms';

export type ComplianceVerdict =
  | { kind: 'ok' }
  | { kind: 'blocked'; reason: 'opted_out' | 'capped'; detail: string }
  | { kind: 'defer'; until: number; detail: string };

export interface ComplianceInput {
  class: SmsClass;
  /** A reply to the recipient's own MO (the opt-out confirmation, help text). */
  isReply: boolean;
  optedOut: { service: boolean; global: boolean };
  /** For each cap of the class, how many messages the recipient got in its window. */
  recent: { cap: SmsCap; count: number }[];
  now: number;
  timeZone: string;
  quietHours: SmsConfig['quietHours'];
}

function minuteOfDay(now: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

/** The next instant at or after `now` inside [from, to) minutes of the business day. */
export function nextWindowOpening(now: number, timeZone: string, w: { from: number; to: number }): number {
  const m = minuteOfDay(now, timeZone);
  if (m >= w.from && m < w.to) {
    return now;
  }
  const today = startOfBusinessDay(businessDate(now, timeZone), timeZone);
  if (m < w.from) {
    return today + w.from * 60_000;
  }
  const tomorrow = startOfBusinessDay(businessDate(today + 36 * 3_600_000, timeZone), timeZone);
  return tomorrow + w.from * 60_000;
}

export function checkCompliance(input: ComplianceInput): ComplianceVerdict {
  if (input.class !== 'verification' && !input.isReply && (input.optedOut.service || input.optedOut.global)) {
    return { kind: 'blocked', reason: 'opted_out', detail: input.optedOut.global ? '该号码已退订全部短信' : '该号码已退订此项服务的短信' };
  }
  for (const { cap, count } of input.recent) {
    if (count >= cap.limit) {
      return { kind: 'blocked', reason: 'capped', detail: `超过发送频率上限：每 ${describeWindow(cap.windowMs)}最多 ${cap.limit} 条` };
    }
  }
  const w = input.quietHours[input.class];
  if (w && !input.isReply) {
    const until = nextWindowOpening(input.now, input.timeZone, w);
    if (until > input.now) {
      return { kind: 'defer', until, detail: `此类短信只在 ${formatMinuteOfDay(w.from)}–${formatMinuteOfDay(w.to)} 发送，已顺延` };
    }
  }
  return { kind: 'ok' };
}

function describeWindow(ms: number): string {
  if (ms % 86_400_000 === 0) {
    return `${ms / 86_400_000} 天`;
  }
  if (ms % 3_600_000 === 0) {
    return `${ms / 3_600_000} 小时`;
  }
  if (ms % 60_000 === 0) {
    return `${ms / 60_000} 分钟`;
  }
  return `${ms / 1000} 秒`;
}
