/** What the module returns: camelCase, parents' names resolved, never a raw row. */
import type { Db } from '../../platform/db/database';
import * as repo from './org.repo';

export interface Agency { id: string; code: string; name: string; region: string | null; status: repo.OrgStatus; createdAt: number }
export interface Outlet { id: string; agencyId: string; agencyName: string; code: string; name: string; address: string | null; status: repo.OrgStatus; createdAt: number }
export interface School { id: string; agencyId: string | null; agencyName: string | null; code: string; name: string; district: string | null; status: repo.OrgStatus; students: number; createdAt: number }
export interface SchoolClass { id: string; schoolId: string; schoolName: string; grade: number; name: string; headTeacherId: string | null; students: number; createdAt: number }
export interface Student {
  id: string;
  schoolId: string;
  schoolName: string;
  classId: string;
  className: string;
  studentNo: string;
  name: string;
  cardNo: string | null;
  status: 'active' | 'left';
  limits: { daily: number | null; single: number | null; updatedAt: number | null };
  createdAt: number;
}

export function agencyView(r: repo.AgencyRow): Agency {
  return { id: r.id, code: r.code, name: r.name, region: r.region, status: r.status, createdAt: r.created_at };
}

export async function outletViews(db: Db, rows: repo.OutletRow[]): Promise<Outlet[]> {
  const agencies = await repo.namesOf(db, 'agencies', [...new Set(rows.map((r) => r.agency_id))]);
  return rows.map((r) => ({
    id: r.id,
    agencyId: r.agency_id,
    agencyName: agencies.get(r.agency_id) ?? '',
    code: r.code,
    name: r.name,
    address: r.address,
    status: r.status,
    createdAt: r.created_at,
  }));
}

export async function schoolViews(db: Db, rows: repo.SchoolRow[]): Promise<School[]> {
  const agencyIds = [...new Set(rows.flatMap((r) => (r.agency_id ? [r.agency_id] : [])))];
  const [agencies, counts] = await Promise.all([repo.namesOf(db, 'agencies', agencyIds), repo.countStudents(db, 'school_id', rows.map((r) => r.id))]);
  return rows.map((r) => ({
    id: r.id,
    agencyId: r.agency_id,
    agencyName: r.agency_id ? (agencies.get(r.agency_id) ?? null) : null,
    code: r.code,
    name: r.name,
    district: r.district,
    status: r.status,
    students: counts.get(r.id) ?? 0,
    createdAt: r.created_at,
  }));
}

export async function classViews(db: Db, rows: repo.ClassRow[]): Promise<SchoolClass[]> {
  const [schools, counts] = await Promise.all([
    repo.namesOf(db, 'schools', [...new Set(rows.map((r) => r.school_id))]),
    repo.countStudents(db, 'class_id', rows.map((r) => r.id)),
  ]);
  return rows.map((r) => ({
    id: r.id,
    schoolId: r.school_id,
    schoolName: schools.get(r.school_id) ?? '',
    grade: r.grade,
    name: r.name,
    headTeacherId: r.head_teacher_id,
    students: counts.get(r.id) ?? 0,
    createdAt: r.created_at,
  }));
}

export async function studentViews(db: Db, rows: repo.StudentRow[]): Promise<Student[]> {
  const [schools, classes] = await Promise.all([
    repo.namesOf(db, 'schools', [...new Set(rows.map((r) => r.school_id))]),
    repo.namesOf(db, 'classes', [...new Set(rows.map((r) => r.class_id))]),
  ]);
  return rows.map((r) => ({
    id: r.id,
    schoolId: r.school_id,
    schoolName: schools.get(r.school_id) ?? '',
    classId: r.class_id,
    className: classes.get(r.class_id) ?? '',
    studentNo: r.student_no,
    name: r.name,
    cardNo: r.card_no,
    status: r.status,
    limits: { daily: r.daily_limit, single: r.single_limit, updatedAt: r.limits_updated_at },
    createdAt: r.created_at,
  }));
}

/** A student as bulk work needs them (no names of parents resolved). */
export interface RosterEntry { id: string; schoolId: string; classId: string; studentNo: string; name: string; cardNo: string | null }

export function rosterEntry(r: repo.StudentRow): RosterEntry {
  return { id: r.id, schoolId: r.school_id, classId: r.class_id, studentNo: r.student_no, name: r.name, cardNo: r.card_no };
}
