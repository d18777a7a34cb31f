/**
 * The ledger on PostgreSQL: one transaction per batch on one pooled connection. The chain
 * head row is locked first (`FOR UPDATE`), which serialises ledger batches across every
 * server process; each batch then needs a handful of round trips whatever its size.
 */
import type pg from 'pg';
import { evaluate, plan, type Unit } from './engine';
import { accountIdsFor, toLoaded, type LedgerStore } from './store-shared';
import type { AccountRow, TransferResult, TransferRow } from './types';

const COLUMNS = [
  'id', 'scope', 'key', 'fingerprint', 'kind', 'debit_account_id', 'credit_account_id', 'amount', 'currency', 'code',
  'pending_id', 'reverses_id', 'linked_group', 'expires_at', 'event_at', 'created_at', 'metadata', 'prev_hash', 'hash',
] as const;
const TYPES: Record<(typeof COLUMNS)[number], string> = {
  id: 'bigint', scope: 'text', key: 'text', fingerprint: 'text', kind: 'text', debit_account_id: 'text',
  credit_account_id: 'text', amount: 'bigint', currency: 'text', code: 'text', pending_id: 'bigint',
  reverses_id: 'bigint', linked_group: 'bigint', expires_at: 'bigint', event_at: 'bigint', created_at: 'bigint',
  metadata: 'text', prev_hash: 'text', hash: 'text',
};
const INSERT = `insert into ledger_transfers (${COLUMNS.join(', ')})
  select * from unnest(${COLUMNS.map((c, i) => `$${i + 1}::${TYPES[c]}[]`).join(', ')})`;

export class PostgresLedgerStore implements LedgerStore {
  constructor(private readonly pool: pg.Pool) {}

  async applyBatch(units: Unit[], now: number): Promise<TransferResult[][]> {
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      const head = (await client.query<{ lastId: number; lastHash: string }>(
        'select last_id as "lastId", last_hash as "lastHash" from ledger_head where id = 1 for update',
      )).rows[0]!;
      const p = plan(units);
      const byKey = (await client.query<TransferRow>(
        'select t.* from ledger_transfers t join unnest($1::text[], $2::text[]) as k(scope, key) on t.scope = k.scope and t.key = k.key',
        [p.keys.map((k) => k.scope), p.keys.map((k) => k.key)],
      )).rows;
      const referenced = p.transferIds.length === 0 ? [] : (await client.query<TransferRow & { resolved: boolean; reversed: boolean }>(
        `select t.*,
                exists (select 1 from ledger_transfers r where r.pending_id = t.id) as resolved,
                exists (select 1 from ledger_transfers v where v.reverses_id = t.id) as reversed
           from ledger_transfers t where t.id = any($1::bigint[])`,
        [p.transferIds],
      )).rows;
      const accounts = (await client.query<AccountRow>('select * from ledger_accounts where id = any($1::text[])', [accountIdsFor(units, referenced)])).rows;

      const out = evaluate(units, toLoaded({ head, byKey, referenced, accounts }), now);

      if (out.inserts.length > 0) {
        await client.query(INSERT, COLUMNS.map((c) => out.inserts.map((r) => r[c])));
        const touched = [...out.touched.values()];
        await client.query(
          `update ledger_accounts a set debits_pending = v.dp, debits_posted = v.dpo, credits_pending = v.cp, credits_posted = v.cpo
             from unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[]) as v(id, dp, dpo, cp, cpo)
            where a.id = v.id`,
          [touched.map((a) => a.id), touched.map((a) => a.debits_pending), touched.map((a) => a.debits_posted), touched.map((a) => a.credits_pending), touched.map((a) => a.credits_posted)],
        );
        await client.query('update ledger_head set last_id = $1, last_hash = $2 where id = 1', [out.head.lastId, out.head.lastHash]);
      }
      await client.query('commit');
      return out.results;
    } catch (e) {
      await client.query('rollback').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }
}
