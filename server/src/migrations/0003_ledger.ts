import { sql } from 'kysely';
import type { Db, Dialect } from '../platform/db/database';

export async function up(db: Db, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('ledger_accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('owner_type', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('no_negative', 'smallint', (c) => c.notNull())
    .addColumn('overdraft_limit', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('closed', 'smallint', (c) => c.notNull().defaultTo(0))
    .addColumn('debits_pending', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('debits_posted', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('credits_pending', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('credits_posted', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint('ledger_accounts_overdraft_check', sql`overdraft_limit >= 0`)
    .addCheckConstraint('ledger_accounts_counters_check', sql`debits_pending >= 0 and debits_posted >= 0 and credits_pending >= 0 and credits_posted >= 0`)
    .execute();
  await db.schema
    .createIndex('ledger_accounts_owner_idx')
    .on('ledger_accounts')
    .columns(['code', 'owner_type', 'owner_id', 'currency'])
    .unique()
    .execute();

  // One row: the head of the hash chain and the last transfer id. Every batch locks it, so
  // ids are gap-free and in commit order.
  await db.schema
    .createTable('ledger_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('last_id', 'bigint', (c) => c.notNull())
    .addColumn('last_hash', 'text', (c) => c.notNull())
    .execute();
  await sql`insert into ledger_head (id, last_id, last_hash) values (1, 0, ${'0'.repeat(64)})`.execute(db);

  await db.schema
    .createTable('ledger_transfers')
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('debit_account_id', 'text', (c) => c.notNull().references('ledger_accounts.id'))
    .addColumn('credit_account_id', 'text', (c) => c.notNull().references('ledger_accounts.id'))
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('pending_id', 'bigint', (c) => c.references('ledger_transfers.id'))
    .addColumn('reverses_id', 'bigint', (c) => c.references('ledger_transfers.id'))
    .addColumn('linked_group', 'bigint')
    .addColumn('expires_at', 'bigint')
    .addColumn('event_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addCheckConstraint('ledger_transfers_amount_check', sql`amount > 0`)
    .addCheckConstraint('ledger_transfers_legs_check', sql`debit_account_id <> credit_account_id`)
    .addCheckConstraint('ledger_transfers_kind_check', sql`kind in ('single', 'pending', 'post', 'void', 'expire')`)
    .execute();
  await db.schema.createIndex('ledger_transfers_key_idx').on('ledger_transfers').columns(['scope', 'key']).unique().execute();
  await db.schema.createIndex('ledger_transfers_debit_idx').on('ledger_transfers').columns(['debit_account_id', 'id']).execute();
  await db.schema.createIndex('ledger_transfers_credit_idx').on('ledger_transfers').columns(['credit_account_id', 'id']).execute();
  // At most one post/void/expire per pending transfer, and one reversal per original.
  await sql`create unique index ledger_one_resolution_idx on ledger_transfers (pending_id) where pending_id is not null`.execute(db);
  await sql`create unique index ledger_one_reversal_idx on ledger_transfers (reverses_id) where reverses_id is not null`.execute(db);
  await sql`create index ledger_open_holds_idx on ledger_transfers (expires_at) where kind = 'pending' and expires_at is not null`.execute(db);

  // The journal is append-only, enforced by the database itself.
  if (dialect === 'postgres') {
    await sql`
      create function ledger_transfers_immutable() returns trigger language plpgsql as $$
      begin
        raise exception 'ledger_transfers is append-only (% refused)', tg_op;
      end $$`.execute(db);
    await sql`
      create trigger ledger_transfers_no_change before update or delete on ledger_transfers
      for each row execute function ledger_transfers_immutable()`.execute(db);
  } else {
    await sql`
      create trigger ledger_transfers_no_update before update on ledger_transfers
      begin select raise(abort, 'ledger_transfers is append-only (UPDATE refused)'); end`.execute(db);
    await sql`
      create trigger ledger_transfers_no_delete before delete on ledger_transfers
      begin select raise(abort, 'ledger_transfers is append-only (DELETE refused)'); end`.execute(db);
  }
}
