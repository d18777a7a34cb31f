/** Billing's queries (billing_* tables, and reads of the module's own subscriptions and events). Queries only. */
import { sql } from 'kysely';
import { dialectOf, type Db } from '../../../platform/db/database';
import { t, type BillingRunRow, type ChargeRow, type EventRow, type StatementRow, type SubscriptionRow } from '../tables';

export type SubscriptionSlice = Pick<SubscriptionRow, 'id' | 'msisdn' | 'service' | 'status' | 'school_id' | 'agency_id' | 'since' | 'created_at'>;
export type EventSlice = Pick<EventRow, 'subscription_id' | 'kind' | 'at'>;

const SUB_COLUMNS = ['id', 'msisdn', 'service', 'status', 'school_id', 'agency_id', 'since', 'created_at'] as const;

// ---- what the run reads ----

/** The services a monthly run bills: paid, with a monthly cycle. */
export async function monthlyServices(db: Db): Promise<{ code: string; billing_code: string }[]> {
  return t(db).selectFrom('subscription_services').select(['code', 'billing_code']).where('kind', '=', 'paid').where('cycle', '=', 'month').orderBy('code').execute();
}

export async function countSubscriptions(db: Db, services: string[]): Promise<number> {
  if (services.length === 0) {
    return 0;
  }
  const r = await t(db).selectFrom('subscriptions').select((eb) => eb.fn.countAll<number>().as('n')).where('service', 'in', services).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** One keyset page of a service's subscriptions, by id (index subscriptions_service_id_idx). */
export async function subscriptionsPage(db: Db, service: string, afterId: string | null, limit: number): Promise<SubscriptionSlice[]> {
  let q = t(db).selectFrom('subscriptions').select(SUB_COLUMNS).where('service', '=', service);
  if (afterId !== null) {
    q = q.where('id', '>', afterId);
  }
  return q.orderBy('id').limit(limit).execute();
}

export async function subscriptionById(db: Db, id: string): Promise<SubscriptionSlice | undefined> {
  return t(db).selectFrom('subscriptions').select(SUB_COLUMNS).where('id', '=', id).executeTakeFirst();
}

/**
 * Events at or after `from` of the subscriptions whose ids lie in [firstId, lastId] (one index range
 * scan on (subscription_id, at); the caller keeps those of its page).
 */
export async function eventsInRangeSince(db: Db, firstId: string, lastId: string, from: number): Promise<{ subscription_id: string }[]> {
  return t(db)
    .selectFrom('subscription_events')
    .select('subscription_id')
    .where('subscription_id', '>=', firstId)
    .where('subscription_id', '<=', lastId)
    .where('at', '>=', from)
    .execute();
}

/** The whole history of these subscriptions, in order. */
export async function histories(db: Db, ids: string[]): Promise<EventSlice[]> {
  const out: EventSlice[] = [];
  for (let i = 0; i < ids.length; i += 1000) {
    out.push(
      ...(await t(db)
        .selectFrom('subscription_events')
        .select(['subscription_id', 'kind', 'at'])
        .where('subscription_id', 'in', ids.slice(i, i + 1000))
        .orderBy('subscription_id')
        .orderBy('at')
        .orderBy('id')
        .execute()),
    );
  }
  return out;
}

// ---- runs ----

export async function insertRun(db: Db, row: BillingRunRow): Promise<void> {
  await t(db).insertInto('billing_runs').values(row).execute();
}

export async function getRun(db: Db, id: string): Promise<BillingRunRow | undefined> {
  return t(db).selectFrom('billing_runs').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function activeRuns(db: Db, month: string): Promise<BillingRunRow[]> {
  return t(db).selectFrom('billing_runs').selectAll().where('month', '=', month).where('status', 'in', ['queued', 'running']).execute();
}

export async function lastDoneRun(db: Db, month: string, dryRun: boolean): Promise<BillingRunRow | undefined> {
  return t(db)
    .selectFrom('billing_runs')
    .selectAll()
    .where('month', '=', month)
    .where('dry_run', '=', dryRun ? 1 : 0)
    .where('status', '=', 'done')
    .orderBy('started_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** A run of the same month and kind started after this one (which then stands aside). */
export async function newerRun(db: Db, run: Pick<BillingRunRow, 'id' | 'month' | 'dry_run' | 'started_at'>): Promise<BillingRunRow | undefined> {
  return t(db)
    .selectFrom('billing_runs')
    .selectAll()
    .where('month', '=', run.month)
    .where('dry_run', '=', run.dry_run)
    .where('id', '!=', run.id)
    .where('started_at', '>', run.started_at)
    .limit(1)
    .executeTakeFirst();
}

export async function listRuns(db: Db, limit: number, offset: number): Promise<{ items: BillingRunRow[]; total: number }> {
  const items = await t(db).selectFrom('billing_runs').selectAll().orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute();
  const c = await t(db).selectFrom('billing_runs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { items, total: Number(c.n) };
}

export async function updateRun(db: Db, id: string, set: Partial<BillingRunRow>, onlyStatus?: BillingRunRow['status'][]): Promise<number> {
  let q = t(db).updateTable('billing_runs').set(set).where('id', '=', id);
  if (onlyStatus) {
    q = q.where('status', 'in', onlyStatus);
  }
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

// ---- charges ----

const CHARGE_COLUMNS = ['subscription_id', 'month', 'msisdn', 'service', 'amount', 'rule', 'school_id', 'agency_id', 'transfer_id', 'run_id', 'charged_at'] as const;

/**
 * Records charges; a (subscription, month) already recorded stays as it is. A run writes 5,000 a
 * page, so the rows travel as one array per column (PostgreSQL: unnest, which it reads as data)
 * or one JSON text (SQLite: json_each), not as 55,000 bound values.
 */
const CHARGE_TYPES: Record<(typeof CHARGE_COLUMNS)[number], 'text' | 'bigint'> = {
  subscription_id: 'text',
  month: 'text',
  msisdn: 'text',
  service: 'text',
  amount: 'bigint',
  rule: 'text',
  school_id: 'text',
  agency_id: 'text',
  transfer_id: 'bigint',
  run_id: 'text',
  charged_at: 'bigint',
};

export async function insertCharges(db: Db, rows: ChargeRow[]): Promise<void> {
  const cols = sql.join(CHARGE_COLUMNS.map((c) => sql.ref(c)));
  for (let i = 0; i < rows.length; i += 5000) {
    const chunk = rows.slice(i, i + 5000);
    if (dialectOf(db) === 'postgres') {
      const arrays = CHARGE_COLUMNS.map((c) => sql`${chunk.map((r) => r[c])}::${sql.raw(CHARGE_TYPES[c])}[]`);
      await sql`insert into billing_charges (${cols})
        select * from unnest(${sql.join(arrays)})
        on conflict (subscription_id, month) do nothing`.execute(db);
    } else {
      const json = JSON.stringify(chunk.map((r) => CHARGE_COLUMNS.map((c) => r[c])));
      await sql`insert into billing_charges (${cols})
        select ${sql.join(CHARGE_COLUMNS.map((_, n) => sql`value ->> ${sql.raw(String(n))}`))} from json_each(${json}) where true
        on conflict (subscription_id, month) do nothing`.execute(db);
    }
  }
}

export async function getCharge(db: Db, subscriptionId: string, month: string): Promise<ChargeRow | undefined> {
  return t(db).selectFrom('billing_charges').selectAll().where('subscription_id', '=', subscriptionId).where('month', '=', month).executeTakeFirst();
}

export interface ChargeFilter {
  msisdn?: string;
  month?: string;
  subscriptionId?: string;
  agencyIds?: readonly string[] | null;
  schoolIds?: readonly string[] | null;
}

function filtered(db: Db, f: ChargeFilter) {
  let q = t(db).selectFrom('billing_charges');
  if (f.msisdn !== undefined) {
    // Through the number's subscriptions (the charges' primary key): no index by number, which every charge of a run would pay for.
    const msisdn = f.msisdn;
    q = q.where('subscription_id', 'in', (eb) => eb.selectFrom('subscriptions').select('id').where('msisdn', '=', msisdn));
  }
  if (f.month !== undefined) {
    q = q.where('month', '=', f.month);
  }
  if (f.subscriptionId !== undefined) {
    q = q.where('subscription_id', '=', f.subscriptionId);
  }
  if (f.agencyIds) {
    q = q.where('agency_id', 'in', f.agencyIds.length > 0 ? [...f.agencyIds] : ['']);
  }
  if (f.schoolIds) {
    q = q.where('school_id', 'in', f.schoolIds.length > 0 ? [...f.schoolIds] : ['']);
  }
  return q;
}

export async function listCharges(db: Db, f: ChargeFilter, limit: number, offset: number): Promise<{ items: ChargeRow[]; total: number }> {
  const items = await filtered(db, f).selectAll().orderBy('month', 'desc').orderBy('msisdn').orderBy('service').limit(limit).offset(offset).execute();
  const c = await filtered(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { items, total: Number(c.n) };
}

/** One page of a month's carrier file, ordered by number then service (unique within a month). */
export async function carrierPage(db: Db, month: string, after: { msisdn: string; service: string } | null, limit: number) {
  let q = t(db)
    .selectFrom('billing_charges as c')
    .innerJoin('subscription_services as s', 's.code', 'c.service')
    .select(['c.msisdn', 'c.service', 's.billing_code', 'c.amount'])
    .where('c.month', '=', month);
  if (after) {
    q = q.where((eb) => eb.or([eb('c.msisdn', '>', after.msisdn), eb.and([eb('c.msisdn', '=', after.msisdn), eb('c.service', '>', after.service)])]));
  }
  return q.orderBy('c.msisdn').orderBy('c.service').limit(limit).execute();
}

export async function totalsBy(db: Db, month: string, by: 'school_id' | 'agency_id', agencyIds: readonly string[] | null) {
  const rows = await filtered(db, { month, agencyIds })
    .select([by, (eb) => eb.fn.countAll<number>().as('charges'), (eb) => eb.fn.sum<number>('amount').as('amount')])
    .groupBy(by)
    .execute();
  return rows.map((r) => ({ id: (r as Record<string, unknown>)[by] as string | null, charges: Number(r.charges), amount: Number(r.amount ?? 0) }));
}

// ---- shares and statements ----

export async function shares(db: Db, agencyIds: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < agencyIds.length; i += 1000) {
    const rows = await t(db).selectFrom('billing_agent_shares').select(['agency_id', 'share_bp']).where('agency_id', 'in', agencyIds.slice(i, i + 1000)).execute();
    rows.forEach((r) => out.set(r.agency_id, Number(r.share_bp)));
  }
  return out;
}

export async function getShare(db: Db, agencyId: string) {
  return t(db).selectFrom('billing_agent_shares').selectAll().where('agency_id', '=', agencyId).executeTakeFirst();
}

export async function upsertShare(db: Db, agencyId: string, shareBp: number, by: string, now: number): Promise<void> {
  await t(db)
    .insertInto('billing_agent_shares')
    .values({ agency_id: agencyId, share_bp: shareBp, updated_by: by, updated_at: now })
    .onConflict((oc) => oc.column('agency_id').doUpdateSet({ share_bp: shareBp, updated_by: by, updated_at: now }))
    .execute();
}

export async function statementsOf(db: Db, f: { agencyIds: readonly string[] | null; month?: string }): Promise<StatementRow[]> {
  let q = t(db).selectFrom('billing_statements').selectAll();
  if (f.agencyIds) {
    q = q.where('agency_id', 'in', f.agencyIds.length > 0 ? [...f.agencyIds] : ['']);
  }
  if (f.month !== undefined) {
    q = q.where('month', '=', f.month);
  }
  return q.orderBy('month', 'desc').orderBy('agency_id').execute();
}

export async function upsertStatement(db: Db, row: StatementRow): Promise<void> {
  await t(db)
    .insertInto('billing_statements')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['agency_id', 'month']).doUpdateSet({
        charges: row.charges,
        fees: row.fees,
        share_bp: row.share_bp,
        commission: row.commission,
        transfer_id: row.transfer_id,
      }),
    )
    .execute();
}
