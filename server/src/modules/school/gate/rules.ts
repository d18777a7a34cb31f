/**
 * The gate part's rules as pure functions (no database): what a swipe does, the safety SMS's
 * words, local times and months, and how a call's seconds become minutes.
 */
import { businessDate } from '../../../platform/business-time';
import type { Direction } from './gate.repo';

export const MINUTE_MS = 60_000;

/** What a recorded swipe did. Only 'texted' and 'late_arrival' send a safety SMS. */
export type SwipeOutcome = 'texted' | 'late_arrival' | 'repeat' | 'late_upload' | 'before_gate_open' | 'unknown_card' | 'no_subscriber';

export const OUTCOME_TITLES: Record<SwipeOutcome, string> = {
  texted: '已发平安短信',
  late_arrival: '迟到，已发短信',
  repeat: '重复刷卡（不重复发短信）',
  late_upload: '补传记录（超时不发短信）',
  before_gate_open: '开门前刷卡（不算到校）',
  unknown_card: '未登记的卡',
  no_subscriber: '家长未开通平安短信',
};

/** The calendar month ('YYYY-MM') of an instant, in the business time zone. */
export function monthOf(instant: number, timeZone: string): string {
  return businessDate(instant, timeZone).slice(0, 7);
}

/** Minutes a call uses: every started minute counts (61 s → 2). */
export function minutesOf(seconds: number): number {
  return Math.ceil(Math.max(0, seconds) / 60);
}

export interface SwipeFacts {
  known: boolean;
  direction: Direction;
  deviceTime: number;
  receivedAt: number;
  /** Local 'HH:MM' of the device time. */
  localTime: string;
  /** A texted swipe of the same card and direction within the dedupe window before it. */
  repeat: boolean;
  /** The day is a school day and the arrival is after the cut-off. */
  afterCutoff: boolean;
  subscribers: number;
}

/**
 * What a swipe does, in this order: an unknown card is only recorded; a swipe uploaded more
 * than `lateUploadMinutes` after it happened is recorded, not texted (a parent told at 11:00
 * that the child arrived at 07:40 learns nothing useful); a swipe before the gate opens is not
 * an arrival (night staff, cleaning); a repeat within `dedupeMinutes` sends nothing new.
 */
export function swipeOutcome(f: SwipeFacts, s: { gateOpen: string; lateUploadMinutes: number }): SwipeOutcome {
  if (!f.known) {
    return 'unknown_card';
  }
  if (f.receivedAt - f.deviceTime > s.lateUploadMinutes * MINUTE_MS) {
    return 'late_upload';
  }
  if (f.localTime < s.gateOpen) {
    return 'before_gate_open';
  }
  if (f.repeat) {
    return 'repeat';
  }
  if (f.subscribers === 0) {
    return 'no_subscriber';
  }
  return f.direction === 'in' && f.afterCutoff ? 'late_arrival' : 'texted';
}

export const sendsSms = (o: SwipeOutcome): boolean => o === 'texted' || o === 'late_arrival';

/** 您的孩子王小兵已于07:42到校。 (the school's name is the signature: 【阳光小学】) */
export function safetyText(o: { studentName: string; time: string; direction: Direction; late: boolean }): string {
  if (o.direction === 'out') {
    return `您的孩子${o.studentName}已于${o.time}离校。`;
  }
  return `您的孩子${o.studentName}已于${o.time}到校${o.late ? '（迟到）' : ''}。`;
}

/** The absence notice at the cut-off. */
export function absenceText(o: { studentName: string; day: string; cutoff: string }): string {
  const [, m, d] = o.day.split('-').map(Number);
  return `您的孩子${o.studentName}今天（${m}月${d}日）截至${o.cutoff}未到校，也未请假，请尽快与班主任联系。`;
}
