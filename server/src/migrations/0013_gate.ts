import { sql } from 'kysely';
import type { Db } from '../platform/db/database';

/**
 * School messaging: gate swipes, attendance, leave, and 亲情电话 family numbers and calls.
 * - gate_swipes: every swipe a gate reader uploaded, once: (device_id, device_seq) is unique, so
 *   an offline batch uploaded again changes nothing. `outcome` says what it did; `sms_state`
 *   is the safety SMS's intent (pending → sent), so a crash between commit and send is retried.
 * - gate_attendance: per (student, day): first arrival, last departure, late, absence notice.
 * - gate_leaves: a student on leave for a day (marked by the head teacher or the school).
 * - gate_cutoff_runs: one row per (school, day) whose cut-off ran, which makes it run once.
 * - family_numbers: up to 3 numbers per student (slot 1..3).
 * - family_calls: each call a school phone placed, by (device_id, call_id), with the seconds
 *   allowed and, once recorded, the duration and the minutes charged to its month.
 */
export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('gate_swipes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('device_seq', 'text', (c) => c.notNull())
    .addColumn('card_no', 'text', (c) => c.notNull())
    .addColumn('student_id', 'text')
    .addColumn('gate', 'text')
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('device_time', 'bigint', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('sms_state', 'text', (c) => c.notNull())
    .addColumn('message_ids', 'text')
    .addCheckConstraint('gate_swipes_direction_check', sql`direction in ('in', 'out')`)
    .addCheckConstraint('gate_swipes_sms_state_check', sql`sms_state in ('none', 'pending', 'sent')`)
    .execute();
  await db.schema.createIndex('gate_swipes_device_seq_idx').on('gate_swipes').columns(['device_id', 'device_seq']).unique().execute();
  await db.schema.createIndex('gate_swipes_student_idx').on('gate_swipes').columns(['student_id', 'direction', 'device_time']).execute();
  await db.schema.createIndex('gate_swipes_school_day_idx').on('gate_swipes').columns(['school_id', 'day']).execute();
  await db.schema.createIndex('gate_swipes_pending_idx').on('gate_swipes').columns(['sms_state', 'received_at']).execute();

  await db.schema
    .createTable('gate_attendance')
    .addColumn('student_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('school_id', 'text', (c) => c.notNull())
    .addColumn('first_in', 'bigint')
    .addColumn('last_out', 'bigint')
    .addColumn('late', 'smallint', (c) => c.notNull().defaultTo(0))
    .addColumn('absent_notified_at', 'bigint')
    .addColumn('absent_message_ids', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('gate_attendance_pk', ['student_id', 'day'])
    .execute();
  await db.schema.createIndex('gate_attendance_school_day_idx').on('gate_attendance').columns(['school_id', 'day']).execute();

  await db.schema
    .createTable('gate_leaves')
    .addColumn('student_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('school_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('marked_by', 'text', (c) => c.notNull())
    .addColumn('marked_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('gate_leaves_pk', ['student_id', 'day'])
    .execute();
  await db.schema.createIndex('gate_leaves_school_day_idx').on('gate_leaves').columns(['school_id', 'day']).execute();

  await db.schema
    .createTable('gate_cutoff_runs')
    .addColumn('school_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('absent', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .addPrimaryKeyConstraint('gate_cutoff_runs_pk', ['school_id', 'day'])
    .addCheckConstraint('gate_cutoff_runs_state_check', sql`state in ('sending', 'done')`)
    .execute();

  await db.schema
    .createTable('family_numbers')
    .addColumn('student_id', 'text', (c) => c.notNull())
    .addColumn('slot', 'integer', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('set_by', 'text', (c) => c.notNull())
    .addColumn('set_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('family_numbers_pk', ['student_id', 'slot'])
    .addCheckConstraint('family_numbers_slot_check', sql`slot between 1 and 3`)
    .execute();

  await db.schema
    .createTable('family_calls')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('call_id', 'text', (c) => c.notNull())
    .addColumn('school_id', 'text', (c) => c.notNull())
    .addColumn('student_id', 'text', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('authorized_at', 'bigint', (c) => c.notNull())
    .addColumn('allowed_seconds', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'bigint')
    .addColumn('duration_seconds', 'integer')
    .addColumn('minutes_used', 'integer')
    .addColumn('minutes_charged', 'integer')
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'bigint')
    .execute();
  await db.schema.createIndex('family_calls_device_call_idx').on('family_calls').columns(['device_id', 'call_id']).unique().execute();
  await db.schema.createIndex('family_calls_student_month_idx').on('family_calls').columns(['student_id', 'month']).execute();
}
