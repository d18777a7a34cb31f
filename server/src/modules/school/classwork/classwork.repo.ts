/** Queries on timetables, homework, exams and results, staff groups and staff messages; nothing else. */
import type { Kysely } from 'kysely';
import type { Db } from '../../../platform/db/database';

export interface TimetableRow {
  class_id: string;
  weekday: number;
  period: number;
  subject: string;
  teacher_id: string | null;
  updated_by: string | null;
  updated_at: number;
}

export interface HomeworkRow {
  id: string;
  class_id: string;
  subject: string;
  title: string;
  text: string;
  due_day: string;
  author_id: string;
  key: string;
  note_id: string | null;
  created_at: number;
}

export interface ExamRow {
  id: string;
  class_id: string;
  name: string;
  subjects: string;
  full_marks: number;
  day: string;
  author_id: string;
  published_at: number | null;
  published_by: string | null;
  note_id: string | null;
  created_at: number;
  updated_at: number;
}

export interface ResultRow {
  exam_id: string;
  student_id: string;
  subject: string;
  score_tenths: number | null;
  grade: string | null;
  updated_by: string | null;
  updated_at: number;
}

export interface StaffGroupRow {
  id: string;
  school_id: string;
  name: string;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface StaffMemberRow {
  group_id: string;
  user_id: string;
}

export interface StaffMessageRow {
  id: string;
  school_id: string;
  group_id: string;
  group_name: string;
  sender_id: string;
  text: string;
  key: string;
  bulk_id: string;
  recipients: number;
  created_at: number;
}

interface Tables {
  class_timetable: TimetableRow;
  homework: HomeworkRow;
  exams: ExamRow;
  exam_results: ResultRow;
  staff_groups: StaffGroupRow;
  staff_group_members: StaffMemberRow;
  staff_messages: StaffMessageRow;
}

const t = (db: Db) => db as unknown as Kysely<Tables>;
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

// —— Timetable ——
export async function timetableOf(db: Db, classId: string): Promise<TimetableRow[]> {
  const rows = await t(db).selectFrom('class_timetable').selectAll().where('class_id', '=', classId).orderBy('weekday').orderBy('period').execute();
  return rows.map((r) => ({ ...r, weekday: Number(r.weekday), period: Number(r.period), updated_at: Number(r.updated_at) }));
}

export async function replaceTimetable(db: Db, classId: string, rows: TimetableRow[]): Promise<void> {
  await t(db).deleteFrom('class_timetable').where('class_id', '=', classId).execute();
  if (rows.length > 0) {
    await t(db).insertInto('class_timetable').values(rows).execute();
  }
}

// —— Homework ——
const homeworkOut = (r: HomeworkRow): HomeworkRow => ({ ...r, created_at: Number(r.created_at) });

export async function insertHomework(db: Db, row: HomeworkRow): Promise<boolean> {
  const r = await t(db).insertInto('homework').values(row).onConflict((oc) => oc.doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function homeworkByKey(db: Db, classId: string, key: string): Promise<HomeworkRow | undefined> {
  const r = await t(db).selectFrom('homework').selectAll().where('class_id', '=', classId).where('key', '=', key).executeTakeFirst();
  return r && homeworkOut(r);
}

export async function homeworkById(db: Db, id: string): Promise<HomeworkRow | undefined> {
  const r = await t(db).selectFrom('homework').selectAll().where('id', '=', id).executeTakeFirst();
  return r && homeworkOut(r);
}

export async function homeworkOf(db: Db, classId: string, f: { fromDue?: string; limit: number }): Promise<HomeworkRow[]> {
  let q = t(db).selectFrom('homework').selectAll().where('class_id', '=', classId);
  if (f.fromDue) {
    q = q.where('due_day', '>=', f.fromDue);
  }
  return (await q.orderBy('due_day', 'desc').orderBy('created_at', 'desc').limit(f.limit).execute()).map(homeworkOut);
}

export async function setHomeworkNote(db: Db, id: string, noteId: string): Promise<void> {
  await t(db).updateTable('homework').set({ note_id: noteId }).where('id', '=', id).execute();
}

export async function deleteHomework(db: Db, id: string): Promise<void> {
  await t(db).deleteFrom('homework').where('id', '=', id).execute();
}

// —— Exams and results ——
const examOut = (r: ExamRow): ExamRow => ({
  ...r,
  full_marks: Number(r.full_marks),
  published_at: num(r.published_at),
  created_at: Number(r.created_at),
  updated_at: Number(r.updated_at),
});

export async function insertExam(db: Db, row: ExamRow): Promise<void> {
  await t(db).insertInto('exams').values(row).execute();
}

export async function examById(db: Db, id: string): Promise<ExamRow | undefined> {
  const r = await t(db).selectFrom('exams').selectAll().where('id', '=', id).executeTakeFirst();
  return r && examOut(r);
}

export async function examsOf(db: Db, classId: string, f: { publishedOnly?: boolean; limit: number }): Promise<ExamRow[]> {
  let q = t(db).selectFrom('exams').selectAll().where('class_id', '=', classId);
  if (f.publishedOnly) {
    q = q.where('published_at', 'is not', null);
  }
  return (await q.orderBy('day', 'desc').orderBy('created_at', 'desc').limit(f.limit).execute()).map(examOut);
}

/** Marks an exam published once; false when it already was. */
export async function markPublished(db: Db, id: string, by: string, now: number): Promise<boolean> {
  const r = await t(db).updateTable('exams').set({ published_at: now, published_by: by, updated_at: now }).where('id', '=', id).where('published_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function setExamNote(db: Db, id: string, noteId: string): Promise<void> {
  await t(db).updateTable('exams').set({ note_id: noteId }).where('id', '=', id).execute();
}

const resultOut = (r: ResultRow): ResultRow => ({ ...r, score_tenths: num(r.score_tenths), updated_at: Number(r.updated_at) });

export async function resultsOfExam(db: Db, examId: string): Promise<ResultRow[]> {
  return (await t(db).selectFrom('exam_results').selectAll().where('exam_id', '=', examId).execute()).map(resultOut);
}

/** One student's results in some exams (the portal: never another student's). */
export async function resultsOfStudent(db: Db, studentId: string, examIds: readonly string[]): Promise<ResultRow[]> {
  if (examIds.length === 0) {
    return [];
  }
  return (await t(db).selectFrom('exam_results').selectAll().where('student_id', '=', studentId).where('exam_id', 'in', examIds).execute()).map(resultOut);
}

/** Writes results (insert or replace per exam, student and subject); null score and grade delete. */
export async function upsertResults(db: Db, rows: ResultRow[], clear: { exam_id: string; student_id: string; subject: string }[]): Promise<void> {
  for (const c of clear) {
    await t(db).deleteFrom('exam_results').where('exam_id', '=', c.exam_id).where('student_id', '=', c.student_id).where('subject', '=', c.subject).execute();
  }
  for (let i = 0; i < rows.length; i += 200) {
    await t(db)
      .insertInto('exam_results')
      .values(rows.slice(i, i + 200))
      .onConflict((oc) =>
        oc.columns(['exam_id', 'student_id', 'subject']).doUpdateSet((eb) => ({
          score_tenths: eb.ref('excluded.score_tenths'),
          grade: eb.ref('excluded.grade'),
          updated_by: eb.ref('excluded.updated_by'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}

// —— Staff groups and messages ——
const groupOut = (r: StaffGroupRow): StaffGroupRow => ({ ...r, created_at: Number(r.created_at), updated_at: Number(r.updated_at) });

export async function groupsOf(db: Db, schoolIds: readonly string[]): Promise<StaffGroupRow[]> {
  if (schoolIds.length === 0) {
    return [];
  }
  return (await t(db).selectFrom('staff_groups').selectAll().where('school_id', 'in', schoolIds).orderBy('name').execute()).map(groupOut);
}

export async function groupById(db: Db, id: string): Promise<StaffGroupRow | undefined> {
  const r = await t(db).selectFrom('staff_groups').selectAll().where('id', '=', id).executeTakeFirst();
  return r && groupOut(r);
}

export async function groupByName(db: Db, schoolId: string, name: string): Promise<StaffGroupRow | undefined> {
  const r = await t(db).selectFrom('staff_groups').selectAll().where('school_id', '=', schoolId).where('name', '=', name).executeTakeFirst();
  return r && groupOut(r);
}

export async function membersOf(db: Db, groupIds: readonly string[]): Promise<StaffMemberRow[]> {
  if (groupIds.length === 0) {
    return [];
  }
  return t(db).selectFrom('staff_group_members').selectAll().where('group_id', 'in', groupIds).execute();
}

export async function insertGroup(db: Db, row: StaffGroupRow): Promise<void> {
  await t(db).insertInto('staff_groups').values(row).execute();
}

export async function updateGroup(db: Db, id: string, name: string, now: number): Promise<void> {
  await t(db).updateTable('staff_groups').set({ name, updated_at: now }).where('id', '=', id).execute();
}

export async function replaceMembers(db: Db, groupId: string, userIds: readonly string[]): Promise<void> {
  await t(db).deleteFrom('staff_group_members').where('group_id', '=', groupId).execute();
  if (userIds.length > 0) {
    await t(db).insertInto('staff_group_members').values(userIds.map((user_id) => ({ group_id: groupId, user_id }))).execute();
  }
}

export async function deleteGroup(db: Db, id: string): Promise<void> {
  await t(db).deleteFrom('staff_group_members').where('group_id', '=', id).execute();
  await t(db).deleteFrom('staff_groups').where('id', '=', id).execute();
}

const messageOut = (r: StaffMessageRow): StaffMessageRow => ({ ...r, recipients: Number(r.recipients), created_at: Number(r.created_at) });

export async function staffMessageByKey(db: Db, senderId: string, key: string): Promise<StaffMessageRow | undefined> {
  const r = await t(db).selectFrom('staff_messages').selectAll().where('sender_id', '=', senderId).where('key', '=', key).executeTakeFirst();
  return r && messageOut(r);
}

export async function insertStaffMessage(db: Db, row: StaffMessageRow): Promise<boolean> {
  const r = await t(db).insertInto('staff_messages').values(row).onConflict((oc) => oc.doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function staffMessagesOf(db: Db, schoolIds: readonly string[], limit: number): Promise<StaffMessageRow[]> {
  if (schoolIds.length === 0) {
    return [];
  }
  return (await t(db).selectFrom('staff_messages').selectAll().where('school_id', 'in', schoolIds).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute()).map(messageOut);
}
