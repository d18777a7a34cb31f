/** Exams of a class and the teacher's results sheet (students × subjects). */
import type { RosterEntry } from '../../org';
import type { SchoolDeps } from '../deps';
import { ClassworkErrors } from './classwork.errors';
import * as repo from './classwork.repo';
import { formatResult } from './scores';

export interface Exam { id: string; classId: string; name: string; subjects: string[]; fullMarks: number; day: string; authorId: string; publishedAt: number | null; noteId: string | null; createdAt: number }

export interface ResultsSheet {
  exam: Exam;
  /** Every active student of the class, by 学籍号, with what was entered per subject ('' when none). */
  rows: { studentId: string; studentNo: string; name: string; results: Record<string, string> }[];
  entered: number;
}

export const SUBJECT_SEP = '、';

export function examView(r: repo.ExamRow): Exam {
  return {
    id: r.id,
    classId: r.class_id,
    name: r.name,
    subjects: r.subjects.split(SUBJECT_SEP),
    fullMarks: r.full_marks,
    day: r.day,
    authorId: r.author_id,
    publishedAt: r.published_at,
    noteId: r.note_id,
    createdAt: r.created_at,
  };
}

/** The exam, if it belongs to this class (a path naming another class's exam is NOT_FOUND). */
export async function examOfClass(deps: SchoolDeps, classId: string, examId: string): Promise<repo.ExamRow> {
  const e = await repo.examById(deps.db, examId);
  if (!e || e.class_id !== classId) {
    throw ClassworkErrors.EXAM_NOT_FOUND({ examId });
  }
  return e;
}

export async function listExams(deps: SchoolDeps, classId: string): Promise<Exam[]> {
  return (await repo.examsOf(deps.db, classId, { limit: 100 })).map(examView);
}

export async function studentsOf(deps: SchoolDeps, classId: string): Promise<RosterEntry[]> {
  return deps.org.roster({ classIds: [classId] });
}

export async function resultsSheet(deps: SchoolDeps, o: { classId: string; examId: string }): Promise<ResultsSheet> {
  const e = await examOfClass(deps, o.classId, o.examId);
  const [students, results] = await Promise.all([studentsOf(deps, o.classId), repo.resultsOfExam(deps.db, e.id)]);
  const byStudent = new Map<string, Record<string, string>>();
  for (const r of results) {
    byStudent.set(r.student_id, { ...byStudent.get(r.student_id), [r.subject]: formatResult(r) });
  }
  const exam = examView(e);
  return {
    exam,
    rows: students.map((s) => ({
      studentId: s.id,
      studentNo: s.studentNo,
      name: s.name,
      results: Object.fromEntries(exam.subjects.map((subj) => [subj, byStudent.get(s.id)?.[subj] ?? ''])),
    })),
    entered: results.length,
  };
}
