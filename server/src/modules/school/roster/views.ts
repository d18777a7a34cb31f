/** What the roster part returns: camelCase, parsed JSON, never a raw row. */
import type { StudentLine, TeacherLine } from './lines';
import type { PlanSummary, RowStatus } from './plan';
import type { ImportLineRow, ImportRow, ImportStatus } from './roster.repo';

export interface RosterImport {
  id: string;
  schoolId: string;
  fileName: string;
  sha256: string;
  status: ImportStatus;
  summary: PlanSummary;
  /** What the apply wrote (null until applied). */
  result: ApplyResult | null;
  error: string | null;
  progress: { done: number; total: number };
  createdBy: string;
  createdAt: number;
  appliedBy: string | null;
  appliedAt: number | null;
}

export interface ApplyResult { classesCreated: number; studentsCreated: number; studentsUpdated: number; guardianGrants: number; teacherGrants: number; headTeachers: number; peopleCreated: number; unchanged: number; skippedErrors: number }

export interface ImportLine { kind: 'student' | 'teacher'; rowNo: number; status: RowStatus; values: Record<string, string>; notes: string[] }

export function importView(r: ImportRow): RosterImport {
  return {
    id: r.id,
    schoolId: r.school_id,
    fileName: r.file_name,
    sha256: r.sha256,
    status: r.status,
    summary: JSON.parse(r.summary) as PlanSummary,
    result: r.result === null ? null : (JSON.parse(r.result) as ApplyResult),
    error: r.error,
    progress: { done: Number(r.progress_done), total: Number(r.progress_total) },
    createdBy: r.created_by,
    createdAt: Number(r.created_at),
    appliedBy: r.applied_by,
    appliedAt: r.applied_at === null ? null : Number(r.applied_at),
  };
}

/** A stored row as the preview table shows it: the columns of the template. */
export function lineView(r: ImportLineRow): ImportLine {
  const values: Record<string, string> = {};
  if (r.kind === 'student') {
    const { line } = JSON.parse(r.data) as { line: StudentLine };
    Object.assign(values, {
      年级: line.grade === null ? '' : String(line.grade),
      班级: line.className,
      学籍号: line.studentNo,
      学生姓名: line.name,
      卡号: line.cardNo ?? '',
      家长: r.status === 'error' ? (line.guardianText ?? '') : line.guardians.map((x) => `${x.name} ${x.phone}${x.relation ? `（${x.relation}）` : ''}`).join('；'),
    });
  } else {
    const { line } = JSON.parse(r.data) as { line: TeacherLine };
    Object.assign(values, { 教师姓名: line.name, 手机: line.phone, 班级: line.className, 科目: line.subjects ?? '', 是否班主任: line.head ? '是' : '否' });
  }
  return { kind: r.kind, rowNo: Number(r.row_no), status: r.status, values, notes: JSON.parse(r.notes) as string[] };
}
