import { sql } from 'kysely';
import type { Db } from '../platform/db/database';

/**
 * School messaging: 家校互动 notes, their recipients, templates, and teachers' inboxes.
 * - notes: one per send; `seq` is the number replies come back to (10657099 + '1' + seq);
 *   `key` makes a retried send return the first note (unique per author).
 * - note_recipients: one row per (note, student, guardian) with that family's own text and
 *   whether an SMS goes (`sms`), in which bulk round (`round`: a guardian with two children
 *   in one note gets two texts, one per round, since a bulk sends once per number), and when
 *   the guardian read it in the portal.
 * - note_bulks: the messaging bulks that carry a note's SMS (delivery state is read from them);
 *   each round goes as bulks of 500 numbers, written side by side.
 * - note_templates: a teacher's own templates, or a school's (owner_id null).
 * - inbox: parents' replies to notes, BZR messages and portal messages, one row each, with the
 *   teacher it belongs to; `seq` is the thread's number (10657099 + '3' + seq). inbox_answers:
 *   the teacher's answers (console or SMS).
 * - bzr_pending: a parent with children in several classes was asked which child; the text
 *   waits here for the numbered answer (one per number, until it expires).
 */
export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull().unique())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id'))
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('urgent', 'smallint', (c) => c.notNull())
    // JSON: the classes written to ([] with target 'students' lists no class; 'school' every class).
    .addColumn('target_kind', 'text', (c) => c.notNull())
    .addColumn('class_ids', 'text', (c) => c.notNull())
    .addColumn('recipients', 'integer', (c) => c.notNull())
    .addColumn('sms_queued', 'integer', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('deliver_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint('notes_type_check', sql`type in ('performance', 'homework', 'conduct', 'result', 'status', 'notice')`)
    .addCheckConstraint('notes_target_check', sql`target_kind in ('classes', 'students', 'school')`)
    .execute();
  await db.schema.createIndex('notes_author_key_idx').on('notes').columns(['author_id', 'key']).unique().execute();
  await db.schema.createIndex('notes_school_idx').on('notes').columns(['school_id', 'created_at']).execute();

  await db.schema
    .createTable('note_recipients')
    .addColumn('note_id', 'text', (c) => c.notNull().references('notes.id'))
    .addColumn('student_id', 'text', (c) => c.notNull())
    .addColumn('guardian_id', 'text', (c) => c.notNull())
    .addColumn('class_id', 'text', (c) => c.notNull())
    .addColumn('student_name', 'text', (c) => c.notNull())
    .addColumn('guardian_name', 'text', (c) => c.notNull())
    .addColumn('label', 'text')
    .addColumn('phone', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('sms', 'smallint', (c) => c.notNull())
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('read_at', 'bigint')
    .addPrimaryKeyConstraint('note_recipients_pk', ['note_id', 'student_id', 'guardian_id'])
    .execute();
  await db.schema.createIndex('note_recipients_student_idx').on('note_recipients').columns(['student_id', 'note_id']).execute();
  await db.schema.createIndex('note_recipients_phone_idx').on('note_recipients').columns(['phone']).execute();

  await db.schema
    .createTable('note_bulks')
    .addColumn('note_id', 'text', (c) => c.notNull().references('notes.id'))
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('bulk_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('note_bulks_pk', ['note_id', 'bulk_id'])
    .execute();

  await db.schema
    .createTable('note_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id'))
    .addColumn('owner_id', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('note_templates_school_idx').on('note_templates').columns(['school_id', 'owner_id']).execute();

  await db.schema
    .createTable('inbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('teacher_id', 'text', (c) => c.notNull())
    .addColumn('guardian_id', 'text')
    .addColumn('guardian_name', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('student_id', 'text')
    .addColumn('student_name', 'text')
    .addColumn('class_id', 'text')
    .addColumn('note_id', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('mo_id', 'text')
    .addColumn('forward_message_id', 'text')
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('answered_at', 'bigint')
    .addCheckConstraint('inbox_kind_check', sql`kind in ('reply', 'bzr', 'portal')`)
    .execute();
  await db.schema.createIndex('inbox_teacher_idx').on('inbox').columns(['teacher_id', 'received_at']).execute();
  await db.schema.createIndex('inbox_mo_idx').on('inbox').columns(['mo_id']).unique().where(sql.ref('mo_id'), 'is not', null).execute();

  await db.schema
    .createTable('inbox_answers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('inbox_id', 'text', (c) => c.notNull().references('inbox.id'))
    .addColumn('by_id', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('via', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('message_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint('inbox_answers_via_check', sql`via in ('console', 'sms')`)
    .execute();
  await db.schema.createIndex('inbox_answers_inbox_idx').on('inbox_answers').columns(['inbox_id', 'created_at']).execute();

  await db.schema
    .createTable('bzr_pending')
    .addColumn('phone', 'text', (c) => c.primaryKey())
    .addColumn('guardian_id', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    // JSON: the student ids in the order they were offered (1, 2, …).
    .addColumn('choices', 'text', (c) => c.notNull())
    .addColumn('mo_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
}
