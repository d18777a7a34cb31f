import { sql } from 'kysely';
import type { Db } from '../platform/db/database';

/**
 * The tenant tree (modules/org): agencies own outlets and schools; schools have classes;
 * students sit in a class. Roles are held in these tenants (user_roles, identity's table).
 */
export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('agencies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('region', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint('agencies_status_check', sql`status in ('active', 'suspended')`)
    .execute();

  await db.schema
    .createTable('outlets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint('outlets_status_check', sql`status in ('active', 'suspended')`)
    .execute();
  await db.schema.createIndex('outlets_agency_idx').on('outlets').column('agency_id').execute();

  await db.schema
    .createTable('schools')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.references('agencies.id'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('district', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint('schools_status_check', sql`status in ('active', 'suspended')`)
    .execute();
  await db.schema.createIndex('schools_agency_idx').on('schools').column('agency_id').execute();

  await db.schema
    .createTable('classes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id'))
    .addColumn('grade', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('classes_school_name_idx').on('classes').columns(['school_id', 'name']).unique().execute();

  await db.schema
    .createTable('students')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id'))
    .addColumn('class_id', 'text', (c) => c.notNull().references('classes.id'))
    .addColumn('student_no', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    // Card limits set by guardians (fen; null: no limit). The campus card enforces them.
    .addColumn('daily_limit', 'bigint')
    .addColumn('single_limit', 'bigint')
    .addColumn('limits_updated_by', 'text')
    .addColumn('limits_updated_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint('students_status_check', sql`status in ('active', 'left')`)
    .execute();
  await db.schema.createIndex('students_school_no_idx').on('students').columns(['school_id', 'student_no']).unique().execute();
  await db.schema.createIndex('students_class_idx').on('students').column('class_id').execute();
}
