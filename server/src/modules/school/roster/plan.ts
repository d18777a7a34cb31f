/**
 * Comparing checked rows with the school's current roster: each row becomes new, changed,
 * unchanged or an error (with its reasons), and what applying it would write. The same
 * comparison runs for the preview and again when the import is applied (the roster may have
 * changed in between), so applying never trusts a stale preview.
 *
 * Classes: a row names a class by its name (三年级(2)班). A class the school does not have is
 * created when its name starts with its grade (年级 3 → 三年级… / 3年级…; 初一…; 高二…);
 * otherwise it is an unknown class, an error. An existing class in another grade is an error.
 * Nothing is removed: students missing from the file and guardians not listed stay.
 */
import type { SchoolDeps } from '../deps';
import { classKey, gradeWords, type Checked, type GuardianLine, type StudentLine, type TeacherLine } from './lines';

export type RowStatus = 'new' | 'changed' | 'unchanged' | 'error';

export interface StudentOp {
  studentId: string | null;
  create: { classKey: string; studentNo: string; name: string; cardNo: string | null } | null;
  update: { classKey?: string; name?: string; cardNo?: string | null; status?: 'active' } | null;
  guardians: GuardianLine[];
}
export interface TeacherOp { phone: string; name: string; classKey: string; subjects: string | null; setHead: boolean; clearHead: boolean; grant: boolean }
export interface PlannedRow<T> { line: T; status: RowStatus; notes: string[]; op: StudentOp | TeacherOp | null }

export interface Plan {
  students: PlannedRow<StudentLine>[];
  teachers: PlannedRow<TeacherLine>[];
  /** Classes the import creates: name and grade. */
  newClasses: { name: string; grade: number }[];
  /** Class ids by class name (classKey), those to create absent. */
  classIds: Map<string, string>;
  newPeople: number;
}

export interface PlanSummary {
  students: Record<RowStatus, number>;
  teachers: Record<RowStatus, number>;
  newClasses: string[];
  newPeople: number;
}

export function summarize(p: Plan): PlanSummary {
  const count = (rows: { status: RowStatus }[]) => {
    const c: Record<RowStatus, number> = { new: 0, changed: 0, unchanged: 0, error: 0 };
    for (const r of rows) {c[r.status]++;}
    return c;
  };
  return { students: count(p.students), teachers: count(p.teachers), newClasses: p.newClasses.map((c) => c.name), newPeople: p.newPeople };
}

function rel(v: string | null): string {
  return v ?? '（未填）';
}

export async function planImport(deps: SchoolDeps, schoolId: string, students: Checked<StudentLine>[], teachers: Checked<TeacherLine>[]): Promise<Plan> {
  const classes = await deps.org.classes({ schoolId });
  const byKey = new Map(classes.map((c) => [classKey(c.name), c]));
  const classIds = new Map(classes.map((c) => [classKey(c.name), c.id]));
  const className = new Map(classes.map((c) => [c.id, c.name]));
  const existing = await deps.org.studentsOfSchool(schoolId);
  const byNo = new Map(existing.map((s) => [s.studentNo, s]));
  const byCard = new Map(existing.flatMap((s) => (s.cardNo ? [[s.cardNo, s] as const] : [])));
  const fileCards = new Map(students.flatMap((s) => (s.errors.length === 0 && s.line.cardNo ? [[s.line.studentNo, s.line.cardNo] as const] : [])));
  const holders = await deps.identity.holdersOf({ role: 'guardian', tenantType: 'student', tenantIds: students.flatMap((s) => (byNo.has(s.line.studentNo) ? [byNo.get(s.line.studentNo)!.id] : [])) });
  const guardianOf = new Map<string, Map<string, string | null>>();
  for (const h of holders) {
    if (!h.phone) {continue;}
    const m = guardianOf.get(h.tenantId) ?? new Map<string, string | null>();
    m.set(h.phone, h.label);
    guardianOf.set(h.tenantId, m);
  }
  const newClasses = new Map<string, number>();

  const plannedStudents = students.map(({ line, errors }): PlannedRow<StudentLine> => {
    const errs = [...errors];
    const known = byKey.get(line.className);
    if (line.className !== '' && !known) {
      const fits = line.grade !== null && gradeWords(line.grade).some((w) => line.className.startsWith(w));
      if (!fits) {
        errs.push(line.grade === null ? `未知班级“${line.className}”：本校没有这个班（新班级请填写年级）` : `未知班级“${line.className}”：本校没有这个班，且班名与年级不符`);
      }
      const g = newClasses.get(line.className);
      if (fits && g !== undefined && g !== line.grade) {errs.push(`班级“${line.className}”在文件中的年级不一致`);}
    } else if (known && line.grade !== null && known.grade !== line.grade) {
      errs.push(`班级“${known.name}”是 ${known.grade} 年级的，与年级列不符`);
    }
    const current = byNo.get(line.studentNo);
    if (line.cardNo !== null) {
      const holder = byCard.get(line.cardNo);
      // Another student's card, unless the file moves that student to another card.
      if (holder && holder.studentNo !== line.studentNo && (fileCards.get(holder.studentNo) ?? holder.cardNo) === line.cardNo) {
        errs.push(`卡号 ${line.cardNo} 已属于本校学生 ${holder.name}（学籍号 ${holder.studentNo}）`);
      }
    }
    if (errs.length > 0) {
      return { line, status: 'error', notes: errs, op: null };
    }
    if (!known && line.grade !== null) {newClasses.set(line.className, line.grade);}
    if (!current) {
      return {
        line,
        status: 'new',
        notes: [`新学生，${line.className}${line.guardians.length ? `，家长 ${line.guardians.map((g) => g.name).join('、')}` : ''}`],
        op: { studentId: null, create: { classKey: line.className, studentNo: line.studentNo, name: line.name, cardNo: line.cardNo }, update: null, guardians: line.guardians },
      };
    }
    const notes: string[] = [];
    const update: NonNullable<StudentOp['update']> = {};
    if (current.name !== line.name) {
      notes.push(`姓名 ${current.name} → ${line.name}`);
      update.name = line.name;
    }
    if (classIds.get(line.className) !== current.classId) {
      notes.push(`班级 ${className.get(current.classId) ?? ''} → ${line.className}`);
      update.classKey = line.className;
    }
    if (line.cardNo !== null && current.cardNo !== line.cardNo) {
      notes.push(`卡号 ${current.cardNo ?? '（无）'} → ${line.cardNo}`);
      update.cardNo = line.cardNo;
    }
    if (current.status === 'left') {
      notes.push('重新在读（曾为离校）');
      update.status = 'active';
    }
    const held = guardianOf.get(current.id) ?? new Map<string, string | null>();
    const guardians = line.guardians.filter((g) => {
      if (!held.has(g.phone)) {
        notes.push(`新增家长 ${g.name}${g.relation ? `（${g.relation}）` : ''}`);
        return true;
      }
      if (g.relation !== null && held.get(g.phone) !== g.relation) {
        notes.push(`家长 ${g.name} 关系 ${rel(held.get(g.phone) ?? null)} → ${g.relation}`);
        return true;
      }
      return false;
    });
    const hasUpdate = Object.keys(update).length > 0;
    return notes.length === 0
      ? { line, status: 'unchanged', notes: [], op: null }
      : { line, status: 'changed', notes, op: { studentId: current.id, create: null, update: hasUpdate ? update : null, guardians } };
  });

  const teacherClassIds = [...new Set(teachers.flatMap((t) => (classIds.has(t.line.className) ? [classIds.get(t.line.className)!] : [])))];
  const teaching = await deps.identity.holdersOf({ role: 'teacher', tenantType: 'class', tenantIds: teacherClassIds });
  const teachesIn = new Map(teaching.filter((h) => h.phone).map((h) => [`${h.phone}|${h.tenantId}`, h]));
  const phones = [...new Set([...plannedStudents.flatMap((s) => (s.op ? (s.op as StudentOp).guardians.map((g) => g.phone) : [])), ...teachers.map((t) => t.line.phone)])];
  const users = await deps.identity.idsByPhone(phones);

  const plannedTeachers = teachers.map(({ line, errors }): PlannedRow<TeacherLine> => {
    const errs = [...errors];
    const klass = byKey.get(line.className);
    if (line.className !== '' && !klass && !newClasses.has(line.className)) {
      errs.push(`未知班级“${line.className}”：本校没有这个班`);
    }
    if (errs.length > 0) {
      return { line, status: 'error', notes: errs, op: null };
    }
    const userId = users.get(line.phone);
    const holder = klass ? teachesIn.get(`${line.phone}|${klass.id}`) : undefined;
    const isHead = klass !== undefined && userId !== undefined && klass.headTeacherId === userId;
    const op: TeacherOp = { phone: line.phone, name: line.name, classKey: line.className, subjects: line.subjects, setHead: line.head && !isHead, clearHead: !line.head && isHead, grant: false };
    const notes: string[] = [];
    if (!holder) {
      op.grant = true;
      notes.push(`在 ${line.className} 任教${line.subjects ? `（${line.subjects}）` : ''}`);
    } else if (line.subjects !== null && holder.label !== line.subjects) {
      op.grant = true;
      notes.push(`科目 ${rel(holder.label)} → ${line.subjects}`);
    }
    if (op.setHead) {notes.push(`任 ${line.className} 班主任`);}
    if (op.clearHead) {notes.push(`不再任 ${line.className} 班主任`);}
    if (notes.length === 0) {
      return { line, status: 'unchanged', notes: [], op: null };
    }
    return { line, status: holder ? 'changed' : 'new', notes, op };
  });
  const newPhones = new Set<string>();
  for (const r of plannedStudents) {for (const g of (r.op as StudentOp | null)?.guardians ?? []) {if (!users.has(g.phone)) {newPhones.add(g.phone);}}}
  for (const r of plannedTeachers) {if (r.op && !users.has(r.line.phone)) {newPhones.add(r.line.phone);}}

  return { students: plannedStudents, teachers: plannedTeachers, newClasses: [...newClasses].map(([name, grade]) => ({ name, grade })), classIds, newPeople: newPhones.size };
}
