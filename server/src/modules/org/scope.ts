/**
 * Where a resource sits in the tenant tree, for can(): every tenant above it. A resource
 * that does not exist is NOT_FOUND (so routes answer 404 before they answer 403).
 */
import type { Resource } from '../identity';
import type { OrgDeps } from './deps';
import { OrgErrors } from './org.errors';
import * as repo from './org.repo';

export type TenantKind = 'agency' | 'outlet' | 'school' | 'class' | 'student';

function opt(id: string | null): string | undefined {
  return id ?? undefined;
}

export async function scopeOf(deps: OrgDeps, kind: TenantKind, id: string): Promise<Resource> {
  switch (kind) {
    case 'agency': {
      const a = await repo.findById(deps.db, 'agencies', id);
      if (!a) {
        throw OrgErrors.AGENCY_NOT_FOUND({ id });
      }
      return { agencyId: a.id };
    }
    case 'outlet': {
      const o = await repo.findById(deps.db, 'outlets', id);
      if (!o) {
        throw OrgErrors.OUTLET_NOT_FOUND({ id });
      }
      return { agencyId: o.agency_id, outletId: o.id };
    }
    case 'school': {
      const s = await repo.findById(deps.db, 'schools', id);
      if (!s) {
        throw OrgErrors.SCHOOL_NOT_FOUND({ id });
      }
      return { agencyId: opt(s.agency_id), schoolId: s.id };
    }
    case 'class': {
      const c = await repo.findById(deps.db, 'classes', id);
      if (!c) {
        throw OrgErrors.CLASS_NOT_FOUND({ id });
      }
      return { ...(await scopeOf(deps, 'school', c.school_id)), classId: c.id };
    }
    case 'student': {
      const s = await repo.findById(deps.db, 'students', id);
      if (!s) {
        throw OrgErrors.STUDENT_NOT_FOUND({ id });
      }
      return { ...(await scopeOf(deps, 'class', s.class_id)), studentId: s.id };
    }
  }
}

/** The display name of a tenant (for roles shown as 教师 · 三年级(2)班). */
export async function tenantNames(deps: OrgDeps, refs: { tenantType: string; tenantId: string }[]): Promise<Map<string, string>> {
  const tables = { agency: 'agencies', outlet: 'outlets', school: 'schools', class: 'classes', student: 'students' } as const;
  const out = new Map<string, string>();
  for (const [type, table] of Object.entries(tables)) {
    const ids = [...new Set(refs.filter((r) => r.tenantType === type).map((r) => r.tenantId))];
    for (const [id, name] of await repo.namesOf(deps.db, table, ids)) {
      out.set(`${type}:${id}`, name);
    }
  }
  return out;
}
