import { newId } from '../../platform/ids';
import type { OrgDeps } from './deps';
import { OrgErrors } from './org.errors';
import * as repo from './org.repo';
import { checkName } from './validate';
import { studentViews, type Student } from './views';

export interface StudentInput { classId: string; studentNo: string; name: string; cardNo?: string | null }

const STUDENT_NO = /^[A-Za-z0-9]{4,32}$/;
/** A campus card number: 4 to 20 digits or capital letters (readers send what is printed). */
export const CARD_NO = /^[A-Z0-9]{4,20}$/;

/** A card number as stored (trimmed, upper-case), or null; a bad one is ORG_INVALID. */
export function checkCard(v: string | null | undefined): string | null {
  const c = v?.trim().toUpperCase() || null;
  if (c !== null && !CARD_NO.test(c)) {
    throw OrgErrors.ORG_INVALID({ field: 'cardNo' }, '卡号为 4 到 20 位数字或字母');
  }
  return c;
}
/** A card limit is at most 10,000 yuan; null lifts it. */
const MAX_LIMIT = 1_000_000;

/** A new student's row, its name and card checked (the 学籍号 is the caller's to check). */
export function newStudentRow(o: { schoolId: string; classId: string; studentNo: string; name: string; cardNo?: string | null }, now: number): repo.StudentRow {
  return {
    id: newId(now),
    school_id: o.schoolId,
    class_id: o.classId,
    student_no: o.studentNo,
    name: checkName(o.name, 'name', 20),
    card_no: checkCard(o.cardNo),
    status: 'active',
    daily_limit: null,
    single_limit: null,
    limits_updated_by: null,
    limits_updated_at: null,
    created_at: now,
    updated_at: now,
  };
}

export async function createStudent(deps: OrgDeps, o: StudentInput): Promise<Student> {
  const studentNo = o.studentNo.trim().toUpperCase();
  if (!STUDENT_NO.test(studentNo)) {
    throw OrgErrors.ORG_INVALID({ field: 'studentNo' }, '学籍号为 4 到 32 位字母或数字');
  }
  const c = await repo.findById(deps.db, 'classes', o.classId);
  if (!c) {
    throw OrgErrors.CLASS_NOT_FOUND({ id: o.classId });
  }
  const now = deps.clock.now();
  const row = newStudentRow({ schoolId: c.school_id, classId: c.id, studentNo, name: o.name, cardNo: o.cardNo }, now);
  if (row.card_no !== null && (await repo.findStudentByCard(deps.db, row.school_id, row.card_no))) {
    throw OrgErrors.CARD_NO_TAKEN({ cardNo: row.card_no });
  }
  if (!(await repo.insertRow(deps.db, 'students', row))) {
    throw OrgErrors.STUDENT_NO_TAKEN({ studentNo });
  }
  return (await studentViews(deps.db, [row]))[0]!;
}

export async function getStudent(deps: OrgDeps, id: string): Promise<Student> {
  const r = await repo.findById(deps.db, 'students', id);
  if (!r) {
    throw OrgErrors.STUDENT_NOT_FOUND({ id });
  }
  return (await studentViews(deps.db, [r]))[0]!;
}

export async function listStudents(deps: OrgDeps, v: repo.Visibility, f: repo.ListFilter & { classId?: string }): Promise<{ items: Student[]; total: number }> {
  const { rows, total } = await repo.listRows(deps.db, 'students', v, { ...f, parentId: f.classId });
  return { items: await studentViews(deps.db, rows), total };
}

function checkLimit(v: number | null, field: string): number | null {
  if (v !== null && (!Number.isSafeInteger(v) || v < 0 || v > MAX_LIMIT)) {
    throw OrgErrors.LIMIT_INVALID({ field }, '限额为 0 到 10000 元之间的整数（分），不限请留空');
  }
  return v;
}

/** A guardian's (or the school's) card limits for a child, in fen; null lifts a limit. */
export async function setStudentLimits(deps: OrgDeps, id: string, o: { daily: number | null; single: number | null; by: string }): Promise<Student> {
  const daily = checkLimit(o.daily, 'daily');
  const single = checkLimit(o.single, 'single');
  if (daily !== null && single !== null && single > daily) {
    throw OrgErrors.LIMIT_INVALID({ field: 'single' }, '单笔限额不能高于每日限额');
  }
  const now = deps.clock.now();
  const ok = await repo.updateRow(deps.db, 'students', id, { daily_limit: daily, single_limit: single, limits_updated_by: o.by, limits_updated_at: now, updated_at: now });
  if (!ok) {
    throw OrgErrors.STUDENT_NOT_FOUND({ id });
  }
  return getStudent(deps, id);
}

/** Changes a student's details (roster import, the school's forms); only what is given changes. */
export async function updateStudent(deps: OrgDeps, id: string, p: { name?: string; classId?: string; cardNo?: string | null; status?: 'active' | 'left' }): Promise<Student> {
  const r = await repo.findById(deps.db, 'students', id);
  if (!r) {
    throw OrgErrors.STUDENT_NOT_FOUND({ id });
  }
  const set: Partial<repo.StudentRow> = { updated_at: deps.clock.now() };
  if (p.name !== undefined) {
    set.name = checkName(p.name, 'name', 20);
  }
  if (p.classId !== undefined && p.classId !== r.class_id) {
    const c = await repo.findById(deps.db, 'classes', p.classId);
    if (c?.school_id !== r.school_id) {
      throw OrgErrors.CLASS_NOT_FOUND({ id: p.classId });
    }
    set.class_id = c.id;
  }
  if (p.cardNo !== undefined) {
    const card = checkCard(p.cardNo);
    const holder = card === null ? undefined : await repo.findStudentByCard(deps.db, r.school_id, card);
    if (holder && holder.id !== id) {
      throw OrgErrors.CARD_NO_TAKEN({ cardNo: card });
    }
    set.card_no = card;
  }
  if (p.status !== undefined) {
    set.status = p.status;
  }
  await repo.updateRow(deps.db, 'students', id, set);
  return getStudent(deps, id);
}
