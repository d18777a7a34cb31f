/** Queries on notes, their recipients and bulks, templates, inboxes and BZR choices; nothing else. */
import { sql, type Kysely } from 'kysely';
import type { Db } from '../../../platform/db/database';

export type NoteType = 'performance' | 'homework' | 'conduct' | 'result' | 'status' | 'notice';
export type InboxKind = 'reply' | 'bzr' | 'portal';

export interface NoteRow {
  id: string;
  seq: number;
  school_id: string;
  author_id: string;
  author_name: string;
  type: NoteType;
  text: string;
  urgent: number;
  target_kind: 'classes' | 'students' | 'school';
  class_ids: string;
  recipients: number;
  sms_queued: number;
  key: string;
  created_at: number;
  deliver_at: number;
}

export interface RecipientRow {
  note_id: string;
  student_id: string;
  guardian_id: string;
  class_id: string;
  student_name: string;
  guardian_name: string;
  label: string | null;
  phone: string | null;
  text: string;
  sms: number;
  round: number;
  read_at: number | null;
}

export interface NoteBulkRow { note_id: string; round: number; bulk_id: string }

export interface TemplateRow {
  id: string;
  school_id: string;
  owner_id: string | null;
  title: string;
  type: NoteType;
  text: string;
  created_at: number;
  updated_at: number;
}

export interface InboxRow {
  id: string;
  seq: number;
  kind: InboxKind;
  teacher_id: string;
  guardian_id: string | null;
  guardian_name: string;
  phone: string;
  student_id: string | null;
  student_name: string | null;
  class_id: string | null;
  note_id: string | null;
  text: string;
  mo_id: string | null;
  forward_message_id: string | null;
  received_at: number;
  answered_at: number | null;
}

export interface AnswerRow {
  id: string;
  inbox_id: string;
  by_id: string;
  text: string;
  via: 'console' | 'sms';
  key: string;
  message_id: string | null;
  created_at: number;
}

export interface PendingRow {
  phone: string;
  guardian_id: string;
  text: string;
  choices: string;
  mo_id: string;
  created_at: number;
  expires_at: number;
}

interface Tables {
  notes: NoteRow;
  note_recipients: RecipientRow;
  note_bulks: NoteBulkRow;
  note_templates: TemplateRow;
  inbox: InboxRow;
  inbox_answers: AnswerRow;
  bzr_pending: PendingRow;
}
const t = (db: Db) => db as unknown as Kysely<Tables>;

// —— notes ——
export async function nextNoteSeq(db: Db): Promise<number> {
  const r = await t(db).selectFrom('notes').select(sql<number>`coalesce(max(seq), 0)`.as('m')).executeTakeFirst();
  return Number(r?.m ?? 0) + 1;
}

export async function insertNote(db: Db, row: NoteRow): Promise<void> {
  await t(db).insertInto('notes').values(row).execute();
}

export async function findNoteByKey(db: Db, authorId: string, key: string): Promise<NoteRow | undefined> {
  return t(db).selectFrom('notes').selectAll().where('author_id', '=', authorId).where('key', '=', key).executeTakeFirst();
}

export async function getNote(db: Db, id: string): Promise<NoteRow | undefined> {
  return t(db).selectFrom('notes').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function noteBySeq(db: Db, seq: number): Promise<NoteRow | undefined> {
  return t(db).selectFrom('notes').selectAll().where('seq', '=', seq).executeTakeFirst();
}

export async function listNotes(db: Db, f: { schoolIds?: readonly string[]; authorId?: string; limit: number; offset: number }): Promise<{ rows: NoteRow[]; total: number }> {
  let q = t(db).selectFrom('notes');
  if (f.schoolIds) {
    q = q.where('school_id', 'in', f.schoolIds.length ? [...f.schoolIds] : ['']);
  }
  if (f.authorId) {
    q = q.where('author_id', '=', f.authorId);
  }
  const total = await q.select(sql<number>`count(*)`.as('n')).executeTakeFirst();
  const rows = await q.selectAll().orderBy('created_at', 'desc').orderBy('seq', 'desc').limit(f.limit).offset(f.offset).execute();
  return { rows, total: Number(total?.n ?? 0) };
}

export async function insertRecipients(db: Db, rows: RecipientRow[]): Promise<void> {
  // 1,000 rows × 12 columns: within both databases' limits on bound parameters.
  for (let i = 0; i < rows.length; i += 1000) {
    await t(db).insertInto('note_recipients').values(rows.slice(i, i + 1000)).execute();
  }
}

export async function recipientsOf(db: Db, noteId: string): Promise<RecipientRow[]> {
  return t(db).selectFrom('note_recipients').selectAll().where('note_id', '=', noteId).orderBy('class_id').orderBy('student_name').orderBy('guardian_name').execute();
}

export async function readCounts(db: Db, noteIds: readonly string[]): Promise<Map<string, { read: number; students: number }>> {
  const out = new Map<string, { read: number; students: number }>();
  if (noteIds.length === 0) {
    return out;
  }
  const rows = await t(db)
    .selectFrom('note_recipients')
    .select(['note_id', sql<number>`count(distinct student_id)`.as('students'), sql<number>`count(distinct case when read_at is not null then student_id end)`.as('read')])
    .where('note_id', 'in', [...noteIds])
    .groupBy('note_id')
    .execute();
  rows.forEach((r) => out.set(r.note_id, { read: Number(r.read), students: Number(r.students) }));
  return out;
}

export async function recipientsByPhone(db: Db, noteId: string, phone: string): Promise<RecipientRow[]> {
  return t(db).selectFrom('note_recipients').selectAll().where('note_id', '=', noteId).where('phone', '=', phone).orderBy('student_name').execute();
}

/** A child's notes that are due (deliver_at ≤ now), newest first, with the viewer's read state. */
export async function notesOfStudent(db: Db, studentId: string, now: number, limit: number): Promise<(NoteRow & { rtext: string; guardian_id: string; read_at: number | null })[]> {
  return t(db)
    .selectFrom('note_recipients as r')
    .innerJoin('notes as n', 'n.id', 'r.note_id')
    .selectAll('n')
    .select(['r.text as rtext', 'r.guardian_id', 'r.read_at'])
    .where('r.student_id', '=', studentId)
    .where('n.deliver_at', '<=', now)
    .orderBy('n.deliver_at', 'desc')
    .orderBy('n.seq', 'desc')
    .limit(limit * 4)
    .execute();
}

export async function markRead(db: Db, o: { noteId: string; studentId: string; guardianId?: string; now: number }): Promise<number> {
  let q = t(db).updateTable('note_recipients').set({ read_at: o.now }).where('note_id', '=', o.noteId).where('student_id', '=', o.studentId).where('read_at', 'is', null);
  if (o.guardianId) {
    q = q.where('guardian_id', '=', o.guardianId);
  }
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function studentHasNote(db: Db, noteId: string, studentId: string): Promise<boolean> {
  return !!(await t(db).selectFrom('note_recipients').select('note_id').where('note_id', '=', noteId).where('student_id', '=', studentId).executeTakeFirst());
}

export async function insertBulk(db: Db, row: NoteBulkRow): Promise<void> {
  await t(db).insertInto('note_bulks').values(row).onConflict((oc) => oc.columns(['note_id', 'bulk_id']).doNothing()).execute();
}

export async function bulksOf(db: Db, noteId: string): Promise<NoteBulkRow[]> {
  return t(db).selectFrom('note_bulks').selectAll().where('note_id', '=', noteId).orderBy('round').execute();
}

// —— templates ——
export async function listTemplates(db: Db, schoolId: string, ownerId: string): Promise<TemplateRow[]> {
  return t(db)
    .selectFrom('note_templates')
    .selectAll()
    .where('school_id', '=', schoolId)
    .where((eb) => eb.or([eb('owner_id', 'is', null), eb('owner_id', '=', ownerId)]))
    .orderBy('title')
    .execute();
}

export async function getTemplate(db: Db, id: string): Promise<TemplateRow | undefined> {
  return t(db).selectFrom('note_templates').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findTemplate(db: Db, schoolId: string, ownerId: string | null, title: string): Promise<TemplateRow | undefined> {
  return t(db)
    .selectFrom('note_templates')
    .selectAll()
    .where('school_id', '=', schoolId)
    .where('owner_id', ownerId === null ? 'is' : '=', ownerId)
    .where('title', '=', title)
    .executeTakeFirst();
}

export async function insertTemplate(db: Db, row: TemplateRow): Promise<void> {
  await t(db).insertInto('note_templates').values(row).execute();
}

export async function updateTemplate(db: Db, id: string, set: Partial<Pick<TemplateRow, 'title' | 'type' | 'text' | 'updated_at'>>): Promise<void> {
  await t(db).updateTable('note_templates').set(set).where('id', '=', id).execute();
}

export async function deleteTemplate(db: Db, id: string): Promise<void> {
  await t(db).deleteFrom('note_templates').where('id', '=', id).execute();
}

// —— inbox ——
export async function nextInboxSeq(db: Db): Promise<number> {
  const r = await t(db).selectFrom('inbox').select(sql<number>`coalesce(max(seq), 0)`.as('m')).executeTakeFirst();
  return Number(r?.m ?? 0) + 1;
}

export async function insertInbox(db: Db, row: InboxRow): Promise<void> {
  await t(db).insertInto('inbox').values(row).execute();
}

export async function inboxByMo(db: Db, moId: string): Promise<InboxRow | undefined> {
  return t(db).selectFrom('inbox').selectAll().where('mo_id', '=', moId).executeTakeFirst();
}

export async function getInbox(db: Db, id: string): Promise<InboxRow | undefined> {
  return t(db).selectFrom('inbox').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function inboxBySeq(db: Db, seq: number): Promise<InboxRow | undefined> {
  return t(db).selectFrom('inbox').selectAll().where('seq', '=', seq).executeTakeFirst();
}

export async function setForward(db: Db, id: string, messageId: string): Promise<void> {
  await t(db).updateTable('inbox').set({ forward_message_id: messageId }).where('id', '=', id).execute();
}

export async function listInbox(db: Db, f: { teacherId: string; kind?: InboxKind; limit: number; offset: number }): Promise<{ rows: InboxRow[]; total: number }> {
  let q = t(db).selectFrom('inbox').where('teacher_id', '=', f.teacherId);
  if (f.kind) {
    q = f.kind === 'bzr' ? q.where('kind', '=', 'bzr') : q.where('kind', 'in', ['reply', 'portal']);
  }
  const total = await q.select(sql<number>`count(*)`.as('n')).executeTakeFirst();
  const rows = await q.selectAll().orderBy('received_at', 'desc').orderBy('seq', 'desc').limit(f.limit).offset(f.offset).execute();
  return { rows, total: Number(total?.n ?? 0) };
}

export async function inboxOfStudent(db: Db, studentId: string, limit: number): Promise<InboxRow[]> {
  return t(db).selectFrom('inbox').selectAll().where('student_id', '=', studentId).orderBy('received_at', 'desc').limit(limit).execute();
}

export async function answersOf(db: Db, inboxIds: readonly string[]): Promise<AnswerRow[]> {
  if (inboxIds.length === 0) {
    return [];
  }
  return t(db).selectFrom('inbox_answers').selectAll().where('inbox_id', 'in', [...inboxIds]).orderBy('created_at').execute();
}

export async function findAnswerByKey(db: Db, key: string): Promise<AnswerRow | undefined> {
  return t(db).selectFrom('inbox_answers').selectAll().where('key', '=', key).executeTakeFirst();
}

export async function insertAnswer(db: Db, row: AnswerRow): Promise<void> {
  await t(db).insertInto('inbox_answers').values(row).execute();
}

export async function setAnswered(db: Db, id: string, at: number): Promise<void> {
  await t(db).updateTable('inbox').set({ answered_at: at }).where('id', '=', id).execute();
}

// —— BZR choices ——
export async function putPending(db: Db, row: PendingRow): Promise<void> {
  const { phone: _p, ...set } = row;
  await t(db).insertInto('bzr_pending').values(row).onConflict((oc) => oc.column('phone').doUpdateSet(set)).execute();
}

export async function getPending(db: Db, phone: string): Promise<PendingRow | undefined> {
  return t(db).selectFrom('bzr_pending').selectAll().where('phone', '=', phone).executeTakeFirst();
}

export async function deletePending(db: Db, phone: string): Promise<void> {
  await t(db).deleteFrom('bzr_pending').where('phone', '=', phone).execute();
}

export async function deleteExpiredPending(db: Db, now: number): Promise<number> {
  const r = await t(db).deleteFrom('bzr_pending').where('expires_at', '<', now).executeTakeFirst();
  return Number(r.numDeletedRows);
}
