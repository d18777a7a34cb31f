/**
 * Applying a previewed roster import: the school module compares the stored rows with the
 * roster as it is now, then org gets the classes and students and identity the guardians and
 * teachers (found by mobile number, created when new) with their labelled grants, in chunks,
 * recording progress after each. No undo is needed: every write is an upsert by natural key
 * (class name, 学籍号, mobile number, grant), so applying again after a failure, or importing
 * the same file again, finds everything unchanged and writes nothing.
 */
import type { AppContext } from '../context';
import type { ApplyResult, RosterImport, StudentOp, TeacherOp } from '../modules/school';

const CHUNK = 500;

export type ProgressListener = (done: number, total: number) => void;

export async function applyRosterImport(ctx: AppContext, o: { schoolId: string; importId: string; by: string; onProgress?: ProgressListener }): Promise<RosterImport> {
  const roster = ctx.school.roster;
  const checked = await roster.startApply(o);
  try {
    const plan = await roster.replan(o.schoolId, checked);
    const work = plan.students.filter((r) => r.op).length + plan.teachers.filter((r) => r.op).length + plan.newClasses.length;
    let done = 0;
    const progress = async (n: number) => {
      done += n;
      await roster.recordProgress(o.importId, done, work);
      o.onProgress?.(done, work);
    };
    await progress(0);
    const result: ApplyResult = {
      classesCreated: 0,
      studentsCreated: 0,
      studentsUpdated: 0,
      guardianGrants: 0,
      teacherGrants: 0,
      headTeachers: 0,
      peopleCreated: plan.newPeople,
      unchanged: plan.students.filter((r) => r.status === 'unchanged').length + plan.teachers.filter((r) => r.status === 'unchanged').length,
      skippedErrors: plan.students.filter((r) => r.status === 'error').length + plan.teachers.filter((r) => r.status === 'error').length,
    };
    if (plan.newClasses.length > 0) {
      for (const c of plan.newClasses) {
        plan.classIds.set(c.name, (await ctx.org.createClass({ schoolId: o.schoolId, grade: c.grade, name: c.name })).id);
      }
      result.classesCreated = plan.newClasses.length;
      await progress(plan.newClasses.length);
    }
    const classId = (key: string) => plan.classIds.get(key)!;

    // Students: changes first (a card moving between two students is freed before it is given), then new ones in chunks.
    const studentOps = plan.students.flatMap((r) => (r.op ? [r.op as StudentOp] : []));
    const updates = studentOps.flatMap((op) =>
      op.update
        ? [{ id: op.studentId!, ...(op.update.classKey !== undefined && { classId: classId(op.update.classKey) }), ...(op.update.name !== undefined && { name: op.update.name }), ...(op.update.cardNo !== undefined && { cardNo: op.update.cardNo }), ...(op.update.status && { status: op.update.status }) }]
        : [],
    );
    if (updates.length > 0) {
      await ctx.org.importStudents({ schoolId: o.schoolId, creates: [], updates });
      result.studentsUpdated = updates.length;
    }
    for (let i = 0; i < studentOps.length; i += CHUNK) {
      const chunk = studentOps.slice(i, i + CHUNK);
      const creates = chunk.flatMap((op) => (op.create ? [{ classId: classId(op.create.classKey), studentNo: op.create.studentNo, name: op.create.name, cardNo: op.create.cardNo }] : []));
      const created = creates.length > 0 ? await ctx.org.importStudents({ schoolId: o.schoolId, creates, updates: [] }) : new Map<string, string>();
      result.studentsCreated += created.size;
      const guardians = chunk.flatMap((op) => op.guardians.map((g) => ({ ...g, studentId: op.studentId ?? created.get(op.create!.studentNo)! })));
      if (guardians.length > 0) {
        const users = await ctx.identity.ensurePeople(guardians);
        await ctx.identity.upsertGrants(guardians.map((g) => ({ userId: users.get(g.phone)!, role: 'guardian', tenantType: 'student', tenantId: g.studentId, label: g.relation })));
        result.guardianGrants += guardians.length;
      }
      await progress(chunk.length);
    }

    // Teachers: grants with their subjects, then head teachers (one per class).
    const teacherOps = plan.teachers.flatMap((r) => (r.op ? [r.op as TeacherOp] : []));
    if (teacherOps.length > 0) {
      const users = await ctx.identity.ensurePeople(teacherOps);
      const grants = teacherOps.filter((t) => t.grant);
      await ctx.identity.upsertGrants(grants.map((t) => ({ userId: users.get(t.phone)!, role: 'teacher', tenantType: 'class', tenantId: classId(t.classKey), label: t.subjects })));
      result.teacherGrants = grants.length;
      for (const t of teacherOps.filter((x) => x.clearHead)) {
        await ctx.org.setHeadTeacher(classId(t.classKey), null);
      }
      for (const t of teacherOps.filter((x) => x.setHead)) {
        await ctx.org.setHeadTeacher(classId(t.classKey), users.get(t.phone)!);
        result.headTeachers++;
      }
      await progress(teacherOps.length);
    }
    await roster.finishApply(o.importId, result);
  } catch (e) {
    await roster.failApply(o.importId, e instanceof Error ? e.message : String(e));
    throw e;
  }
  return roster.get(o.schoolId, o.importId);
}
