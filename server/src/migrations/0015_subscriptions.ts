import { sql } from 'kysely';
import type { Db } from '../platform/db/database';

/**
 * Subscriptions and billing for school services (seed 001; modules/subscriptions, flows/billing):
 * - subscription_services: the catalog (家校互动 paid, bundling 亲情电话 and 平安短信; free services);
 * - subscription_prices: versioned prices, each from a month on (a change applies from the next month);
 * - subscriptions (from 0010): one row per (number, service), the subscription whose id keys its
 *   monthly charge; gains the school and agency it was sold under and when its current period began;
 * - subscription_events: every subscribe and cancel, with channel and actor: the history the fee
 *   rules read and guardians, agents and support see;
 * - subscription_consents: the guardian's own act behind each subscription (raw message, time,
 *   channel), kept for the subscription's life plus 6 months (`retain_until` set when it ends);
 * - subscription_requests: an agent's subscription on a family's behalf, pending the guardian's
 *   SMS reply within 24 hours;
 * - billing_runs / billing_charges: monthly runs with progress, and one charge per (subscription,
 *   month) with the ledger transfer that moved it; billing_statements and billing_agent_shares:
 *   agents' commission per month.
 */
export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('subscription_services')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('cycle', 'text', (c) => c.notNull())
    // JSON array of the service codes it includes (家校互动: ["family","safety"]).
    .addColumn('includes', 'text', (c) => c.notNull())
    // The service code in the carrier's billing file.
    .addColumn('billing_code', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('on_sale', 'smallint', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint('subscription_services_kind_check', sql`kind in ('paid', 'bundled', 'free')`)
    .addCheckConstraint('subscription_services_cycle_check', sql`cycle in ('month', 'none')`)
    .execute();

  await db.schema
    .createTable('subscription_prices')
    .addColumn('service', 'text', (c) => c.notNull().references('subscription_services.code'))
    // 'YYYY-MM': the first month this price applies to.
    .addColumn('from_month', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('subscription_prices_pk', ['service', 'from_month'])
    .addCheckConstraint('subscription_prices_amount_check', sql`amount >= 0`)
    .execute();

  await db.schema.alterTable('subscriptions').addColumn('school_id', 'text').execute();
  await db.schema.alterTable('subscriptions').addColumn('agency_id', 'text').execute();
  // When the current (or last) period began.
  await db.schema.alterTable('subscriptions').addColumn('since', 'bigint').execute();
  await db.schema.createIndex('subscriptions_service_id_idx').on('subscriptions').columns(['service', 'id']).execute();
  await db.schema.createIndex('subscriptions_school_idx').on('subscriptions').columns(['school_id', 'service']).execute();

  await db.schema
    .createTable('subscription_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subscription_id', 'text', (c) => c.notNull())
    .addColumn('msisdn', 'text', (c) => c.notNull())
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    // sms | portal | agent | operator | support | system | demo
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('note', 'text')
    .addColumn('consent_id', 'text')
    .addCheckConstraint('subscription_events_kind_check', sql`kind in ('subscribe', 'cancel')`)
    .execute();
  await db.schema.createIndex('subscription_events_sub_idx').on('subscription_events').columns(['subscription_id', 'at']).execute();
  await db.schema.createIndex('subscription_events_msisdn_idx').on('subscription_events').columns(['msisdn', 'at']).execute();
  await db.schema.createIndex('subscription_events_at_idx').on('subscription_events').columns(['at']).execute();

  await db.schema
    .createTable('subscription_consents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subscription_id', 'text', (c) => c.notNull())
    .addColumn('msisdn', 'text', (c) => c.notNull())
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    // The guardian's own act: the SMS as received, or what they did in the portal.
    .addColumn('raw', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('mo_id', 'text')
    .addColumn('request_id', 'text')
    // null while the subscription lasts; its end + 6 months once it ends.
    .addColumn('retain_until', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('subscription_consents_sub_idx').on('subscription_consents').columns(['subscription_id']).execute();
  await db.schema.createIndex('subscription_consents_retain_idx').on('subscription_consents').columns(['retain_until']).execute();

  await db.schema
    .createTable('subscription_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('msisdn', 'text', (c) => c.notNull())
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('school_id', 'text', (c) => c.notNull())
    .addColumn('agency_id', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'bigint')
    .addColumn('reply_text', 'text')
    .addColumn('reply_mo_id', 'text')
    .addCheckConstraint('subscription_requests_status_check', sql`status in ('pending', 'confirmed', 'declined', 'expired', 'withdrawn')`)
    .execute();
  await db.schema.createIndex('subscription_requests_msisdn_idx').on('subscription_requests').columns(['msisdn', 'status']).execute();
  await db.schema.createIndex('subscription_requests_agency_idx').on('subscription_requests').columns(['agency_id', 'status', 'requested_at']).execute();

  await db.schema
    .createTable('billing_agent_shares')
    .addColumn('agency_id', 'text', (c) => c.primaryKey())
    // Basis points of the fees of the agency's schools (2000 = 20%).
    .addColumn('share_bp', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint('billing_agent_shares_bp_check', sql`share_bp >= 0 and share_bp <= 10000`)
    .execute();

  await db.schema
    .createTable('billing_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('dry_run', 'smallint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('processed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('charged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('charged_amount', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('free', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed', 'integer', (c) => c.notNull().defaultTo(0))
    // JSON: how many subscriptions each fee rule decided.
    .addColumn('rules', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('started_by', 'text')
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .addColumn('error', 'text')
    .addCheckConstraint('billing_runs_status_check', sql`status in ('queued', 'running', 'done', 'failed')`)
    .execute();
  await db.schema.createIndex('billing_runs_month_idx').on('billing_runs').columns(['month', 'started_at']).execute();

  await db.schema
    .createTable('billing_charges')
    .addColumn('subscription_id', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('msisdn', 'text', (c) => c.notNull())
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('school_id', 'text')
    .addColumn('agency_id', 'text')
    .addColumn('transfer_id', 'bigint', (c) => c.notNull())
    .addColumn('run_id', 'text')
    .addColumn('charged_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('billing_charges_pk', ['subscription_id', 'month'])
    .execute();
  // A month's rows in carrier-file order (the file, the summaries). A number's bills are found
  // through its subscriptions (the primary key). Each index costs every charge of a run, so there
  // are no others (a month's summary by school or agency reads the month's rows).
  await db.schema.createIndex('billing_charges_month_msisdn_idx').on('billing_charges').columns(['month', 'msisdn', 'service']).execute();

  await db.schema
    .createTable('billing_statements')
    .addColumn('agency_id', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('charges', 'integer', (c) => c.notNull())
    .addColumn('fees', 'bigint', (c) => c.notNull())
    .addColumn('share_bp', 'integer', (c) => c.notNull())
    .addColumn('commission', 'bigint', (c) => c.notNull())
    .addColumn('transfer_id', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('billing_statements_pk', ['agency_id', 'month'])
    .execute();

  // The catalog the seed sells (operators edit it from the console; prices are versioned).
  const now = Date.now();
  const services = [
    ['jx', '家校互动', 'paid', 'month', '["family","safety"]', 'JXHD', '老师留言、成绩、作业、考勤通知；含亲情电话和平安短信。', 1],
    ['family', '亲情电话', 'bundled', 'none', '[]', 'QQDH', '学校公话拨打孩子的三个亲情号码，随家校互动赠送。', 1],
    ['safety', '平安短信', 'bundled', 'none', '[]', 'PASX', '孩子进出校门时的平安短信，随家校互动赠送。', 1],
    ['jxnotice', '学校通知（免费）', 'free', 'none', '[]', 'XXTZ', '学校发给全体家长的通知，免费；发送 QXMF 可退订。', 1],
    ['staff', '办公短信（免费）', 'free', 'none', '[]', 'BGDX', '学校教职工之间的办公短信，免费。', 1],
  ] as const;
  for (const [code, name, kind, cycle, includes, billingCode, description, onSale] of services) {
    await db
      .insertInto('subscription_services' as never)
      .values({ code, name, kind, cycle, includes, billing_code: billingCode, description, on_sale: onSale, updated_by: null, updated_at: now } as never)
      .execute();
    await db
      .insertInto('subscription_prices' as never)
      .values({ service: code, from_month: '2000-01', amount: kind === 'paid' ? 800 : 0, created_by: null, created_at: now } as never)
      .execute();
  }
}
