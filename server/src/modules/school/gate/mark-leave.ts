/**
 * The head teacher (or the school) marks a student on leave for a day, before that day's
 * cut-off: no absence notice goes to the guardians, and the class list shows 请假.
 */
import { atBusinessTime, startOfBusinessDay } from '../../../platform/business-time';
import type { SchoolDeps } from '../deps';
import { getSettings, today } from '../settings';
import { GateErrors } from './gate.errors';
import * as repo from './gate.repo';

export function checkDay(day: string): string {
  try {
    startOfBusinessDay(day, 'UTC');
  } catch {
    throw GateErrors.DAY_INVALID({ day });
  }
  return day;
}

async function guardOpen(deps: SchoolDeps, schoolId: string, day: string): Promise<void> {
  const now = today(deps);
  if (day < now) {
    throw GateErrors.LEAVE_TOO_LATE({ day }, '不能为已经过去的日子登记或取消请假');
  }
  if (day === now) {
    const s = await getSettings(deps, schoolId);
    if (deps.clock.now() >= atBusinessTime(day, s.arriveCutoff, deps.timeZone) || (await repo.getCutoff(deps.db, schoolId, day))) {
      throw GateErrors.LEAVE_TOO_LATE({ day, cutoff: s.arriveCutoff }, `今天 ${s.arriveCutoff} 的到校截止时间已过，缺勤通知已处理，不能再登记或取消今天的请假`);
    }
  }
}

export interface LeaveView { studentId: string; day: string; reason: string; markedBy: string; markedAt: number }

export async function markLeave(deps: SchoolDeps, o: { studentId: string; day: string; reason: string; by: string }): Promise<LeaveView> {
  const day = checkDay(o.day);
  const reason = (o.reason ?? '').trim();
  if (reason.length < 1 || reason.length > 40) {
    throw GateErrors.LEAVE_INVALID({ field: 'reason' }, '请假原因为 1 到 40 个字');
  }
  const student = await deps.org.getStudent(o.studentId);
  await guardOpen(deps, student.schoolId, day);
  const row = { student_id: student.id, day, school_id: student.schoolId, reason, marked_by: o.by, marked_at: deps.clock.now() };
  await repo.upsertLeave(deps.db, row);
  return { studentId: row.student_id, day, reason, markedBy: row.marked_by, markedAt: row.marked_at };
}

export async function cancelLeave(deps: SchoolDeps, o: { studentId: string; day: string }): Promise<void> {
  const day = checkDay(o.day);
  const student = await deps.org.getStudent(o.studentId);
  await guardOpen(deps, student.schoolId, day);
  if (!(await repo.deleteLeave(deps.db, student.id, day))) {
    throw GateErrors.LEAVE_NOT_FOUND({ day });
  }
}
