/**
 * Results typed into the console's table (or read from an Excel file): every cell is checked
 * first; one bad cell names its student and subject and nothing is written.
 */
import type { SchoolDeps } from '../deps';
import { ClassworkErrors } from './classwork.errors';
import * as repo from './classwork.repo';
import { examOfClass, resultsSheet, studentsOf, type ResultsSheet } from './exams';
import { parseResult } from './scores';

export interface ResultCell { studentId: string; subject: string; value: string }

export interface CellProblem { row: number; studentNo?: string; name?: string; subject?: string; message: string }

export async function enterResults(deps: SchoolDeps, o: { classId: string; examId: string; cells: ResultCell[]; by: string }): Promise<ResultsSheet> {
  const e = await examOfClass(deps, o.classId, o.examId);
  if (o.cells.length === 0) {
    throw ClassworkErrors.RESULTS_INVALID({ field: 'cells' }, '没有要保存的成绩');
  }
  const students = new Map((await studentsOf(deps, o.classId)).map((s) => [s.id, s]));
  const subjects = e.subjects.split('、');
  const problems: CellProblem[] = [];
  const write: repo.ResultRow[] = [];
  const clear: { exam_id: string; student_id: string; subject: string }[] = [];
  const now = deps.clock.now();
  o.cells.forEach((c, i) => {
    const s = students.get(c.studentId);
    if (!s) {
      problems.push({ row: i + 1, message: '学生不在本班' });
      return;
    }
    if (!subjects.includes(c.subject)) {
      problems.push({ row: i + 1, studentNo: s.studentNo, name: s.name, subject: c.subject, message: `本次考试没有“${c.subject}”这门科目` });
      return;
    }
    const p = parseResult(c.value, e.full_marks);
    if (!p.ok) {
      problems.push({ row: i + 1, studentNo: s.studentNo, name: s.name, subject: c.subject, message: p.message });
      return;
    }
    if (p.value === null) {
      clear.push({ exam_id: e.id, student_id: s.id, subject: c.subject });
    } else {
      write.push({ exam_id: e.id, student_id: s.id, subject: c.subject, score_tenths: p.value.scoreTenths, grade: p.value.grade, updated_by: o.by, updated_at: now });
    }
  });
  if (problems.length > 0) {
    throw ClassworkErrors.RESULTS_INVALID(
      { field: 'cells', problems: problems.slice(0, 50), problemCount: problems.length },
      `有 ${problems.length} 个成绩不正确，未保存任何成绩：${problems.slice(0, 3).map((p) => `${p.name ?? `第 ${p.row} 项`}${p.subject ? ` ${p.subject}` : ''}：${p.message}`).join('；')}`,
    );
  }
  await deps.database.transaction(async (trx) => repo.upsertResults(trx, write, clear));
  return resultsSheet(deps, { classId: o.classId, examId: e.id });
}
