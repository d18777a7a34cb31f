/** Small input checks shared by classwork's use-cases. */
import type { ClassworkErrors } from './classwork.errors';

export const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function isDay(s: string): boolean {
  if (!DAY.test(s)) {
    return false;
  }
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export function text(v: string | undefined, o: { field: string; label: string; max: number; error: typeof ClassworkErrors.HOMEWORK_INVALID; optional?: boolean }): string {
  const s = (v ?? '').trim();
  if (s === '' && !o.optional) {
    throw o.error({ field: o.field }, `请填写${o.label}`);
  }
  if (s.length > o.max) {
    throw o.error({ field: o.field }, `${o.label}最多 ${o.max} 个字`);
  }
  return s;
}

/** A subject's name: 1 to 10 characters (语文, 数学, 道德与法治). */
export function subject(v: string | undefined, error: typeof ClassworkErrors.HOMEWORK_INVALID, field = 'subject'): string {
  return text(v, { field, label: '科目', max: 10, error });
}
