/**
 * Publishing an exam's results: families see their own child's results in the portal, and,
 * through the notes part, each family gets its own child's line (a 考试成绩 note): never a
 * ranking, never another child's score. Publishing twice notifies once.
 */
import type { SchoolDeps } from '../deps';
import { ClassworkErrors } from './classwork.errors';
import * as repo from './classwork.repo';
import { examOfClass, examView, studentsOf, type Exam } from './exams';
import { NOT_NOTIFIED, notified, type Notified, type NotesSend } from './notify';
import { formatResult } from './scores';

export async function publishExam(deps: SchoolDeps, o: { classId: string; examId: string; by: string; notify?: NotesSend | null }): Promise<{ exam: Exam; notified: Notified }> {
  const e = await examOfClass(deps, o.classId, o.examId);
  const results = await repo.resultsOfExam(deps.db, e.id);
  if (results.length === 0) {
    throw ClassworkErrors.EXAM_INVALID({ field: 'examId' }, '还没有录入任何成绩，不能发布');
  }
  let n: Notified = NOT_NOTIFIED('成绩已发布过，未重复通知家长');
  // Families are told first (the key makes a retry notify once), then the exam is published: a
  // notification refused (a bad text, say) leaves the exam unpublished and says why.
  if (e.published_at === null || e.note_id === null) {
    if (!o.notify) {
      n = NOT_NOTIFIED('成绩已发布到家长端；家校互动短信通知暂不可用，未发短信');
    } else {
      const subjects = e.subjects.split('、');
      const lines = new Map<string, Map<string, string>>();
      for (const r of results) {
        lines.set(r.student_id, (lines.get(r.student_id) ?? new Map<string, string>()).set(r.subject, formatResult(r)));
      }
      const students = await studentsOf(deps, o.classId);
      const perStudent: Record<string, string> = {};
      for (const s of students) {
        const mine = lines.get(s.id);
        if (mine) {
          perStudent[s.id] = subjects.filter((x) => mine.has(x)).map((x) => `${x} ${mine.get(x)}`).join('，');
        }
      }
      // Only the families of children with a result hear about it.
      const everyone = students.every((s) => perStudent[s.id] !== undefined);
      const c = (await deps.org.classes({ ids: [o.classId] }))[0]!;
      const r = await o.notify({
        authorId: o.by,
        schoolId: c.schoolId,
        type: 'result',
        target: everyone ? { classIds: [o.classId] } : { studentIds: Object.keys(perStudent) },
        text: `{name}的${e.name}成绩：{result}`,
        perStudent,
        key: `exam:${e.id}:publish`,
      });
      await repo.setExamNote(deps.db, e.id, r.noteId);
      n = notified(r);
    }
  }
  await repo.markPublished(deps.db, e.id, o.by, deps.clock.now());
  return { exam: examView((await repo.examById(deps.db, e.id))!), notified: n };
}
