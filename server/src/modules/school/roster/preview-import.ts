import { createHash } from 'node:crypto';
import { newId } from '../../../platform/ids';
import type { SchoolDeps } from '../deps';
import { checkStudents, checkTeachers, type Checked } from './lines';
import { parseRosterFile } from './parse';
import { planImport, summarize, type PlannedRow } from './plan';
import * as repo from './roster.repo';
import { RosterErrors } from './roster.errors';
import { importView, type RosterImport } from './views';

export interface PreviewOptions { schoolId: string; fileName: string; bytes: Buffer; by: string }

function cleanName(v: string): string {
  const base = v.split(/[\\/]/).pop() ?? '';
  return [...base].filter((ch) => ch.charCodeAt(0) >= 0x20).join('').trim().slice(0, 120) || '名册';
}

function stored<T extends { rowNo: number }>(importId: string, kind: 'student' | 'teacher', start: number, checked: Checked<T>[], planned: PlannedRow<T>[]): repo.ImportLineRow[] {
  return planned.map((p, i) => ({
    import_id: importId,
    seq: start + i,
    kind,
    row_no: p.line.rowNo,
    status: p.status,
    data: JSON.stringify({ line: p.line, errors: checked[i]!.errors }),
    notes: JSON.stringify(p.notes),
  }));
}

/**
 * Reads, checks and compares an uploaded roster with the school's, and keeps the result as a
 * preview: nothing in the roster changes until the preview is applied. A file that cannot be
 * read at all is refused (and nothing is stored); broken rows are errors in the preview.
 */
export async function previewImport(deps: SchoolDeps, o: PreviewOptions): Promise<RosterImport> {
  await deps.org.getSchool(o.schoolId);
  const parsed = await parseRosterFile(o.fileName, o.bytes);
  const students = checkStudents(parsed.students);
  const teachers = checkTeachers(parsed.teachers);
  const plan = await planImport(deps, o.schoolId, students, teachers);
  const summary = summarize(plan);
  const now = deps.clock.now();
  const id = newId(now);
  const row: repo.ImportRow = {
    id,
    school_id: o.schoolId,
    file_name: cleanName(o.fileName),
    sha256: createHash('sha256').update(o.bytes).digest('hex'),
    status: 'previewed',
    summary: JSON.stringify(summary),
    result: null,
    error: null,
    progress_done: 0,
    progress_total: 0,
    created_by: o.by,
    created_at: now,
    applied_by: null,
    applied_at: null,
    updated_at: now,
  };
  const lines = [...stored(id, 'student', 0, students, plan.students), ...stored(id, 'teacher', students.length, teachers, plan.teachers)];
  if (lines.length === 0) {
    throw RosterErrors.ROSTER_FILE_EMPTY();
  }
  await repo.insertImport(deps.db, row, lines);
  deps.log.info({ importId: id, schoolId: o.schoolId, rows: lines.length, students: summary.students, teachers: summary.teachers }, 'roster import previewed');
  return importView(row);
}
