/** A teacher creates an exam of a class (期中考试: 语文、数学、英语 on a day). */
import { newId } from '../../../platform/ids';
import type { SchoolDeps } from '../deps';
import { ClassworkErrors } from './classwork.errors';
import * as repo from './classwork.repo';
import { isDay, subject, text } from './check';
import { examView, SUBJECT_SEP, type Exam } from './exams';

export interface CreateExamOptions { classId: string; name: string; subjects: string[]; day: string; fullMarks?: number; by: string }

export async function createExam(deps: SchoolDeps, o: CreateExamOptions): Promise<Exam> {
  const E = ClassworkErrors.EXAM_INVALID;
  const name = text(o.name, { field: 'name', label: '考试名称', max: 30, error: E });
  const subjects = o.subjects.map((s) => subject(s, E, 'subjects'));
  if (subjects.length === 0 || subjects.length > 12) {
    throw E({ field: 'subjects' }, '科目应为 1 到 12 门');
  }
  if (new Set(subjects).size !== subjects.length) {
    throw E({ field: 'subjects' }, '科目有重复');
  }
  if (subjects.some((s) => s.includes(SUBJECT_SEP))) {
    throw E({ field: 'subjects' }, `科目名称里不能有“${SUBJECT_SEP}”`);
  }
  if (!isDay(o.day)) {
    throw E({ field: 'day' }, '考试日期应为 YYYY-MM-DD');
  }
  const fullMarks = o.fullMarks ?? 100;
  if (!Number.isInteger(fullMarks) || fullMarks < 1 || fullMarks > 300) {
    throw E({ field: 'fullMarks' }, '满分应为 1 到 300 分');
  }
  const now = deps.clock.now();
  const row: repo.ExamRow = {
    id: newId(now),
    class_id: o.classId,
    name,
    subjects: subjects.join(SUBJECT_SEP),
    full_marks: fullMarks,
    day: o.day,
    author_id: o.by,
    published_at: null,
    published_by: null,
    note_id: null,
    created_at: now,
    updated_at: now,
  };
  await repo.insertExam(deps.db, row);
  return examView(row);
}
