/** A class's timetable: weekday 1–7 (Monday = 1) × period 1–10, one subject per slot. */
import type { SchoolDeps } from '../deps';
import * as repo from './classwork.repo';

export interface Slot { weekday: number; period: number; subject: string; teacherId: string | null; teacherName: string | null }
export interface Timetable {
  classId: string;
  slots: Slot[];
  /** The class's teachers (for the console's teacher picker), with their subjects. */
  teachers: { userId: string; name: string; subjects: string | null }[];
  updatedAt: number | null;
}

export const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'] as const;

export async function getTimetable(deps: SchoolDeps, classId: string): Promise<Timetable> {
  const rows = await repo.timetableOf(deps.db, classId);
  const holders = await deps.identity.holdersOf({ role: 'teacher', tenantType: 'class', tenantIds: [classId] });
  const teachers = new Map(holders.map((h) => [h.userId, h.name]));
  return {
    classId,
    slots: rows.map((r) => ({ weekday: r.weekday, period: r.period, subject: r.subject, teacherId: r.teacher_id, teacherName: r.teacher_id ? (teachers.get(r.teacher_id) ?? null) : null })),
    teachers: holders.map((h) => ({ userId: h.userId, name: h.name, subjects: h.label })),
    updatedAt: rows.length ? Math.max(...rows.map((r) => r.updated_at)) : null,
  };
}
