/**
 * The ledger on PostgreSQL: one transaction per batch on one pooled connection, in two round
 * trips whatever the batch's size:
 *
 *   1. `begin`, lock the chain head (`FOR UPDATE`, which serialises ledger batches across
 *      every server process), then load what the batch touches: transfers by key, referenced
 *      transfers, accounts. One simple-protocol query of several statements; under READ
 *      COMMITTED each statement takes a fresh snapshot, so the loads, which run after the
 *      lock is granted, see everything the previous batch committed.
 *   2. Insert the transfers, with the account and head updates as data-modifying CTEs of the
 *      same statement, then `commit`: again one query.
 *
 * The simple protocol takes no parameters, so values are written into the SQL as literals:
 * strings through `lit` (quotes doubled, and backslashes under E''), numbers through `int`
 * (safe integers only). Anything else is refused, which fails the batch before it writes.
 */
import type pg from 'pg';
import { evaluate, keyOf, plan, type Unit } from './engine';
import { toLoaded, type LedgerStore } from './store-shared';
import type { AccountRow, Head, TransferResult, TransferRow } from './types';

/** A SQL string literal, as pg's escapeLiteral writes it. NUL cannot travel in a query. */
function lit(s: string): string {
  if (typeof s !== 'string' || s.includes('\u0000')) {
    throw new Error('ledger: a text value is not a string or contains NUL');
  }
  const q = s.replaceAll("'", "''");
  return s.includes('\\') ? `E'${q.replaceAll('\\', '\\\\')}'` : `'${q}'`;
}

/** A SQL integer literal (or null). */
function int(n: number | null): string {
  if (n === null) {
    return 'null';
  }
  if (!Number.isSafeInteger(n)) {
    throw new Error(`ledger: ${String(n)} is not a safe integer`);
  }
  return String(n);
}

const LOCK_HEAD = 'select last_id as "lastId", last_hash as "lastHash" from ledger_head where id = 1 for update';
/**
 * Every statement of a batch reads or writes rows by key. With the default random_page_cost
 * (4, for disks) the planner reads the whole accounts table rather than look up a hundred
 * accounts in it; the ledger's working set is in memory, so a batch that names many accounts
 * has index lookups costed as what they are. (Small batches get index lookups anyway.)
 */
const MANY_ACCOUNTS = 32;
const INDEX_COSTS = 'set local random_page_cost = 1.1';

/** Round trip 1: begin, lock the head, load transfers by key, referenced transfers (if any), accounts. */
function loadSql(units: Unit[]): { sql: string; headAt: number; hasReferenced: boolean } {
  const p = plan(units);
  // plan() leaves out requests the engine will refuse, so keys match the engine's pattern
  // and ids are safe integers; an account id is any string, and one with NUL exists nowhere.
  const keys = new Map(p.keys.map((k) => [keyOf(k.scope, k.key), k]));
  const ids = p.transferIds;
  const accountIds = p.accountIds.filter((id) => !id.includes('\u0000'));
  const out = accountIds.length > MANY_ACCOUNTS ? ['begin', INDEX_COSTS, LOCK_HEAD] : ['begin', LOCK_HEAD];
  const headAt = out.length - 1;
  // One key (the single-transfer path) is a plain lookup: planning the join costs more than running it.
  const [first] = keys.values();
  out.push(
    keys.size === 0
      ? 'select * from ledger_transfers where false'
      : keys.size === 1
        ? `select * from ledger_transfers where scope = ${lit(first!.scope)} and key = ${lit(first!.key)}`
        : `select t.* from ledger_transfers t join (values ${[...keys.values()].map((k) => `(${lit(k.scope)}, ${lit(k.key)})`).join(', ')}) as k(scope, key)
             on t.scope = k.scope and t.key = k.key`,
  );
  const idList = ids.map(int).join(', ');
  if (ids.length > 0) {
    out.push(`select t.*,
                exists (select 1 from ledger_transfers r where r.pending_id = t.id) as resolved,
                exists (select 1 from ledger_transfers v where v.reverses_id = t.id) as reversed
           from ledger_transfers t where t.id in (${idList})`);
  }
  const named = `array[${accountIds.map(lit).join(', ')}]::text[]`;
  // Accounts the requests name, and those of the transfers they reference.
  out.push(
    ids.length === 0
      ? `select * from ledger_accounts where id = any(${named})`
      : `select * from ledger_accounts where id = any(${named} || array(
           select debit_account_id from ledger_transfers where id in (${idList})
           union select credit_account_id from ledger_transfers where id in (${idList})))`,
  );
  return { sql: out.join(';\n'), headAt, hasReferenced: ids.length > 0 };
}

/** Round trip 2: the writes and the commit. */
function writeSql(inserts: TransferRow[], touched: Iterable<AccountRow>, head: Head): string {
  if (inserts.length === 0) {
    return 'commit';
  }
  const rows = inserts.map(
    (r) =>
      `(${int(r.id)}, ${lit(r.scope)}, ${lit(r.key)}, ${lit(r.fingerprint)}, ${lit(r.kind)}, ${lit(r.debit_account_id)}, ${lit(r.credit_account_id)}, ${int(r.amount)}, ${lit(r.currency)}, ${lit(r.code)}, ${int(r.pending_id)}, ${int(r.reverses_id)}, ${int(r.linked_group)}, ${int(r.expires_at)}, ${int(r.event_at)}, ${int(r.created_at)}, ${lit(r.metadata)}, ${lit(r.prev_hash)}, ${lit(r.hash)})`,
  );
  const accounts: string[] = [];
  for (const a of touched) {
    const cast = accounts.length === 0 ? '::bigint' : '';
    accounts.push(`(${lit(a.id)}, ${int(a.debits_pending)}${cast}, ${int(a.debits_posted)}${cast}, ${int(a.credits_pending)}${cast}, ${int(a.credits_posted)}${cast})`);
  }
  // One statement: the updates run as data-modifying CTEs, each exactly once.
  const ctes = [`head as (update ledger_head set last_id = ${int(head.lastId)}, last_hash = ${lit(head.lastHash)} where id = 1)`];
  if (accounts.length > 0) {
    ctes.push(`accounts as (update ledger_accounts a set debits_pending = v.dp, debits_posted = v.dpo, credits_pending = v.cp, credits_posted = v.cpo
         from (values ${accounts.join(', ')}) as v(id, dp, dpo, cp, cpo) where a.id = v.id)`);
  }
  return `with ${ctes.join(',\n')}
    insert into ledger_transfers (id, scope, key, fingerprint, kind, debit_account_id, credit_account_id, amount, currency, code,
      pending_id, reverses_id, linked_group, expires_at, event_at, created_at, metadata, prev_hash, hash)
    values ${rows.join(',\n')};
    commit`;
}

export class PostgresLedgerStore implements LedgerStore {
  constructor(private readonly pool: pg.Pool) {}

  async applyBatch(units: Unit[], now: number): Promise<TransferResult[][]> {
    const load = loadSql(units);
    const client = await this.pool.connect();
    let broken = false;
    try {
      const res = (await client.query(load.sql)) as unknown as pg.QueryResult[];
      const head = res[load.headAt]!.rows[0] as Head;
      const byKey = res[load.headAt + 1]!.rows as TransferRow[];
      const referenced = load.hasReferenced ? (res[load.headAt + 2]!.rows as (TransferRow & { resolved: boolean; reversed: boolean })[]) : [];
      const accounts = res[res.length - 1]!.rows as AccountRow[];

      const out = evaluate(units, toLoaded({ head, byKey, referenced, accounts }), now);

      await client.query(writeSql(out.inserts, out.touched.values(), out.head));
      return out.results;
    } catch (e) {
      // A connection that cannot even roll back goes back to the pool as broken (it is closed).
      await client.query('rollback').catch(() => {
        broken = true;
      });
      throw e;
    } finally {
      client.release(broken);
    }
  }
}
