/**
 * What a family sees of one child in the portal: the class's timetable, homework due from
 * a few days ago on, and the child's OWN results in published exams. Nothing here reads
 * another student's result; no rank, no class average.
 */
import { addDays } from './days';
import type { SchoolDeps } from '../deps';
import { OrgErrors } from '../../org';
import * as repo from './classwork.repo';
import { homeworkViews, schoolToday, type Homework } from './homework';
import { formatResult } from './scores';
import { getTimetable, type Timetable } from './timetable';

export interface ChildResult { examId: string; name: string; day: string; publishedAt: number; results: { subject: string; result: string }[] }

export interface StudentClasswork {
  student: { id: string; name: string; classId: string; className: string };
  today: string;
  timetable: Timetable;
  homework: Homework[];
  results: ChildResult[];
}

export async function studentClasswork(deps: SchoolDeps, studentId: string): Promise<StudentClasswork> {
  const s = (await deps.org.roster({ studentIds: [studentId] }))[0];
  if (!s) {
    throw OrgErrors.STUDENT_NOT_FOUND({ studentId });
  }
  const today = schoolToday(deps);
  const [c, timetable, hw, exams] = await Promise.all([
    deps.org.classes({ ids: [s.classId] }),
    getTimetable(deps, s.classId),
    repo.homeworkOf(deps.db, s.classId, { fromDue: addDays(today, -3), limit: 30 }),
    repo.examsOf(deps.db, s.classId, { publishedOnly: true, limit: 20 }),
  ]);
  const mine = await repo.resultsOfStudent(deps.db, s.id, exams.map((e) => e.id));
  const results = exams
    .map((e) => {
      const subjects = e.subjects.split('、');
      const rows = mine.filter((r) => r.exam_id === e.id).sort((a, b) => subjects.indexOf(a.subject) - subjects.indexOf(b.subject));
      return { examId: e.id, name: e.name, day: e.day, publishedAt: e.published_at!, results: rows.map((r) => ({ subject: r.subject, result: formatResult(r) })) };
    })
    .filter((x) => x.results.length > 0);
  return {
    student: { id: s.id, name: s.name, classId: s.classId, className: c[0]?.name ?? '' },
    today,
    timetable,
    homework: (await homeworkViews(deps, hw)).sort((a, b) => a.dueDay.localeCompare(b.dueDay)),
    results,
  };
}
