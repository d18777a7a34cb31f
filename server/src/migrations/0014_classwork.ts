import { sql } from 'kysely';
import type { Db } from '../platform/db/database';

/**
 * School messaging, part "classwork": a class's timetable, its homework, its exams and each
 * student's results, and a school's staff groups with the 办公短信 sent to them.
 * Scores are integer tenths (92.5 → 925), or a text grade (优、良、缺考…): never floats.
 * Results are per student; nothing stores or derives a ranking.
 */
export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('class_timetable')
    .addColumn('class_id', 'text', (c) => c.notNull().references('classes.id'))
    .addColumn('weekday', 'smallint', (c) => c.notNull())
    .addColumn('period', 'smallint', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('teacher_id', 'text')
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('class_timetable_pk', ['class_id', 'weekday', 'period'])
    .addCheckConstraint('class_timetable_weekday_check', sql`weekday between 1 and 7`)
    .addCheckConstraint('class_timetable_period_check', sql`period between 1 and 10`)
    .execute();

  await db.schema
    .createTable('homework')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('class_id', 'text', (c) => c.notNull().references('classes.id'))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('due_day', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('note_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('homework_class_due_idx').on('homework').columns(['class_id', 'due_day']).execute();
  await db.schema.createIndex('homework_class_key_idx').on('homework').columns(['class_id', 'key']).unique().execute();

  await db.schema
    .createTable('exams')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('class_id', 'text', (c) => c.notNull().references('classes.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    // Subjects in order, joined by '、' (语文、数学、英语).
    .addColumn('subjects', 'text', (c) => c.notNull())
    .addColumn('full_marks', 'integer', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('published_at', 'bigint')
    .addColumn('published_by', 'text')
    .addColumn('note_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('exams_class_idx').on('exams').columns(['class_id', 'day']).execute();

  await db.schema
    .createTable('exam_results')
    .addColumn('exam_id', 'text', (c) => c.notNull().references('exams.id'))
    .addColumn('student_id', 'text', (c) => c.notNull().references('students.id'))
    .addColumn('subject', 'text', (c) => c.notNull())
    // Tenths of a point (925 = 92.5), or null when the result is a grade.
    .addColumn('score_tenths', 'integer')
    .addColumn('grade', 'text')
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('exam_results_pk', ['exam_id', 'student_id', 'subject'])
    .addCheckConstraint('exam_results_one_check', sql`(score_tenths is null) <> (grade is null)`)
    .execute();
  await db.schema.createIndex('exam_results_student_idx').on('exam_results').column('student_id').execute();

  await db.schema
    .createTable('staff_groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('staff_groups_school_name_idx').on('staff_groups').columns(['school_id', 'name']).unique().execute();

  await db.schema
    .createTable('staff_group_members')
    .addColumn('group_id', 'text', (c) => c.notNull().references('staff_groups.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('staff_group_members_pk', ['group_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('staff_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id'))
    .addColumn('group_id', 'text', (c) => c.notNull())
    .addColumn('group_name', 'text', (c) => c.notNull())
    .addColumn('sender_id', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('bulk_id', 'text', (c) => c.notNull())
    .addColumn('recipients', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('staff_messages_key_idx').on('staff_messages').columns(['sender_id', 'key']).unique().execute();
  await db.schema.createIndex('staff_messages_school_idx').on('staff_messages').columns(['school_id', 'created_at']).execute();
}
