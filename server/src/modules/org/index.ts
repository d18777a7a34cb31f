/**
 * The tenant tree: agencies, their outlets and schools, classes and students. Roles are held
 * in these tenants (identity's user_roles); `scopeOf` tells can() where a resource sits, and
 * lists show only what the caller's grants reach. The front door of the module.
 * School rosters (import, guardians' details, calendars) grow here in the school issue.
 */
import type { RoleGrant } from '../identity';
import { createAgency, getAgency, listAgencies, type AgencyInput } from './agencies';
import { createClass, getClass, listClasses, setHeadTeacher, type ClassInput } from './classes';
import type { OrgDeps } from './deps';
import * as repo from './org.repo';
import type { ListFilter } from './org.repo';
import { createOutlet, getOutlet, listOutlets, type OutletInput } from './outlets';
import { createSchool, getSchool, listSchools, updateSchool, type SchoolInput, type SchoolPatch } from './schools';
import { scopeOf, tenantNames, type TenantKind } from './scope';
import { createStudent, getStudent, listStudents, setStudentLimits, updateStudent, type StudentInput } from './students';
import { importStudents, studentsOfSchool, type StudentsImport } from './import-students';
import { visibilityOf } from './visibility';
import { classViews, rosterEntry } from './views';

export { OrgErrors } from './org.errors';
export type { Agency, Outlet, School, SchoolClass, Student, RosterEntry } from './views';
export { CARD_NO } from './students';
export type { TenantKind } from './scope';
export type { SchoolStudent, StudentsImport } from './import-students';
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
    updateStudent: (id: string, p: Parameters<typeof updateStudent>[2]) => updateStudent(deps, id, p),
    setHeadTeacher: (classId: string, userId: string | null) => setHeadTeacher(deps, classId, userId),

    // Bulk reads for school messaging (notes to a whole school, gate swipes, attendance).
    /** Active students of a school, of some classes, or by id; compact, ordered by class and 学籍号. */
    roster: async (f: { schoolId?: string; classIds?: readonly string[]; studentIds?: readonly string[] }) => (await repo.rosterRows(deps.db, f)).map(rosterEntry),
    studentByCard: async (schoolId: string, cardNo: string) => {
      const r = await repo.findStudentByCard(deps.db, schoolId, cardNo.trim().toUpperCase());
      return r && r.status === 'active' ? rosterEntry(r) : null;
    },
    // In bulk, for roster imports (flows/roster-import.flow.ts).
    /** Every student of a school, those who left included. */
    studentsOfSchool: (schoolId: string) => studentsOfSchool(deps, schoolId),
    /** Creates and changes many students of one school in one transaction; ids of the created by 学籍号. */
    importStudents: (o: StudentsImport) => importStudents(deps, o),
    /** Classes of a school, by id, or those a person is head teacher of. */
    classes: async (f: { schoolId?: string; ids?: readonly string[]; headTeacherId?: string }) => classViews(deps.db, await repo.classRows(deps.db, f)),
  };
}

export type OrgModule = ReturnType<typeof orgModule>;
