/**
 * Attendance as people read it: a class on a day (the head teacher's list), a school's
 * absentees after the cut-off, and one child's recent days (the parent portal).
 */
import { addDays } from '../../../platform/business-time';
import type { RosterEntry } from '../../org';
import type { SchoolDeps } from '../deps';
import { getSettings, isSchoolDay, schoolDaysBetween, today } from '../settings';
import * as repo from './gate.repo';
import { checkDay } from './mark-leave';
import type { SwipeOutcome } from './rules';

/** present 到校, late 迟到, absent 缺勤 (told at the cut-off), leave 请假, pending 未到（截止前）, no_school 非上课日. */
export type AttendanceStatus = 'present' | 'late' | 'absent' | 'leave' | 'pending' | 'no_school';

export interface SwipeView { id: string; time: number; direction: 'in' | 'out'; gate: string | null; outcome: SwipeOutcome; sms: number }

export interface DayRecord {
  day: string;
  schoolDay: boolean;
  status: AttendanceStatus;
  arrivedAt: number | null;
  leftAt: number | null;
  leaveReason: string | null;
  absentNotifiedAt: number | null;
  /** Safety and absence SMS sent for this child that day. */
  sms: number;
}

export interface StudentDay extends DayRecord {
  studentId: string;
  studentNo: string;
  name: string;
  classId: string;
  cardNo: string | null;
  swipes: SwipeView[];
}

export interface ClassDay {
  day: string;
  schoolDay: boolean;
  cutoff: string;
  /** Whether the day's cut-off ran (absence notices went out). */
  cutoffRan: boolean;
  students: StudentDay[];
}

const ids = (json: string | null): number => (json ? (JSON.parse(json) as string[]).length : 0);

function statusOf(o: { schoolDay: boolean; att?: repo.AttendanceRow; leave?: repo.LeaveRow; pastCutoff: boolean }): AttendanceStatus {
  if (o.att?.first_in !== null && o.att?.first_in !== undefined) {
    return o.att.late ? 'late' : 'present';
  }
  if (o.leave) {
    return 'leave';
  }
  if (!o.schoolDay) {
    return 'no_school';
  }
  if (o.att?.absent_notified_at !== null && o.att?.absent_notified_at !== undefined) {
    return 'absent';
  }
  return o.pastCutoff ? 'absent' : 'pending';
}

async function daysOf(deps: SchoolDeps, o: { schoolId: string; students: RosterEntry[]; day: string }): Promise<ClassDay> {
  const day = checkDay(o.day);
  const settings = await getSettings(deps, o.schoolId);
  const schoolDay = await isSchoolDay(deps, o.schoolId, day);
  const sids = o.students.map((s) => s.id);
  const [att, leaves, swipes, run] = await Promise.all([
    repo.attendanceOf(deps.db, { studentIds: sids, from: day, to: day }),
    repo.leavesOf(deps.db, { studentIds: sids, from: day, to: day }),
    repo.swipesOf(deps.db, { studentIds: sids, from: day, to: day }),
    repo.getCutoff(deps.db, o.schoolId, day),
  ]);
  const pastCutoff = run !== undefined || day < today(deps);
  const attBy = new Map(att.map((a) => [a.student_id, a]));
  const leaveBy = new Map(leaves.map((l) => [l.student_id, l]));
  return {
    day,
    schoolDay,
    cutoff: settings.arriveCutoff,
    cutoffRan: run !== undefined,
    students: o.students.map((s) => {
      const a = attBy.get(s.id);
      const mine = swipes.filter((w) => w.student_id === s.id).map((w) => ({ id: w.id, time: w.device_time, direction: w.direction, gate: w.gate, outcome: w.outcome as SwipeOutcome, sms: ids(w.message_ids) }));
      return {
        studentId: s.id,
        studentNo: s.studentNo,
        name: s.name,
        classId: s.classId,
        cardNo: s.cardNo,
        day,
        schoolDay,
        status: statusOf({ schoolDay, att: a, leave: leaveBy.get(s.id), pastCutoff }),
        arrivedAt: a?.first_in ?? null,
        leftAt: a?.last_out ?? null,
        leaveReason: leaveBy.get(s.id)?.reason ?? null,
        absentNotifiedAt: a?.absent_notified_at ?? null,
        sms: mine.reduce((n, w) => n + w.sms, 0) + ids(a?.absent_message_ids ?? null),
        swipes: mine,
      };
    }),
  };
}

/** A class on a day: each student's arrival, departure, status and SMS, with their swipes. */
export async function classAttendance(deps: SchoolDeps, o: { classId: string; day?: string }): Promise<ClassDay> {
  const klass = await deps.org.getClass(o.classId);
  const students = await deps.org.roster({ classIds: [klass.id] });
  return daysOf(deps, { schoolId: klass.schoolId, students, day: o.day ?? today(deps) });
}

/** A school's absentees on a day (after the cut-off: those told; before: none yet). */
export async function schoolAbsentees(deps: SchoolDeps, o: { schoolId: string; day?: string }): Promise<ClassDay & { classNames: Record<string, string> }> {
  await deps.org.getSchool(o.schoolId);
  const students = await deps.org.roster({ schoolId: o.schoolId });
  const all = await daysOf(deps, { schoolId: o.schoolId, students, day: o.day ?? today(deps) });
  const classes = await deps.org.classes({ schoolId: o.schoolId });
  return { ...all, students: all.students.filter((s) => s.status === 'absent'), classNames: Object.fromEntries(classes.map((c) => [c.id, c.name])) };
}

/** One child's last `days` days (today first): days with a swipe, an absence notice or a leave, and today. */
export async function studentAttendance(deps: SchoolDeps, o: { studentId: string; days?: number }): Promise<DayRecord[]> {
  const student = await deps.org.getStudent(o.studentId);
  const n = Math.min(Math.max(o.days ?? 14, 1), 62);
  const to = today(deps);
  const from = addDays(to, -(n - 1));
  const [att, leaves, swipes, schoolDays] = await Promise.all([
    repo.attendanceOf(deps.db, { studentIds: [student.id], from, to }),
    repo.leavesOf(deps.db, { studentIds: [student.id], from, to }),
    repo.swipesOf(deps.db, { studentIds: [student.id], from, to }),
    schoolDaysBetween(deps, student.schoolId, from, to),
  ]);
  const out: DayRecord[] = [];
  for (let i = 0; i < n; i++) {
    const day = addDays(to, -i);
    const schoolDay = schoolDays.has(day);
    const a = att.find((x) => x.day === day);
    const leave = leaves.find((x) => x.day === day);
    // Days with nothing recorded are left out (before the child's card was in use), except today.
    if (!a && !leave && (day !== to || !schoolDay)) {
      continue;
    }
    out.push({
      day,
      schoolDay,
      status: statusOf({ schoolDay, att: a, leave, pastCutoff: day < to }),
      arrivedAt: a?.first_in ?? null,
      leftAt: a?.last_out ?? null,
      leaveReason: leave?.reason ?? null,
      absentNotifiedAt: a?.absent_notified_at ?? null,
      sms: swipes.filter((w) => w.day === day).reduce((k, w) => k + ids(w.message_ids), 0) + ids(a?.absent_message_ids ?? null),
    });
  }
  return out;
}
