import { newId } from '../../platform/ids';
import type { OrgDeps } from './deps';
import { OrgErrors } from './org.errors';
import * as repo from './org.repo';
import { checkCode, checkName, optionalText } from './validate';
import { schoolViews, type School } from './views';

export interface SchoolInput { agencyId?: string | null; code: string; name: string; district?: string | null }
export interface SchoolPatch { name?: string; district?: string | null; status?: repo.OrgStatus }

export async function createSchool(deps: OrgDeps, o: SchoolInput): Promise<School> {
  const now = deps.clock.now();
  const row: repo.SchoolRow = {
    id: newId(now),
    agency_id: o.agencyId ?? null,
    code: checkCode(o.code),
    name: checkName(o.name),
    district: optionalText(o.district, 'district'),
    status: 'active',
    created_at: now,
    updated_at: now,
  };
  if (row.agency_id !== null && !(await repo.findById(deps.db, 'agencies', row.agency_id))) {
    throw OrgErrors.AGENCY_NOT_FOUND({ id: row.agency_id });
  }
  if (!(await repo.insertRow(deps.db, 'schools', row))) {
    throw OrgErrors.ORG_CODE_TAKEN({ code: row.code });
  }
  return (await schoolViews(deps.db, [row]))[0]!;
}

export async function updateSchool(deps: OrgDeps, id: string, p: SchoolPatch): Promise<School> {
  const set: Partial<repo.SchoolRow> = { updated_at: deps.clock.now() };
  if (p.name !== undefined) {
    set.name = checkName(p.name);
  }
  if (p.district !== undefined) {
    set.district = optionalText(p.district, 'district');
  }
  if (p.status !== undefined) {
    set.status = p.status;
  }
  if (!(await repo.updateRow(deps.db, 'schools', id, set))) {
    throw OrgErrors.SCHOOL_NOT_FOUND({ id });
  }
  return getSchool(deps, id);
}

export async function getSchool(deps: OrgDeps, id: string): Promise<School> {
  const r = await repo.findById(deps.db, 'schools', id);
  if (!r) {
    throw OrgErrors.SCHOOL_NOT_FOUND({ id });
  }
  return (await schoolViews(deps.db, [r]))[0]!;
}

export async function listSchools(deps: OrgDeps, v: repo.Visibility, f: repo.ListFilter): Promise<{ items: School[]; total: number }> {
  const { rows, total } = await repo.listRows(deps.db, 'schools', v, f);
  return { items: await schoolViews(deps.db, rows), total };
}
