import { sql } from 'kysely';
import type { Db } from '../platform/db/database';

/**
 * Devices (modules/devices): gate readers, POS terminals, school phones, IVR gateways, and
 * carriers' and banks' callbacks. Each signs its requests with an HMAC key kept here (the
 * server needs the key itself to verify); a rotated key keeps working until
 * previous_valid_until. device_nonces holds each accepted request's nonce for the replay
 * window (docs/devices.md); a job deletes them after 10 minutes.
 */
export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('devices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('tenant_type', 'text', (c) => c.notNull())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('previous_secret', 'text')
    .addColumn('previous_valid_until', 'bigint')
    .addColumn('key_rotated_at', 'bigint')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('firmware', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint')
    .addColumn('last_ip', 'text')
    .addCheckConstraint('devices_type_check', sql`type in ('gate', 'pos', 'school_phone', 'ivr', 'callback')`)
    .addCheckConstraint('devices_status_check', sql`status in ('active', 'disabled')`)
    .execute();
  await db.schema.createIndex('devices_tenant_idx').on('devices').columns(['tenant_type', 'tenant_id']).execute();

  // One row per accepted request: the primary key makes a replay (even a concurrent one) fail.
  await db.schema
    .createTable('device_nonces')
    .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id').onDelete('cascade'))
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('seen_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('device_nonces_pk', ['device_id', 'nonce'])
    .execute();
  await db.schema.createIndex('device_nonces_seen_idx').on('device_nonces').column('seen_at').execute();
}
