import { sql } from 'kysely';
import type { Db } from '../platform/db/database';

/**
 * 校讯通's roster and school settings, shared by every part of school messaging:
 * - a role grant may carry a label: a guardian's relation (爸爸, 妈妈…) or a teacher's subjects;
 * - a student's campus card number (unique within the school) and a class's head teacher;
 * - each school's gate times and cut-off, and its calendar (school days and holidays);
 * - the subscription question ("is this number subscribed to service X"), which the
 *   subscriptions issue grows into the full catalog and billing.
 */
export async function up(db: Db): Promise<void> {
  await db.schema.alterTable('user_roles').addColumn('label', 'text').execute();

  await db.schema.alterTable('students').addColumn('card_no', 'text').execute();
  await db.schema
    .createIndex('students_school_card_idx')
    .on('students')
    .columns(['school_id', 'card_no'])
    .unique()
    .where(sql.ref('card_no'), 'is not', null)
    .execute();
  await db.schema.alterTable('classes').addColumn('head_teacher_id', 'text').execute();

  await db.schema
    .createTable('school_settings')
    .addColumn('school_id', 'text', (c) => c.primaryKey().references('schools.id'))
    // Local times 'HH:MM' (Asia/Shanghai).
    .addColumn('gate_open', 'text', (c) => c.notNull())
    .addColumn('arrive_cutoff', 'text', (c) => c.notNull())
    .addColumn('leave_from', 'text', (c) => c.notNull())
    .addColumn('quiet_from', 'text', (c) => c.notNull())
    .addColumn('quiet_until', 'text', (c) => c.notNull())
    .addColumn('dedupe_minutes', 'integer', (c) => c.notNull())
    .addColumn('late_upload_minutes', 'integer', (c) => c.notNull())
    .addColumn('family_minutes', 'integer', (c) => c.notNull())
    .addColumn('family_other_carriers', 'smallint', (c) => c.notNull())
    .addColumn('school_days', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('school_calendar')
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('school_calendar_pk', ['school_id', 'day'])
    .addCheckConstraint('school_calendar_kind_check', sql`kind in ('school_day', 'holiday')`)
    .execute();

  await db.schema
    .createTable('subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('msisdn', 'text', (c) => c.notNull())
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint('subscriptions_status_check', sql`status in ('active', 'cancelled')`)
    .execute();
  await db.schema.createIndex('subscriptions_msisdn_service_idx').on('subscriptions').columns(['msisdn', 'service']).unique().execute();
}
