import type { SchoolDeps } from '../deps';
import { getImport } from './get-import';
import type { StudentLine, TeacherLine, Checked } from './lines';
import { planImport, type Plan } from './plan';
import * as repo from './roster.repo';
import { RosterErrors } from './roster.errors';

/** A preview can be applied for a day; after that the roster has likely moved on. */
export const PREVIEW_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Claims a previewed import for applying (one apply at a time; an applied or expired import
 * is refused) and compares its rows with the roster as it is now.
 */
export async function startApply(deps: SchoolDeps, o: { schoolId: string; importId: string; by: string }): Promise<{ students: Checked<StudentLine>[]; teachers: Checked<TeacherLine>[] }> {
  const imp = await getImport(deps, o.schoolId, o.importId);
  const now = deps.clock.now();
  if (imp.status === 'applying') {
    throw RosterErrors.ROSTER_IMPORT_BUSY({ id: o.importId });
  }
  if (imp.status === 'previewed' && now - imp.createdAt > PREVIEW_TTL_MS) {
    await repo.moveStatus(deps.db, o.importId, 'previewed', { status: 'expired', updated_at: now });
    throw RosterErrors.ROSTER_IMPORT_CLOSED({ id: o.importId, status: 'expired' }, '预览已超过 24 小时，请重新上传文件');
  }
  if (imp.status !== 'previewed' || !(await repo.moveStatus(deps.db, o.importId, 'previewed', { status: 'applying', applied_by: o.by, error: null, progress_done: 0, updated_at: now }))) {
    throw RosterErrors.ROSTER_IMPORT_CLOSED({ id: o.importId, status: imp.status });
  }
  const lines = await repo.allLines(deps.db, o.importId);
  const students: Checked<StudentLine>[] = [];
  const teachers: Checked<TeacherLine>[] = [];
  for (const l of lines) {
    const d = JSON.parse(l.data) as Checked<never>;
    (l.kind === 'student' ? students : teachers).push(d);
  }
  return { students, teachers };
}

/** The comparison with the roster as it is now (run again after classes were created). */
export function replan(deps: SchoolDeps, schoolId: string, c: { students: Checked<StudentLine>[]; teachers: Checked<TeacherLine>[] }): Promise<Plan> {
  return planImport(deps, schoolId, c.students, c.teachers);
}
