/**
 * Students in bulk, for roster imports (5,000 rows in seconds): every student of a school
 * (those who left included, so a returning 学籍号 is the same student), and one call that
 * creates and changes many. Checks are the same as one at a time (学籍号, name, card number);
 * the whole call is one transaction, so a bad row changes nothing.
 */
import type { Kysely } from 'kysely';
import type { Db } from '../../platform/db/database';
import type { OrgDeps } from './deps';
import { OrgErrors } from './org.errors';
import type { ClassRow, StudentRow } from './org.repo';
import { checkCard, newStudentRow } from './students';
import { checkName } from './validate';

interface Tables {
  classes: ClassRow;
  students: StudentRow;
}
const t = (db: Db) => db as unknown as Kysely<Tables>;

export interface SchoolStudent { id: string; classId: string; studentNo: string; name: string; cardNo: string | null; status: 'active' | 'left' }

export async function studentsOfSchool(deps: OrgDeps, schoolId: string): Promise<SchoolStudent[]> {
  const rows = await t(deps.db)
    .selectFrom('students')
    .select(['id', 'class_id', 'student_no', 'name', 'card_no', 'status'])
    .where('school_id', '=', schoolId)
    .orderBy('student_no')
    .execute();
  return rows.map((r) => ({ id: r.id, classId: r.class_id, studentNo: r.student_no, name: r.name, cardNo: r.card_no, status: r.status }));
}

export interface StudentsImport {
  schoolId: string;
  creates: { classId: string; studentNo: string; name: string; cardNo: string | null }[];
  /** Only what is given changes; `status: 'active'` brings back a student who had left. */
  updates: { id: string; classId?: string; name?: string; cardNo?: string | null; status?: 'active' | 'left' }[];
}

const STUDENT_NO = /^[A-Z0-9]{4,32}$/;
const CHUNK = 400;

/** Creates and changes students of one school; returns the ids of the created ones by 学籍号. */
export async function importStudents(deps: OrgDeps, o: StudentsImport): Promise<Map<string, string>> {
  const classIds = new Set((await t(deps.db).selectFrom('classes').select('id').where('school_id', '=', o.schoolId).execute()).map((r) => r.id));
  const now = deps.clock.now();
  const rows: StudentRow[] = o.creates.map((c) => {
    if (!classIds.has(c.classId)) {
      throw OrgErrors.CLASS_NOT_FOUND({ id: c.classId });
    }
    if (!STUDENT_NO.test(c.studentNo)) {
      throw OrgErrors.ORG_INVALID({ field: 'studentNo', studentNo: c.studentNo }, '学籍号为 4 到 32 位字母或数字');
    }
    return newStudentRow({ schoolId: o.schoolId, classId: c.classId, studentNo: c.studentNo, name: c.name, cardNo: c.cardNo }, now);
  });
  for (const u of o.updates) {
    if (u.classId !== undefined && !classIds.has(u.classId)) {
      throw OrgErrors.CLASS_NOT_FOUND({ id: u.classId });
    }
    checkCard(u.cardNo);
  }
  await deps.db.transaction().execute(async (trx) => {
    // Cards that move between students (a swap) are freed first, then given out.
    const moving = o.updates.filter((u) => u.cardNo !== undefined).map((u) => u.id);
    for (let i = 0; i < moving.length; i += CHUNK) {
      await t(trx).updateTable('students').set({ card_no: null }).where('school_id', '=', o.schoolId).where('id', 'in', moving.slice(i, i + CHUNK)).execute();
    }
    for (const u of o.updates) {
      const set: Partial<StudentRow> = { updated_at: now };
      if (u.classId !== undefined) {
        set.class_id = u.classId;
      }
      if (u.name !== undefined) {
        set.name = checkName(u.name, 'name', 20);
      }
      if (u.cardNo !== undefined) {
        set.card_no = u.cardNo;
      }
      if (u.status !== undefined) {
        set.status = u.status;
      }
      await t(trx).updateTable('students').set(set).where('school_id', '=', o.schoolId).where('id', '=', u.id).execute();
    }
    for (let i = 0; i < rows.length; i += CHUNK) {
      await t(trx).insertInto('students').values(rows.slice(i, i + CHUNK)).execute();
    }
  }).catch((e: unknown) => {
    if (e instanceof Error && /unique|UNIQUE/.test(e.message)) {
      throw OrgErrors.STUDENT_NO_TAKEN({}, '学籍号或卡号与本校已有学生重复');
    }
    throw e;
  });
  return new Map(rows.map((r) => [r.student_no, r.id]));
}
