/**
 * The rules of a note that need no database: when it may go out (the school's quiet hours,
 * urgent notes, a scheduled time) and each family's own text ({name}, {result}).
 */
import { addDays, atBusinessTime, businessDate, businessTimeOfDay } from '../../../platform/business-time';
import type { NoteType } from './notes.repo';

export const NOTE_TYPES: Record<NoteType, string> = {
  performance: '课堂表现',
  homework: '作业',
  conduct: '操行评语',
  result: '考试成绩',
  status: '近期状况',
  notice: '通知',
};

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether an instant falls in the quiet window [from, until) (local, may wrap midnight). */
export function inQuietHours(instant: number, q: { quietFrom: string; quietUntil: string }, timeZone: string): boolean {
  const m = minutesOf(businessTimeOfDay(instant, timeZone));
  const from = minutesOf(q.quietFrom);
  const until = minutesOf(q.quietUntil);
  if (from === until) {
    return false;
  }
  return from < until ? m >= from && m < until : m >= from || m < until;
}

/** The next instant the quiet window ends (local `quietUntil`) at or after `instant`. */
export function nextQuietEnd(instant: number, q: { quietUntil: string }, timeZone: string): number {
  const day = businessDate(instant, timeZone);
  const today = atBusinessTime(day, q.quietUntil, timeZone);
  return today >= instant ? today : atBusinessTime(addDays(day, 1), q.quietUntil, timeZone);
}

/**
 * When a note goes out: at `sendAt` if scheduled, else now; a time inside the school's quiet
 * hours moves to their end unless the note is urgent.
 */
export function deliverTime(o: { now: number; sendAt?: number; urgent: boolean; quietFrom: string; quietUntil: string; timeZone: string }): number {
  const at = Math.max(o.sendAt ?? o.now, o.now);
  if (o.urgent || !inQuietHours(at, o, o.timeZone)) {
    return at;
  }
  return nextQuietEnd(at, o, o.timeZone);
}

/** A family's own text: {name} is the child's name, {result} the child's own line. */
export function personalise(text: string, studentName: string, result: string | undefined): string {
  return text.replaceAll('{name}', studentName).replaceAll('{result}', result ?? '');
}

/** A signature must be 2 to 18 characters without 【】; a school name that is not falls back. */
export function signatureOf(schoolName: string): string | undefined {
  const s = schoolName.trim();
  return s.length >= 2 && s.length <= 18 && !/[【】]/.test(s) ? s : undefined;
}
