/**
 * The tenant tree: agencies, their outlets and schools, classes and students. Roles are held
 * in these tenants (identity's user_roles); `scopeOf` tells can() where a resource sits, and
 * lists show only what the caller's grants reach. The front door of the module.
 * School rosters (import, guardians' details, calendars) grow here in the school issue.
 */
import type { RoleGrant } from '../identity';
import { createAgency, getAgency, listAgencies, type AgencyInput } from './agencies';
import { createClass, getClass, listClasses, type ClassInput } from './classes';
import type { OrgDeps } from './deps';
import * as repo from './org.repo';
import type { ListFilter } from './org.repo';
import { createOutlet, getOutlet, listOutlets, type OutletInput } from './outlets';
import { createSchool, getSchool, listSchools, updateSchool, type SchoolInput, type SchoolPatch } from './schools';
import { scopeOf, tenantNames, type TenantKind } from './scope';
import { createStudent, getStudent, listStudents, setStudentLimits, type StudentInput } from './students';
import { visibilityOf } from './visibility';

export { OrgErrors } from './org.errors';
export type { Agency, Outlet, School, SchoolClass, Student } from './views';
export type { TenantKind } from './scope';
export type { OrgStatus } from './org.repo';

/** Lists take the caller's grants for the action (identity's grantsFor) and a page. */
export interface Listing { grants: readonly RoleGrant[]; q?: string; limit?: number; offset?: number }

function page(l: Listing): { v: ReturnType<typeof visibilityOf>; f: ListFilter } {
  return { v: visibilityOf(l.grants), f: { q: l.q?.trim() || undefined, limit: Math.min(l.limit ?? 50, 200), offset: l.offset ?? 0 } };
}

export function orgModule(deps: OrgDeps) {
  return {
    scopeOf: (kind: TenantKind, id: string) => scopeOf(deps, kind, id),
    tenantNames: (refs: { tenantType: string; tenantId: string }[]) => tenantNames(deps, refs),
    /** Lookups by natural key (imports and the demo: loading twice changes nothing). */
    idByCode: async (kind: 'agency' | 'outlet' | 'school', code: string) =>
      (await repo.findByCode(deps.db, ({ agency: 'agencies', outlet: 'outlets', school: 'schools' } as const)[kind], code.trim().toUpperCase()))?.id ?? null,
    /** Every class of a school (the school's own tenants, for flows that manage its staff). */
    classIdsOf: async (schoolId: string) => repo.classIdsOf(deps.db, schoolId),
    classIdByName: async (schoolId: string, name: string) => (await repo.findClassByName(deps.db, schoolId, name.trim()))?.id ?? null,
    studentIdByNo: async (schoolId: string, studentNo: string) => (await repo.findStudentByNo(deps.db, schoolId, studentNo.trim().toUpperCase()))?.id ?? null,

    createAgency: (o: AgencyInput) => createAgency(deps, o),
    getAgency: (id: string) => getAgency(deps, id),
    listAgencies: (l: Listing) => {
      const { v, f } = page(l);
      return listAgencies(deps, v, f);
    },
    createOutlet: (o: OutletInput) => createOutlet(deps, o),
    getOutlet: (id: string) => getOutlet(deps, id),
    listOutlets: (l: Listing & { agencyId?: string }) => {
      const { v, f } = page(l);
      return listOutlets(deps, v, { ...f, parentId: l.agencyId });
    },
    createSchool: (o: SchoolInput) => createSchool(deps, o),
    updateSchool: (id: string, p: SchoolPatch) => updateSchool(deps, id, p),
    getSchool: (id: string) => getSchool(deps, id),
    listSchools: (l: Listing & { agencyId?: string }) => {
      const { v, f } = page(l);
      return listSchools(deps, v, { ...f, parentId: l.agencyId });
    },
    createClass: (o: ClassInput) => createClass(deps, o),
    getClass: (id: string) => getClass(deps, id),
    listClasses: (l: Listing & { schoolId?: string }) => {
      const { v, f } = page(l);
      return listClasses(deps, v, { ...f, schoolId: l.schoolId });
    },
    createStudent: (o: StudentInput) => createStudent(deps, o),
    getStudent: (id: string) => getStudent(deps, id),
    listStudents: (l: Listing & { classId?: string }) => {
      const { v, f } = page(l);
      return listStudents(deps, v, { ...f, classId: l.classId });
    },
    setStudentLimits: (id: string, o: { daily: number | null; single: number | null; by: string }) => setStudentLimits(deps, id, o),
  };
}

export type OrgModule = ReturnType<typeof orgModule>;
