/**
 * The ledger on SQLite: the whole batch in one synchronous BEGIN IMMEDIATE transaction on
 * the process's one connection, with prepared statements. Nothing else can run on the
 * connection meanwhile (it is synchronous), and a batch waits while a query-layer
 * transaction is open, so ledger writes never nest inside another module's transaction.
 */
import type SqliteDatabase from 'better-sqlite3';
import { evaluate, plan, type Unit } from './engine';
import { accountIdsFor, toLoaded, type LedgerStore } from './store-shared';
import type { AccountRow, TransferResult, TransferRow } from './types';

type Stmt = SqliteDatabase.Statement;

export class SqliteLedgerStore implements LedgerStore {
  private readonly s: {
    head: Stmt;
    byKey: Stmt;
    byId: Stmt;
    account: Stmt;
    insert: Stmt;
    updateAccount: Stmt;
    updateHead: Stmt;
  };
  private readonly txn: SqliteDatabase.Transaction<(units: Unit[], now: number) => TransferResult[][]>;

  constructor(private readonly db: SqliteDatabase.Database) {
    this.s = {
      head: db.prepare('select last_id as lastId, last_hash as lastHash from ledger_head where id = 1'),
      byKey: db.prepare('select * from ledger_transfers where scope = ? and key = ?'),
      byId: db.prepare(
        `select t.*,
                exists (select 1 from ledger_transfers r where r.pending_id = t.id) as resolved,
                exists (select 1 from ledger_transfers v where v.reverses_id = t.id) as reversed
           from ledger_transfers t where t.id = ?`,
      ),
      account: db.prepare('select * from ledger_accounts where id = ?'),
      insert: db.prepare(
        `insert into ledger_transfers (id, scope, key, fingerprint, kind, debit_account_id, credit_account_id, amount,
           currency, code, pending_id, reverses_id, linked_group, expires_at, event_at, created_at, metadata, prev_hash, hash)
         values (@id, @scope, @key, @fingerprint, @kind, @debit_account_id, @credit_account_id, @amount,
           @currency, @code, @pending_id, @reverses_id, @linked_group, @expires_at, @event_at, @created_at, @metadata, @prev_hash, @hash)`,
      ),
      updateAccount: db.prepare(
        `update ledger_accounts set debits_pending = @debits_pending, debits_posted = @debits_posted,
           credits_pending = @credits_pending, credits_posted = @credits_posted where id = @id`,
      ),
      updateHead: db.prepare('update ledger_head set last_id = @lastId, last_hash = @lastHash where id = 1'),
    };
    this.txn = db.transaction((units: Unit[], now: number): TransferResult[][] => {
        const p = plan(units);
        const byKey = p.keys.map((k) => this.s.byKey.get(k.scope, k.key) as TransferRow | undefined).filter((t) => t !== undefined);
        const referenced = p.transferIds
          .map((id) => this.s.byId.get(id) as (TransferRow & { resolved: number; reversed: number }) | undefined)
          .filter((t) => t !== undefined);
        const accounts = accountIdsFor(units, referenced)
          .map((id) => this.s.account.get(id) as AccountRow | undefined)
          .filter((a) => a !== undefined);
        const head = this.s.head.get() as { lastId: number; lastHash: string };
        const out = evaluate(units, toLoaded({ head, byKey, referenced, accounts }), now);
        for (const r of out.inserts) {
          this.s.insert.run(r);
        }
        for (const a of out.touched.values()) {
          this.s.updateAccount.run(a);
        }
        this.s.updateHead.run(out.head);
        return out.results;
    });
  }

  async applyBatch(units: Unit[], now: number): Promise<TransferResult[][]> {
    while (this.db.inTransaction) {
      await new Promise((r) => setImmediate(r));
    }
    return this.txn.immediate(units, now);
  }
}
