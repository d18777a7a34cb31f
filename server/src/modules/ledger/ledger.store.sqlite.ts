/**
 * The ledger on SQLite: the whole batch in one synchronous BEGIN IMMEDIATE transaction on
 * the process's one connection, with prepared statements. Nothing else can run on the
 * connection meanwhile (it is synchronous), and a batch waits while a query-layer
 * transaction is open, so ledger writes never nest inside another module's transaction.
 *
 * The statements take positional parameters (binding by name costs a lookup per value), and
 * the batch is planned once. What remains per transfer is SQLite's own work and the engine.
 */
import type SqliteDatabase from 'better-sqlite3';
import { evaluate, plan, type Unit } from './engine';
import { toLoaded, type LedgerStore } from './store-shared';
import type { AccountRow, Head, TransferResult, TransferRow } from './types';

type Stmt = SqliteDatabase.Statement;
type Referenced = TransferRow & { resolved: number; reversed: number };

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
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      updateAccount: db.prepare('update ledger_accounts set debits_pending = ?, debits_posted = ?, credits_pending = ?, credits_posted = ? where id = ?'),
      updateHead: db.prepare('update ledger_head set last_id = ?, last_hash = ? where id = 1'),
    };
    this.txn = db.transaction((units: Unit[], now: number) => this.apply(units, now));
  }

  private apply(units: Unit[], now: number): TransferResult[][] {
    const s = this.s;
    const p = plan(units);
    const byKey: TransferRow[] = [];
    for (const k of p.keys) {
      const t = s.byKey.get(k.scope, k.key) as TransferRow | undefined;
      if (t) {
        byKey.push(t);
      }
    }
    const referenced: Referenced[] = [];
    const accountIds = new Set(p.accountIds);
    for (const id of p.transferIds) {
      const t = s.byId.get(id) as Referenced | undefined;
      if (t) {
        referenced.push(t);
        accountIds.add(t.debit_account_id);
        accountIds.add(t.credit_account_id);
      }
    }
    const accounts: AccountRow[] = [];
    for (const id of accountIds) {
      const a = s.account.get(id) as AccountRow | undefined;
      if (a) {
        accounts.push(a);
      }
    }
    const head = s.head.get() as Head;
    const out = evaluate(units, toLoaded({ head, byKey, referenced, accounts }), now);
    for (const r of out.inserts) {
      s.insert.run(
        r.id, r.scope, r.key, r.fingerprint, r.kind, r.debit_account_id, r.credit_account_id, r.amount, r.currency, r.code,
        r.pending_id, r.reverses_id, r.linked_group, r.expires_at, r.event_at, r.created_at, r.metadata, r.prev_hash, r.hash,
      );
    }
    for (const a of out.touched.values()) {
      s.updateAccount.run(a.debits_pending, a.debits_posted, a.credits_pending, a.credits_posted, a.id);
    }
    if (out.inserts.length > 0) {
      s.updateHead.run(out.head.lastId, out.head.lastHash);
    }
    return out.results;
  }

  async applyBatch(units: Unit[], now: number): Promise<TransferResult[][]> {
    while (this.db.inTransaction) {
      await new Promise((r) => setImmediate(r));
    }
    return this.txn.immediate(units, now);
  }
}
