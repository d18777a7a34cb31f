/** Read queries and account writes of the ledger (transfers are written only by the stores). */
import { sql, type Kysely } from 'kysely';
import { dialectOf, type Db } from '../../platform/db/database';
import type { AccountRow, TransferRow } from './types';

interface Tables {
  ledger_accounts: AccountRow;
  ledger_transfers: TransferRow;
  ledger_head: { id: number; last_id: number; last_hash: string };
}
const t = (db: Db) => db as Kysely<Tables>;

export async function insertAccount(db: Db, row: AccountRow): Promise<void> {
  await t(db)
    .insertInto('ledger_accounts')
    .values(row)
    .onConflict((oc) => oc.columns(['code', 'owner_type', 'owner_id', 'currency']).doNothing())
    .execute();
}

export async function findAccount(db: Db, id: string): Promise<AccountRow | undefined> {
  return t(db).selectFrom('ledger_accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findAccountByOwner(
  db: Db,
  k: { code: string; ownerType: string; ownerId: string; currency: string },
): Promise<AccountRow | undefined> {
  return t(db)
    .selectFrom('ledger_accounts')
    .selectAll()
    .where('code', '=', k.code)
    .where('owner_type', '=', k.ownerType)
    .where('owner_id', '=', k.ownerId)
    .where('currency', '=', k.currency)
    .executeTakeFirst();
}

export async function listAccounts(db: Db, f: { code?: string; ownerType?: string; ownerId?: string }): Promise<AccountRow[]> {
  let q = t(db).selectFrom('ledger_accounts').selectAll();
  if (f.code) {
    q = q.where('code', '=', f.code);
  }
  if (f.ownerType) {
    q = q.where('owner_type', '=', f.ownerType);
  }
  if (f.ownerId) {
    q = q.where('owner_id', '=', f.ownerId);
  }
  return q.orderBy('code').orderBy('owner_type').orderBy('owner_id').execute();
}

/**
 * PostgreSQL: under the chain-head lock, as every batch, so that a batch in flight either
 * commits before the account closes or sees it closed. (SQLite's batches are synchronous:
 * nothing runs between a batch's load and its commit.)
 */
export async function setAccountClosed(db: Db, id: string, closed: boolean): Promise<void> {
  const update = (q: Db) => t(q).updateTable('ledger_accounts').set({ closed: closed ? 1 : 0 }).where('id', '=', id).execute();
  if (dialectOf(db) === 'sqlite') {
    await update(db);
    return;
  }
  await db.transaction().execute(async (trx) => {
    await sql`select 1 from ledger_head where id = 1 for update`.execute(trx);
    await update(trx);
  });
}

export async function findTransferByKey(db: Db, scope: string, key: string): Promise<TransferRow | undefined> {
  return t(db).selectFrom('ledger_transfers').selectAll().where('scope', '=', scope).where('key', '=', key).executeTakeFirst();
}

export async function findTransfer(db: Db, id: number): Promise<TransferRow | undefined> {
  return t(db).selectFrom('ledger_transfers').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The account's latest transfer (the SMS "11" query). */
export async function lastTransferOf(db: Db, accountId: string): Promise<TransferRow | undefined> {
  return t(db)
    .selectFrom('ledger_transfers')
    .selectAll()
    .where((eb) => eb.or([eb('debit_account_id', '=', accountId), eb('credit_account_id', '=', accountId)]))
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export interface FollowUps {
  /** The reversal of this transfer, if any. */
  reversed_by: number | null;
  /** The post, void or expire of this hold, if any. */
  resolved_by: number | null;
}

/** Transfers touching an account committed in [from, to), oldest first, with what later happened to each. */
export async function transfersOf(db: Db, accountId: string, from: number, to: number): Promise<(TransferRow & FollowUps)[]> {
  return t(db)
    .selectFrom('ledger_transfers as t')
    .selectAll('t')
    .select((eb) => [
      eb.selectFrom('ledger_transfers as v').select('v.id').whereRef('v.reverses_id', '=', 't.id').as('reversed_by'),
      eb.selectFrom('ledger_transfers as r').select('r.id').whereRef('r.pending_id', '=', 't.id').as('resolved_by'),
    ])
    .where((eb) => eb.or([eb('t.debit_account_id', '=', accountId), eb('t.credit_account_id', '=', accountId)]))
    .where('t.created_at', '>=', from)
    .where('t.created_at', '<', to)
    .orderBy('t.id')
    .execute();
}

export async function followUpsOf(db: Db, id: number): Promise<FollowUps> {
  const r = await t(db)
    .selectFrom('ledger_transfers as t')
    .select((eb) => [
      eb.selectFrom('ledger_transfers as v').select('v.id').whereRef('v.reverses_id', '=', 't.id').as('reversed_by'),
      eb.selectFrom('ledger_transfers as r').select('r.id').whereRef('r.pending_id', '=', 't.id').as('resolved_by'),
    ])
    .where('t.id', '=', id)
    .executeTakeFirst();
  return { reversed_by: r?.reversed_by ?? null, resolved_by: r?.resolved_by ?? null };
}

/**
 * The four counters of an account as they were at `at` (commit time), summed from the journal.
 * A pending transfer counts as pending until a post, void or expire committed by then.
 */
export async function countersAsOf(
  db: Db,
  accountId: string,
  at: number,
): Promise<{ debits_posted: number; credits_posted: number; debits_pending: number; credits_pending: number }> {
  const r = await sql<{ debits_posted: number | null; credits_posted: number | null; debits_pending: number | null; credits_pending: number | null }>`
    select
      sum(case when debit_account_id = ${accountId} and kind in ('single', 'post') then amount else 0 end) as debits_posted,
      sum(case when credit_account_id = ${accountId} and kind in ('single', 'post') then amount else 0 end) as credits_posted,
      sum(case when debit_account_id = ${accountId} and kind = 'pending' and not exists (
            select 1 from ledger_transfers r where r.pending_id = t.id and r.created_at <= ${at}) then amount else 0 end) as debits_pending,
      sum(case when credit_account_id = ${accountId} and kind = 'pending' and not exists (
            select 1 from ledger_transfers r where r.pending_id = t.id and r.created_at <= ${at}) then amount else 0 end) as credits_pending
    from ledger_transfers t
    where (debit_account_id = ${accountId} or credit_account_id = ${accountId}) and created_at <= ${at}`.execute(db);
  const row = r.rows[0];
  return {
    debits_posted: Number(row?.debits_posted ?? 0),
    credits_posted: Number(row?.credits_posted ?? 0),
    debits_pending: Number(row?.debits_pending ?? 0),
    credits_pending: Number(row?.credits_pending ?? 0),
  };
}

/** Pending transfers past their expiry with no post, void or expire yet. */
export async function expiredHolds(db: Db, now: number, limit: number): Promise<TransferRow[]> {
  return t(db)
    .selectFrom('ledger_transfers as p')
    .selectAll('p')
    .where('p.kind', '=', 'pending')
    .where('p.expires_at', 'is not', null)
    .where('p.expires_at', '<=', now)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('ledger_transfers as r').select('r.id').whereRef('r.pending_id', '=', 'p.id'))))
    .orderBy('p.id')
    .limit(limit)
    .execute();
}

// ---- verification ----

export async function sumsByCurrency(db: Db): Promise<{ currency: string; posted: number; pending: number }[]> {
  const r = await sql<{ currency: string; posted: number | string; pending: number | string }>`
    select currency,
           sum(credits_posted - debits_posted) as posted,
           sum(credits_pending - debits_pending) as pending
      from ledger_accounts group by currency order by currency`.execute(db);
  return r.rows.map((x) => ({ currency: x.currency, posted: Number(x.posted), pending: Number(x.pending) }));
}

/** Accounts whose stored counters differ from the sums of the journal. */
export async function accountsOffJournal(db: Db): Promise<(AccountRow & { j_dpo: number; j_cpo: number; j_dp: number; j_cp: number })[]> {
  const r = await sql<AccountRow & { j_dpo: number; j_cpo: number; j_dp: number; j_cp: number }>`
    with legs as (
      select debit_account_id as account_id,
             case when kind in ('single', 'post') then amount else 0 end as dpo, 0 as cpo,
             case when kind = 'pending' and not exists (select 1 from ledger_transfers r where r.pending_id = t.id) then amount else 0 end as dp,
             0 as cp
        from ledger_transfers t
      union all
      select credit_account_id,
             0, case when kind in ('single', 'post') then amount else 0 end,
             0, case when kind = 'pending' and not exists (select 1 from ledger_transfers r where r.pending_id = t.id) then amount else 0 end
        from ledger_transfers t
    ), sums as (
      select account_id, sum(dpo) as j_dpo, sum(cpo) as j_cpo, sum(dp) as j_dp, sum(cp) as j_cp from legs group by account_id
    )
    select a.*, coalesce(s.j_dpo, 0) as j_dpo, coalesce(s.j_cpo, 0) as j_cpo, coalesce(s.j_dp, 0) as j_dp, coalesce(s.j_cp, 0) as j_cp
      from ledger_accounts a left join sums s on s.account_id = a.id
     where a.debits_posted <> coalesce(s.j_dpo, 0) or a.credits_posted <> coalesce(s.j_cpo, 0)
        or a.debits_pending <> coalesce(s.j_dp, 0) or a.credits_pending <> coalesce(s.j_cp, 0)
     order by a.id`.execute(db);
  return r.rows.map((x) => ({ ...x, j_dpo: Number(x.j_dpo), j_cpo: Number(x.j_cpo), j_dp: Number(x.j_dp), j_cp: Number(x.j_cp) }));
}

/** No-negative accounts below −overdraft_limit (available = credits − debits − pending debits). */
export async function accountsBelowLimit(db: Db): Promise<AccountRow[]> {
  return t(db)
    .selectFrom('ledger_accounts')
    .selectAll()
    .where('no_negative', '=', 1)
    .where(sql<boolean>`credits_posted - debits_posted - debits_pending < -overdraft_limit`)
    .orderBy('id')
    .execute();
}

export async function transfersPage(db: Db, afterId: number, limit: number): Promise<TransferRow[]> {
  return t(db).selectFrom('ledger_transfers').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute();
}

export async function readHead(db: Db): Promise<{ last_id: number; last_hash: string }> {
  return t(db).selectFrom('ledger_head').select(['last_id', 'last_hash']).where('id', '=', 1).executeTakeFirstOrThrow();
}
