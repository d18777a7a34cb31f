/**
 * The raw baseline: the same transfer written as the simplest hand-made SQL transaction —
 * read both balances, check funds, insert the transfer row, update two balances, commit —
 * on its own two tables, with the driver and nothing else. This machine's practical limit.
 */
import type SqliteDatabase from 'better-sqlite3';
import type pg from 'pg';
import { amountOf, closedLoop, FUNDS, sequentialSync, type Pairs, type Sample } from './workload';

const DDL = [
  'create table raw_accounts (id text primary key, balance bigint not null)',
  `create table raw_transfers (id integer primary key, key text not null unique, debit_account_id text not null,
     credit_account_id text not null, amount bigint not null, created_at bigint not null)`,
];

export class InsufficientFunds extends Error {}

/** SQLite: one BEGIN IMMEDIATE … COMMIT per transfer, or `perTxn` transfers per transaction. */
export function rawSqlite(conn: SqliteDatabase.Database, ids: string[]) {
  for (const s of DDL) {
    conn.exec(s);
  }
  const insAccount = conn.prepare('insert into raw_accounts (id, balance) values (?, ?)');
  conn.transaction(() => ids.forEach((id) => insAccount.run(id, FUNDS)))();

  const balance = conn.prepare('select balance from raw_accounts where id = ?').pluck();
  const insert = conn.prepare('insert into raw_transfers (key, debit_account_id, credit_account_id, amount, created_at) values (?, ?, ?, ?, ?)');
  const update = conn.prepare('update raw_accounts set balance = ? where id = ?');
  const one = (key: string, debit: string, credit: string, amount: number) => {
    const d = balance.get(debit) as number;
    const c = balance.get(credit) as number;
    if (d < amount) {
      throw new InsufficientFunds(debit);
    }
    insert.run(key, debit, credit, amount, Date.now());
    update.run(d - amount, debit);
    update.run(c + amount, credit);
  };
  const single = conn.transaction(one);
  const many = conn.transaction((items: [string, string, string, number][]) => items.forEach((x) => one(...x)));
  return {
    /** One transfer in its own BEGIN IMMEDIATE transaction. */
    one: (key: string, debit: string, credit: string, amount: number) => single.immediate(key, debit, credit, amount),
    perTransaction(tag: string, pairs: Pairs): Sample {
      return sequentialSync(pairs.debit.length, (i) => single.immediate(`${tag}-${i}`, ids[pairs.debit[i]!]!, ids[pairs.credit[i]!]!, amountOf(i)));
    },
    /** Latency here is per transaction of `perTxn` transfers (what each of its transfers waited). */
    batched(tag: string, pairs: Pairs, perTxn: number): Sample {
      const n = pairs.debit.length;
      const t = sequentialSync(Math.ceil(n / perTxn), (b) => {
        const items: [string, string, string, number][] = [];
        for (let i = b * perTxn; i < Math.min(n, (b + 1) * perTxn); i++) {
          items.push([`${tag}-${i}`, ids[pairs.debit[i]!]!, ids[pairs.credit[i]!]!, amountOf(i)]);
        }
        many.immediate(items);
      });
      return { ...t, transfers: n };
    },
  };
}

/** PostgreSQL: `clients` connections, each running BEGIN; SELECT … FOR UPDATE; INSERT; UPDATE; UPDATE; COMMIT. */
export async function rawPostgres(pool: pg.Pool, ids: string[]) {
  for (const s of DDL) {
    await pool.query(s.replace('integer primary key', 'bigserial primary key'));
  }
  await pool.query('insert into raw_accounts (id, balance) select unnest($1::text[]), $2', [ids, FUNDS]);

  async function one(c: pg.PoolClient, key: string, debit: string, credit: string, amount: number) {
    await c.query('begin');
    try {
      // Both rows locked in id order, so two transfers over the same pair cannot deadlock.
      const { rows } = await c.query<{ id: string; balance: number }>('select id, balance from raw_accounts where id = any($1::text[]) order by id for update', [
        [debit, credit],
      ]);
      const d = Number(rows.find((r) => r.id === debit)!.balance);
      const cr = Number(rows.find((r) => r.id === credit)!.balance);
      if (d < amount) {
        throw new InsufficientFunds(debit);
      }
      await c.query('insert into raw_transfers (key, debit_account_id, credit_account_id, amount, created_at) values ($1, $2, $3, $4, $5)', [
        key,
        debit,
        credit,
        amount,
        Date.now(),
      ]);
      await c.query('update raw_accounts set balance = $1 where id = $2', [d - amount, debit]);
      await c.query('update raw_accounts set balance = $1 where id = $2', [cr + amount, credit]);
      await c.query('commit');
    } catch (e) {
      await c.query('rollback');
      throw e;
    }
  }

  return {
    async run(tag: string, pairs: Pairs, clients: number): Promise<Sample> {
      const conns = await Promise.all(Array.from({ length: clients }, () => pool.connect()));
      try {
        return await closedLoop(pairs.debit.length, clients, (i, client) =>
          one(conns[client]!, `${tag}-${i}`, ids[pairs.debit[i]!]!, ids[pairs.credit[i]!]!, amountOf(i)),
        );
      } finally {
        conns.forEach((c) => c.release());
      }
    },
  };
}

/**
 * SQLite, on the ledger's own tables (a separate, migrated file): the same rows the ledger
 * writes — transfer row with its five indexes and foreign keys, two account counters, the
 * chain head — by hand, with constant fingerprint and hash (no SHA-256, no rules engine).
 * The floor of what any store can do on this schema; `perTxn` transfers per transaction.
 */
export function rawSqliteLedgerSchema(conn: SqliteDatabase.Database, ids: string[]) {
  const insAccount = conn.prepare(
    `insert into ledger_accounts (id, code, owner_type, owner_id, currency, name, no_negative, overdraft_limit, closed,
       debits_pending, debits_posted, credits_pending, credits_posted, created_at)
     values (?, 'CARD_WALLET', 'card', ?, 'CNY', ?, 1, 0, 0, 0, 0, 0, ?, ?)`,
  );
  conn.transaction(() => ids.forEach((id, i) => insAccount.run(id, `c${i}`, `基准卡 ${i}`, FUNDS, Date.now())))();
  const account = conn.prepare('select * from ledger_accounts where id = ?');
  const byKey = conn.prepare('select * from ledger_transfers where scope = ? and key = ?');
  const head = conn.prepare('select last_id as lastId, last_hash as lastHash from ledger_head where id = 1');
  const insert = conn.prepare(
    `insert into ledger_transfers (id, scope, key, fingerprint, kind, debit_account_id, credit_account_id, amount,
       currency, code, pending_id, reverses_id, linked_group, expires_at, event_at, created_at, metadata, prev_hash, hash)
     values (?, 'bench', ?, ?, 'single', ?, ?, ?, 'CNY', 'TRANSFER', null, null, null, null, ?, ?, '{}', ?, ?)`,
  );
  const update = conn.prepare('update ledger_accounts set debits_posted = ?, credits_posted = ? where id = ?');
  const updateHead = conn.prepare('update ledger_head set last_id = ?, last_hash = ? where id = 1');
  const HASH = 'f'.repeat(64);
  type Acc = { debits_posted: number; credits_posted: number; debits_pending: number };
  const one = (key: string, debit: string, credit: string, amount: number) => {
    if (byKey.get('bench', key)) {
      return;
    }
    const d = account.get(debit) as Acc;
    const c = account.get(credit) as Acc;
    if (d.credits_posted - d.debits_posted - d.debits_pending < amount) {
      throw new InsufficientFunds(debit);
    }
    const h = head.get() as { lastId: number; lastHash: string };
    const now = Date.now();
    insert.run(h.lastId + 1, key, HASH, debit, credit, amount, now, now, h.lastHash, HASH);
    update.run(d.debits_posted + amount, d.credits_posted, debit);
    update.run(c.debits_posted, c.credits_posted + amount, credit);
    updateHead.run(h.lastId + 1, HASH);
  };
  const single = conn.transaction(one);
  const many = conn.transaction((items: [string, string, string, number][]) => items.forEach((x) => one(...x)));
  return {
    perTransaction(tag: string, pairs: Pairs): Sample {
      return sequentialSync(pairs.debit.length, (i) => single.immediate(`${tag}-${i}`, ids[pairs.debit[i]!]!, ids[pairs.credit[i]!]!, amountOf(i)));
    },
    batched(tag: string, pairs: Pairs, perTxn: number): Sample {
      const n = pairs.debit.length;
      const t = sequentialSync(Math.ceil(n / perTxn), (b) => {
        const items: [string, string, string, number][] = [];
        for (let i = b * perTxn; i < Math.min(n, (b + 1) * perTxn); i++) {
          items.push([`${tag}-${i}`, ids[pairs.debit[i]!]!, ids[pairs.credit[i]!]!, amountOf(i)]);
        }
        many.immediate(items);
      });
      return { ...t, transfers: n };
    },
  };
}

/**
 * PostgreSQL, on the ledger's own tables (a separate, migrated schema): one transfer per
 * transaction by hand — BEGIN; lock the chain head; read both accounts; INSERT the transfer
 * row (constant fingerprint and hash); UPDATE both accounts and the head; COMMIT.
 */
export async function rawPostgresLedgerSchema(pool: pg.Pool, ids: string[]) {
  await pool.query(
    `insert into ledger_accounts (id, code, owner_type, owner_id, currency, name, no_negative, overdraft_limit, closed,
       debits_pending, debits_posted, credits_pending, credits_posted, created_at)
     select id, 'CARD_WALLET', 'card', 'c' || n, 'CNY', '基准卡 ' || n, 1, 0, 0, 0, 0, 0, $2, $3
       from unnest($1::text[]) with ordinality as u(id, n)`,
    [ids, FUNDS, Date.now()],
  );
  const HASH = 'f'.repeat(64);
  type Acc = { id: string; debits_posted: number; credits_posted: number; debits_pending: number };
  async function one(c: pg.PoolClient, key: string, debit: string, credit: string, amount: number) {
    await c.query('begin');
    try {
      const h = (await c.query<{ last_id: string }>('select last_id from ledger_head where id = 1 for update')).rows[0]!;
      const existing = await c.query('select id from ledger_transfers where scope = $1 and key = $2', ['bench', key]);
      if (existing.rows.length > 0) {
        await c.query('commit');
        return;
      }
      const { rows } = await c.query<Acc>('select id, debits_posted, credits_posted, debits_pending from ledger_accounts where id = any($1::text[])', [[debit, credit]]);
      const d = rows.find((r) => r.id === debit)!;
      const cr = rows.find((r) => r.id === credit)!;
      if (Number(d.credits_posted) - Number(d.debits_posted) - Number(d.debits_pending) < amount) {
        throw new InsufficientFunds(debit);
      }
      const id = Number(h.last_id) + 1;
      const now = Date.now();
      await c.query(
        `insert into ledger_transfers (id, scope, key, fingerprint, kind, debit_account_id, credit_account_id, amount, currency, code,
           pending_id, reverses_id, linked_group, expires_at, event_at, created_at, metadata, prev_hash, hash)
         values ($1, 'bench', $2, $3, 'single', $4, $5, $6, 'CNY', 'TRANSFER', null, null, null, null, $7, $7, '{}', $3, $3)`,
        [id, key, HASH, debit, credit, amount, now],
      );
      await c.query('update ledger_accounts set debits_posted = $1 where id = $2', [Number(d.debits_posted) + amount, debit]);
      await c.query('update ledger_accounts set credits_posted = $1 where id = $2', [Number(cr.credits_posted) + amount, credit]);
      await c.query('update ledger_head set last_id = $1, last_hash = $2 where id = 1', [id, HASH]);
      await c.query('commit');
    } catch (e) {
      await c.query('rollback');
      throw e;
    }
  }
  return {
    async run(tag: string, pairs: Pairs, clients: number): Promise<Sample> {
      const conns = await Promise.all(Array.from({ length: clients }, () => pool.connect()));
      try {
        return await closedLoop(pairs.debit.length, clients, (i, client) =>
          one(conns[client]!, `${tag}-${i}`, ids[pairs.debit[i]!]!, ids[pairs.credit[i]!]!, amountOf(i)),
        );
      } finally {
        conns.forEach((c) => c.release());
      }
    },
  };
}
