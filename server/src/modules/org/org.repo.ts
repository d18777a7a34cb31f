/** Queries on agencies, outlets, schools, classes and students, and nothing else. */
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Db } from '../../platform/db/database';

export type OrgStatus = 'active' | 'suspended';

export interface AgencyRow {
  id: string;
  code: string;
  name: string;
  region: string | null;
  status: OrgStatus;
  created_at: number;
  updated_at: number;
}

export interface OutletRow {
  id: string;
  agency_id: string;
  code: string;
  name: string;
  address: string | null;
  status: OrgStatus;
  created_at: number;
  updated_at: number;
}

export interface SchoolRow {
  id: string;
  agency_id: string | null;
  code: string;
  name: string;
  district: string | null;
  status: OrgStatus;
  created_at: number;
  updated_at: number;
}

export interface ClassRow {
  id: string;
  school_id: string;
  grade: number;
  name: string;
  /** The class's head teacher (班主任), a user id; one per class. */
  head_teacher_id: string | null;
  created_at: number;
  updated_at: number;
}

export interface StudentRow {
  id: string;
  school_id: string;
  class_id: string;
  student_no: string;
  name: string;
  /** The campus card's number (unique within the school); gate readers and phones send it. */
  card_no: string | null;
  status: 'active' | 'left';
  daily_limit: number | null;
  single_limit: number | null;
  limits_updated_by: string | null;
  limits_updated_at: number | null;
  created_at: number;
  updated_at: number;
}

interface Tables {
  agencies: AgencyRow;
  outlets: OutletRow;
  schools: SchoolRow;
  classes: ClassRow;
  students: StudentRow;
}

export type OrgTable = keyof Tables;
type Row<T extends OrgTable> = Tables[T];

const t = (db: Db) => db as Kysely<Tables>;
/** The generic helpers below take the table as a parameter: they use the untyped handle. */
type Untyped = Record<string, Record<string, unknown>>;
type Eb = ExpressionBuilder<Untyped, string>;
const any = (db: Db): Db => db;
/** A table name as a plain string, so the untyped builder does not carry the generic. */
const name = (table: OrgTable): string => table;

/** Which rows of a list a caller may see: everything, or those under the named tenants. */
export interface Visibility {
  all: boolean;
  agencyIds: string[];
  outletIds: string[];
  schoolIds: string[];
  classIds: string[];
  studentIds: string[];
}

/** Inserts unless a unique key is taken; returns whether it was inserted. */
export async function insertRow<T extends OrgTable>(db: Db, table: T, row: Row<T>): Promise<boolean> {
  const res = await any(db).insertInto(name(table)).values(row).onConflict((oc) => oc.doNothing()).executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function updateRow<T extends OrgTable>(db: Db, table: T, id: string, set: Partial<Row<T>>): Promise<boolean> {
  const res = await any(db).updateTable(name(table)).set(set as Record<string, unknown>).where('id', '=', id).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function findById<T extends OrgTable>(db: Db, table: T, id: string): Promise<Row<T> | undefined> {
  return any(db).selectFrom(name(table)).selectAll().where('id', '=', id).executeTakeFirst() as Promise<Row<T> | undefined>;
}

export async function findByCode(db: Db, table: 'agencies' | 'outlets' | 'schools', code: string): Promise<{ id: string } | undefined> {
  return any(db).selectFrom(name(table)).select('id').where('code', '=', code).executeTakeFirst();
}

export async function classIdsOf(db: Db, schoolId: string): Promise<string[]> {
  const rows = await t(db).selectFrom('classes').select('id').where('school_id', '=', schoolId).execute();
  return rows.map((r) => r.id);
}

export async function findClassByName(db: Db, schoolId: string, name: string): Promise<ClassRow | undefined> {
  return t(db).selectFrom('classes').selectAll().where('school_id', '=', schoolId).where('name', '=', name).executeTakeFirst();
}

export async function findStudentByNo(db: Db, schoolId: string, studentNo: string): Promise<StudentRow | undefined> {
  return t(db).selectFrom('students').selectAll().where('school_id', '=', schoolId).where('student_no', '=', studentNo).executeTakeFirst();
}

/** `col in (ids)`, or false for an empty list (SQL has no empty `in`). */
function within(eb: Eb, col: string, ids: string[]) {
  return ids.length === 0 ? eb.lit(false) : eb(col, 'in', ids);
}

export interface ListFilter {
  q?: string;
  parentId?: string;
  limit: number;
  offset: number;
}

const LIST = {
  agencies: { parent: null, order: 'code', search: ['code', 'name'] },
  outlets: { parent: 'agency_id', order: 'code', search: ['code', 'name'] },
  schools: { parent: 'agency_id', order: 'code', search: ['code', 'name'] },
  classes: { parent: 'school_id', order: 'grade', search: ['name'] },
  students: { parent: 'class_id', order: 'student_no', search: ['student_no', 'name'] },
} as const;

/** Rows the visibility allows, filtered and paged, with the total. */
export async function listRows<T extends OrgTable>(db: Db, table: T, v: Visibility, f: ListFilter): Promise<{ rows: Row<T>[]; total: number }> {
  const spec = LIST[table];
  let q = any(db).selectFrom(name(table));
  if (!v.all) {
    q = q.where((eb: Eb) => {
      const ors = [];
      switch (table) {
        case 'agencies':
          ors.push(within(eb, 'id', v.agencyIds));
          break;
        case 'outlets':
          ors.push(within(eb, 'id', v.outletIds), within(eb, 'agency_id', v.agencyIds));
          break;
        case 'schools':
          ors.push(within(eb, 'id', v.schoolIds), within(eb, 'agency_id', v.agencyIds));
          break;
        case 'classes':
          ors.push(within(eb, 'id', v.classIds), within(eb, 'school_id', v.schoolIds));
          break;
        case 'students':
          ors.push(within(eb, 'id', v.studentIds), within(eb, 'class_id', v.classIds), within(eb, 'school_id', v.schoolIds));
          break;
      }
      return eb.or(ors);
    });
  }
  if (f.parentId !== undefined && spec.parent !== null) {
    q = q.where(spec.parent, '=', f.parentId);
  }
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb: Eb) => eb.or(spec.search.map((c) => eb(c, 'like', like))));
  }
  const total = (await q.select((eb: Eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()) as { n: number | string };
  const rows = await q.selectAll().orderBy(spec.order).orderBy('name').orderBy('id').limit(f.limit).offset(f.offset).execute();
  return { rows: rows as Row<T>[], total: Number(total.n) };
}

export async function namesOf(db: Db, table: OrgTable, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) {
    return new Map();
  }
  const rows = (await any(db).selectFrom(name(table)).select(['id', 'name']).where('id', 'in', ids).execute()) as { id: string; name: string }[];
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function countStudents(db: Db, col: 'class_id' | 'school_id', ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) {
    return new Map();
  }
  const rows = await t(db)
    .selectFrom('students')
    .select([col, (eb) => eb.fn.countAll<number>().as('n')])
    .where(col, 'in', ids)
    .where('status', '=', 'active')
    .groupBy(col)
    .execute();
  return new Map(rows.map((r) => [col === 'class_id' ? r.class_id : r.school_id, Number(r.n)]));
}

export async function findStudentByCard(db: Db, schoolId: string, cardNo: string): Promise<StudentRow | undefined> {
  return t(db).selectFrom('students').selectAll().where('school_id', '=', schoolId).where('card_no', '=', cardNo).executeTakeFirst();
}

/** Active students of the given classes, or of a school (bulk work: notes, attendance). */
export async function rosterRows(db: Db, f: { schoolId?: string; classIds?: readonly string[]; studentIds?: readonly string[] }): Promise<StudentRow[]> {
  let q = t(db).selectFrom('students').selectAll().where('status', '=', 'active');
  if (f.schoolId !== undefined) {
    q = q.where('school_id', '=', f.schoolId);
  }
  if (f.classIds !== undefined) {
    if (f.classIds.length === 0) {
      return [];
    }
    q = q.where('class_id', 'in', [...f.classIds]);
  }
  if (f.studentIds !== undefined) {
    if (f.studentIds.length === 0) {
      return [];
    }
    q = q.where('id', 'in', [...f.studentIds]);
  }
  return q.orderBy('class_id').orderBy('student_no').execute();
}

export async function classRows(db: Db, f: { schoolId?: string; ids?: readonly string[]; headTeacherId?: string }): Promise<ClassRow[]> {
  let q = t(db).selectFrom('classes').selectAll();
  if (f.schoolId !== undefined) {
    q = q.where('school_id', '=', f.schoolId);
  }
  if (f.ids !== undefined) {
    if (f.ids.length === 0) {
      return [];
    }
    q = q.where('id', 'in', [...f.ids]);
  }
  if (f.headTeacherId !== undefined) {
    q = q.where('head_teacher_id', '=', f.headTeacherId);
  }
  return q.orderBy('grade').orderBy('name').execute();
}
