import type { Db } from '../platform/db/database';

export async function up(db: Db): Promise<void> {
  // Bearer tokens for API clients: shown once, only their SHA-256 kept; `prefix` lets a person
  // recognise one in a list. Every token expires (at most a year); revoked ones stay as a record.
  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('api_tokens_user_idx').on('api_tokens').columns(['user_id', 'created_at']).execute();

  // A mobile number identifies one person (SMS-code log-in finds the user by it): unique.
  // NULLs do not collide in either database.
  await db.schema.dropIndex('users_phone_idx').execute();
  await db.schema.createIndex('users_phone_key').on('users').column('phone').unique().execute();
}
