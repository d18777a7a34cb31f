import { sql } from 'kysely';
import type { Db } from '../platform/db/database';

/**
 * School messaging: roster imports. An upload is parsed, checked and compared with the current
 * roster into a preview (one row per student or teacher line, with its status and reasons); it
 * is applied only when someone confirms it, and the apply's progress is kept here for the
 * console's progress bar and the CLI's. See docs/decisions/0013-roster-import.md.
 */
export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('roster_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    // JSON: counts by kind and status, classes to create.
    .addColumn('summary', 'text', (c) => c.notNull())
    // JSON: what the apply did (null until applied).
    .addColumn('result', 'text')
    .addColumn('error', 'text')
    .addColumn('progress_done', 'integer', (c) => c.notNull())
    .addColumn('progress_total', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('applied_by', 'text')
    .addColumn('applied_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint('roster_imports_status_check', sql`status in ('previewed', 'applying', 'applied', 'expired')`)
    .execute();
  await db.schema.createIndex('roster_imports_school_idx').on('roster_imports').columns(['school_id', 'created_at']).execute();

  await db.schema
    .createTable('roster_import_rows')
    .addColumn('import_id', 'text', (c) => c.notNull().references('roster_imports.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('row_no', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    // JSON: the row as read and normalized.
    .addColumn('data', 'text', (c) => c.notNull())
    // JSON: reasons (errors) or what changes.
    .addColumn('notes', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('roster_import_rows_pk', ['import_id', 'seq'])
    .addCheckConstraint('roster_import_rows_kind_check', sql`kind in ('student', 'teacher')`)
    .addCheckConstraint('roster_import_rows_status_check', sql`status in ('new', 'changed', 'unchanged', 'error')`)
    .execute();
  await db.schema.createIndex('roster_import_rows_status_idx').on('roster_import_rows').columns(['import_id', 'status', 'seq']).execute();
}
