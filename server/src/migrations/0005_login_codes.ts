import type { Db } from '../platform/db/database';

export async function up(db: Db): Promise<void> {
  // One-time SMS codes: log-in and password reset. Only the code's hash is kept.
  await db.schema
    .createTable('login_codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema.createIndex('login_codes_phone_idx').on('login_codes').columns(['phone', 'created_at']).execute();
  await db.schema.createIndex('login_codes_ip_idx').on('login_codes').columns(['ip', 'created_at']).execute();

  // Wrong passwords and codes per subject (`login:<name>` or `phone:<number>`).
  await db.schema
    .createTable('login_failures')
    .addColumn('subject', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('first_at', 'bigint', (c) => c.notNull())
    .addColumn('locked_until', 'bigint')
    .execute();

  await db.schema.createIndex('users_phone_idx').on('users').column('phone').execute();
}
