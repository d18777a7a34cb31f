/** Replaces a class's whole timetable (the console edits the grid and saves it). */
import type { SchoolDeps } from '../deps';
import { ClassworkErrors } from './classwork.errors';
import * as repo from './classwork.repo';
import { subject } from './check';
import { getTimetable, WEEKDAYS, type Timetable } from './timetable';

export interface SetTimetableOptions {
  classId: string;
  slots: { weekday: number; period: number; subject: string; teacherId?: string | null }[];
  by: string;
}

export async function setTimetable(deps: SchoolDeps, o: SetTimetableOptions): Promise<Timetable> {
  const E = ClassworkErrors.TIMETABLE_INVALID;
  if (o.slots.length > 70) {
    throw E({ field: 'slots' }, '课表最多 70 节（每周 7 天 × 每天 10 节）');
  }
  const teachers = new Set((await deps.identity.holdersOf({ role: 'teacher', tenantType: 'class', tenantIds: [o.classId] })).map((h) => h.userId));
  const seen = new Set<string>();
  const now = deps.clock.now();
  const rows: repo.TimetableRow[] = o.slots.map((s, i) => {
    if (!Number.isInteger(s.weekday) || s.weekday < 1 || s.weekday > 7) {
      throw E({ field: `slots[${i}].weekday` }, '星期应为 1（周一）到 7（周日）');
    }
    if (!Number.isInteger(s.period) || s.period < 1 || s.period > 10) {
      throw E({ field: `slots[${i}].period` }, '节次应为第 1 到第 10 节');
    }
    const at = `${s.weekday}-${s.period}`;
    if (seen.has(at)) {
      throw E({ field: `slots[${i}]`, weekday: s.weekday, period: s.period }, `周${WEEKDAYS[s.weekday - 1]}第 ${s.period} 节排了两门课`);
    }
    seen.add(at);
    const teacherId = s.teacherId ?? null;
    if (teacherId !== null && !teachers.has(teacherId)) {
      throw E({ field: `slots[${i}].teacherId` }, `周${WEEKDAYS[s.weekday - 1]}第 ${s.period} 节的任课老师不是本班老师`);
    }
    return { class_id: o.classId, weekday: s.weekday, period: s.period, subject: subject(s.subject, E, `slots[${i}].subject`), teacher_id: teacherId, updated_by: o.by, updated_at: now };
  });
  await deps.database.transaction(async (trx) => repo.replaceTimetable(trx, o.classId, rows));
  return getTimetable(deps, o.classId);
}
