/** A teacher posts homework to a class; optionally the families get it as a 作业 note. */
import { newId } from '../../../platform/ids';
import type { SchoolDeps } from '../deps';
import { ClassworkErrors } from './classwork.errors';
import * as repo from './classwork.repo';
import { isDay, subject, text } from './check';
import { homeworkViews, schoolToday, type Homework } from './homework';
import { NOT_NOTIFIED, notified, type Notified, type NotesSend } from './notify';

export interface PostHomeworkOptions {
  classId: string;
  subject: string;
  title: string;
  text: string;
  dueDay: string;
  by: string;
  /** Idempotency: the same key posts once. */
  key: string;
  /** Also send it to the families as a 作业 note (the notes part's send, when present). */
  notify?: NotesSend | null;
  notifyWanted?: boolean;
}

export async function postHomework(deps: SchoolDeps, o: PostHomeworkOptions): Promise<{ homework: Homework; replay: boolean; notified: Notified }> {
  const E = ClassworkErrors.HOMEWORK_INVALID;
  const subj = subject(o.subject, E);
  const title = text(o.title, { field: 'title', label: '作业标题', max: 40, error: E });
  const body = text(o.text, { field: 'text', label: '作业内容', max: 500, error: E });
  if (!isDay(o.dueDay)) {
    throw E({ field: 'dueDay' }, '截止日期应为 YYYY-MM-DD');
  }
  if (o.dueDay < schoolToday(deps)) {
    throw E({ field: 'dueDay' }, '截止日期不能早于今天');
  }
  if (!/^[\w.:-]{1,80}$/.test(o.key)) {
    throw E({ field: 'key' }, '请求编号应为 1 到 80 个字母、数字或 _.:-');
  }
  const c = (await deps.org.classes({ ids: [o.classId] }))[0];
  if (!c) {
    throw E({ field: 'classId' }, '班级不存在');
  }
  const row: repo.HomeworkRow = { id: newId(deps.clock.now()), class_id: o.classId, subject: subj, title, text: body, due_day: o.dueDay, author_id: o.by, key: o.key, note_id: null, created_at: deps.clock.now() };
  const inserted = await repo.insertHomework(deps.db, row);
  const stored = inserted ? row : await repo.homeworkByKey(deps.db, o.classId, o.key);
  if (!stored) {
    throw E({ field: 'key' }, '请重试');
  }
  if (!inserted && (stored.title !== title || stored.text !== body || stored.due_day !== o.dueDay || stored.subject !== subj)) {
    throw E({ field: 'key' }, '同一请求编号已用于另一份作业');
  }
  let n: Notified = NOT_NOTIFIED('未通知家长（只在家长端显示）');
  if (o.notifyWanted) {
    if (!o.notify) {
      n = NOT_NOTIFIED('家校互动通知暂不可用：作业已发布到家长端，未发短信');
    } else {
      const r = await o.notify({
        authorId: o.by,
        schoolId: c.schoolId,
        type: 'homework',
        target: { classIds: [o.classId] },
        text: `${subj}作业（${o.dueDay.slice(5).replace('-', '月')}日前）：${title}。${body}`,
        key: `homework:${stored.id}`,
      });
      await repo.setHomeworkNote(deps.db, stored.id, r.noteId);
      stored.note_id = r.noteId;
      n = notified(r);
    }
  }
  const [view] = await homeworkViews(deps, [stored]);
  return { homework: view!, replay: !inserted, notified: n };
}
