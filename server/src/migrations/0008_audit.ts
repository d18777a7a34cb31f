/**
 * The audit log: one row per state-changing action, from any channel (web, API, device, SMS,
 * CLI, system). Append-only, enforced by the database itself on both stores: a trigger refuses
 * every UPDATE and DELETE. Rows hold ids, never names, logins or phone numbers
 * (docs/decisions/0011-audit-log.md).
 */
import { sql } from 'kysely';
import type { Db, Dialect } from '../platform/db/database';

export async function up(db: Db, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('audit_log')
    // UUIDv7: sorts by time, so the newest-first page is an index scan on the key.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('request_id', 'text')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('role', 'text')
    .addColumn('tenant_type', 'text')
    .addColumn('tenant_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('status', 'integer')
    .addColumn('error_code', 'text')
    .addColumn('ip', 'text')
    .addColumn('details', 'text')
    .addCheckConstraint('audit_log_channel_check', sql`channel in ('web', 'api', 'device', 'sms', 'cli', 'system')`)
    .addCheckConstraint('audit_log_actor_kind_check', sql`actor_kind in ('anonymous', 'user', 'device', 'phone', 'system')`)
    .addCheckConstraint('audit_log_result_check', sql`result in ('ok', 'denied', 'failed')`)
    .execute();
  // Searches: by time, by who, by what, by tenant; each newest first (id order).
  await db.schema.createIndex('audit_log_at_idx').on('audit_log').column('at').execute();
  await db.schema.createIndex('audit_log_actor_idx').on('audit_log').columns(['actor_id', 'id']).execute();
  await db.schema.createIndex('audit_log_action_idx').on('audit_log').columns(['action', 'id']).execute();
  await db.schema.createIndex('audit_log_tenant_idx').on('audit_log').columns(['tenant_type', 'tenant_id', 'id']).execute();
  await db.schema.createIndex('audit_log_request_idx').on('audit_log').column('request_id').execute();

  if (dialect === 'postgres') {
    await sql`
      create function audit_log_immutable() returns trigger language plpgsql as $$
      begin
        raise exception 'audit_log is append-only (% refused)', tg_op;
      end $$`.execute(db);
    await sql`
      create trigger audit_log_no_change before update or delete on audit_log
      for each row execute function audit_log_immutable()`.execute(db);
    // TRUNCATE skips row triggers: refuse it too.
    await sql`
      create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function audit_log_immutable()`.execute(db);
  } else {
    await sql`
      create trigger audit_log_no_update before update on audit_log
      begin select raise(abort, 'audit_log is append-only (UPDATE refused)'); end`.execute(db);
    await sql`
      create trigger audit_log_no_delete before delete on audit_log
      begin select raise(abort, 'audit_log is append-only (DELETE refused)'); end`.execute(db);
  }
}
