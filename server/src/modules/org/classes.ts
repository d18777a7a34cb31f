import { newId } from '../../platform/ids';
import type { OrgDeps } from './deps';
import { OrgErrors } from './org.errors';
import * as repo from './org.repo';
import { checkName } from './validate';
import { classViews, type SchoolClass } from './views';

export interface ClassInput { schoolId: string; grade: number; name: string }

export async function createClass(deps: OrgDeps, o: ClassInput): Promise<SchoolClass> {
  if (!Number.isInteger(o.grade) || o.grade < 1 || o.grade > 12) {
    throw OrgErrors.ORG_INVALID({ field: 'grade' }, '年级为 1 到 12');
  }
  const now = deps.clock.now();
  const row: repo.ClassRow = { id: newId(now), school_id: o.schoolId, grade: o.grade, name: checkName(o.name, 'name', 20), head_teacher_id: null, created_at: now, updated_at: now };
  if (!(await repo.findById(deps.db, 'schools', o.schoolId))) {
    throw OrgErrors.SCHOOL_NOT_FOUND({ id: o.schoolId });
  }
  if (!(await repo.insertRow(deps.db, 'classes', row))) {
    throw OrgErrors.CLASS_NAME_TAKEN({ name: row.name });
  }
  return (await classViews(deps.db, [row]))[0]!;
}

export async function getClass(deps: OrgDeps, id: string): Promise<SchoolClass> {
  const r = await repo.findById(deps.db, 'classes', id);
  if (!r) {
    throw OrgErrors.CLASS_NOT_FOUND({ id });
  }
  return (await classViews(deps.db, [r]))[0]!;
}

export async function listClasses(deps: OrgDeps, v: repo.Visibility, f: repo.ListFilter & { schoolId?: string }): Promise<{ items: SchoolClass[]; total: number }> {
  const { rows, total } = await repo.listRows(deps.db, 'classes', v, { ...f, parentId: f.schoolId });
  return { items: await classViews(deps.db, rows), total };
}

/** Sets (or clears) a class's head teacher: one per class. Whether the person teaches there is the caller's flow to check. */
export async function setHeadTeacher(deps: OrgDeps, classId: string, userId: string | null): Promise<SchoolClass> {
  if (!(await repo.updateRow(deps.db, 'classes', classId, { head_teacher_id: userId, updated_at: deps.clock.now() }))) {
    throw OrgErrors.CLASS_NOT_FOUND({ id: classId });
  }
  return getClass(deps, classId);
}
