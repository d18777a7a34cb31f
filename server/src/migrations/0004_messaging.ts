import { sql } from 'kysely';
import type { Db } from '../platform/db/database';

export async function up(db: Db): Promise<void> {
  // A bulk send: one teacher's note to a whole school is one bulk with one message per recipient.
  await db.schema
    .createTable('sms_bulks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('class', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('recipients', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sms_bulks_key_idx').on('sms_bulks').columns(['service', 'key']).unique().execute();

  // One row per recipient: the message as the platform promised it, with its aggregate state.
  await db.schema
    .createTable('sms_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('class', 'text', (c) => c.notNull())
    .addColumn('to_msisdn', 'text', (c) => c.notNull())
    .addColumn('carrier', 'text')
    .addColumn('src_id', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('encoding', 'text', (c) => c.notNull())
    .addColumn('parts', 'integer', (c) => c.notNull())
    .addColumn('bulk_id', 'text', (c) => c.references('sms_bulks.id'))
    .addColumn('reply_to_mo_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('not_before', 'bigint', (c) => c.notNull())
    .addColumn('gateway', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('done_at', 'bigint')
    .addCheckConstraint('sms_messages_status_check', sql`status in ('queued', 'blocked', 'submitted', 'accepted', 'delivered', 'failed', 'expired', 'unknown')`)
    .execute();
  await db.schema.createIndex('sms_messages_key_idx').on('sms_messages').columns(['service', 'key']).unique().execute();
  await db.schema.createIndex('sms_messages_to_idx').on('sms_messages').columns(['to_msisdn', 'created_at']).execute();
  await db.schema.createIndex('sms_messages_bulk_idx').on('sms_messages').columns(['bulk_id', 'status']).execute();
  await db.schema.createIndex('sms_messages_created_idx').on('sms_messages').columns(['created_at']).execute();
  await db.schema.createIndex('sms_messages_src_idx').on('sms_messages').columns(['src_id', 'to_msisdn', 'created_at']).execute();

  // One row per part on the wire: its gateway id and the time of each step.
  await db.schema
    .createTable('sms_parts')
    .addColumn('message_id', 'text', (c) => c.notNull().references('sms_messages.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('gateway', 'text')
    .addColumn('gateway_msg_id', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('report_stat', 'text')
    .addColumn('queued_at', 'bigint', (c) => c.notNull())
    .addColumn('submitted_at', 'bigint')
    .addColumn('accepted_at', 'bigint')
    .addColumn('done_at', 'bigint')
    .addPrimaryKeyConstraint('sms_parts_pk', ['message_id', 'seq'])
    .addCheckConstraint('sms_parts_status_check', sql`status in ('queued', 'submitted', 'accepted', 'delivered', 'failed', 'expired', 'unknown')`)
    .execute();
  await sql`create unique index sms_parts_gateway_msg_idx on sms_parts (gateway, gateway_msg_id) where gateway_msg_id is not null`.execute(db);
  await sql`create index sms_parts_waiting_idx on sms_parts (accepted_at) where status = 'accepted'`.execute(db);
  // The outbox: parts due to go on the wire (the dispatcher's one query).
  await sql`create index sms_parts_due_idx on sms_parts (next_attempt_at) where status in ('queued', 'unknown')`.execute(db);
  await sql`create index sms_parts_inflight_idx on sms_parts (submitted_at) where status = 'submitted'`.execute(db);

  // Delivery reports that arrived before the part's submit response was recorded.
  await db.schema
    .createTable('sms_orphan_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('gateway', 'text', (c) => c.notNull())
    .addColumn('gateway_msg_id', 'text', (c) => c.notNull())
    .addColumn('stat', 'text', (c) => c.notNull())
    .addColumn('to_msisdn', 'text')
    .addColumn('done_at', 'bigint', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('matched_at', 'bigint')
    .execute();
  await db.schema.createIndex('sms_orphan_reports_msg_idx').on('sms_orphan_reports').columns(['gateway', 'gateway_msg_id']).execute();

  // Opt-outs: per service, or '*' for every service.
  await db.schema
    .createTable('sms_optouts')
    .addColumn('msisdn', 'text', (c) => c.notNull())
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('sms_optouts_pk', ['msisdn', 'service'])
    .execute();

  // Every MO as it came off the wire, stored before it is acknowledged.
  await db.schema
    .createTable('sms_mo')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('gateway', 'text', (c) => c.notNull())
    .addColumn('gateway_msg_id', 'text', (c) => c.notNull())
    .addColumn('from_msisdn', 'text', (c) => c.notNull())
    .addColumn('to_code', 'text', (c) => c.notNull())
    .addColumn('msg_fmt', 'integer', (c) => c.notNull())
    .addColumn('payload_hex', 'text', (c) => c.notNull())
    .addColumn('udh_ref', 'integer')
    .addColumn('udh_total', 'integer')
    .addColumn('udh_seq', 'integer')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('assembled_into', 'text')
    .addColumn('route', 'text')
    .addColumn('service', 'text')
    .addColumn('result', 'text')
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('handled_at', 'bigint')
    .addCheckConstraint('sms_mo_status_check', sql`status in ('received', 'part', 'assembled', 'duplicate', 'routing', 'handled', 'failed')`)
    .execute();
  await db.schema.createIndex('sms_mo_wire_idx').on('sms_mo').columns(['gateway', 'gateway_msg_id']).unique().execute();
  await db.schema.createIndex('sms_mo_from_idx').on('sms_mo').columns(['from_msisdn', 'received_at']).execute();
  await sql`create index sms_mo_parts_idx on sms_mo (from_msisdn, to_code, udh_ref, udh_total) where status = 'part'`.execute(db);
}
