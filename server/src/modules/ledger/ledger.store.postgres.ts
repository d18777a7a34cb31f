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
 * Pipelined (pipeline.ts), a batch is instead read and evaluated while the batch ahead of it
 * is being written: its loads run in one read-only snapshot without the lock, and it then
 * asks for the lock with its write queued behind, committing only if the checks in
 * `writeBehind` show that the evaluation is what the ordinary path would have given.
 *
 * The simple protocol takes no parameters, so values are written into the SQL as literals:
 * strings through `lit` (quotes doubled, and backslashes under E''), numbers through `int`
 * (safe integers only). Anything else is refused, which fails the batch before it writes.
 */
import type pg from 'pg';
import { evaluate, keyOf, plan, type Loaded, type Outcome, type Unit } from './engine';
import { overlay, type Ahead, type Handoff, type Needs, type PipelinedStore } from './pipeline';
import { toLoaded, type LedgerStore, type LoadedRows } from './store-shared';
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

const HEAD = 'select last_id as "lastId", last_hash as "lastHash" from ledger_head where id = 1';
const LOCK_HEAD = `${HEAD} for update`;
/**
 * Every statement of a batch reads or writes rows by key. With the default random_page_cost
 * (4, for disks) the planner reads the whole accounts table rather than look up a hundred
 * accounts in it; the ledger's working set is in memory, so a batch that names many accounts
 * has index lookups costed as what they are. (Small batches get index lookups anyway.)
 */
const MANY_ACCOUNTS = 32;
/**
 * From this many transfers a batch's keys and rows travel as one array per column (`unnest`)
 * in parameterised statements: PostgreSQL parses and plans a VALUES list of thousands of rows
 * of literals at about the cost of inserting them, while arrays it reads as data. (Each such
 * statement is then its own round trip, which a batch this large does not notice.)
 */
const MANY_ROWS = 64;
const INDEX_COSTS = 'set local random_page_cost = 1.1';

/**
 * How a batch loads: `lock` begins and locks the head first (the ordinary path); `locked`
 * runs in a transaction that holds the lock already; `snapshot` reads the head without the
 * lock, in one read-only snapshot with the loads (a batch evaluated ahead, see pipeline.ts).
 */
type LoadMode = 'lock' | 'locked' | 'snapshot';

/** Round trip 1: (begin, the head,) transfers by key, referenced transfers (if any), accounts. */
function loadSql(p: Needs, mode: LoadMode): { sql: string; headAt: number; keysAt: number; hasReferenced: boolean; keysQuery: { text: string; values: string[][] } | null } {
  // plan() leaves out requests the engine will refuse, so keys match the engine's pattern
  // and ids are safe integers; an account id is any string, and one with NUL exists nowhere.
  const keys = new Map(p.keys.map((k) => [keyOf(k.scope, k.key), k]));
  const ids = p.transferIds;
  const accountIds = p.accountIds.filter((id) => !id.includes('\u0000'));
  const out = mode === 'lock' ? ['begin'] : mode === 'snapshot' ? ['begin isolation level repeatable read, read only'] : [];
  if (accountIds.length > MANY_ACCOUNTS) {
    out.push(INDEX_COSTS);
  }
  if (mode !== 'locked') {
    out.push(mode === 'lock' ? LOCK_HEAD : HEAD);
  }
  const headAt = mode === 'locked' ? -1 : out.length - 1;
  const keysAt = out.length;
  // One key (the single-transfer path) is a plain lookup: planning the join costs more than running it.
  const [first] = keys.values();
  // Many keys travel as two arrays in a parameterised query of their own, after this one.
  const keysQuery =
    keys.size >= MANY_ROWS
      ? {
          text: `select t.* from ledger_transfers t join unnest($1::text[], $2::text[]) as k(scope, key) on t.scope = k.scope and t.key = k.key`,
          values: [[...keys.values()].map((k) => k.scope), [...keys.values()].map((k) => k.key)],
        }
      : null;
  out.push(
    keys.size === 0 || keysQuery
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
  return { sql: out.join(';\n'), headAt, keysAt, hasReferenced: ids.length > 0, keysQuery };
}

/** The writes, as one statement of literals (a small batch). */
function writeSql(inserts: TransferRow[], touched: Iterable<AccountRow>, head: Head): string {
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
    values ${rows.join(',\n')}`;
}

/** The columns of a transfer row, with their types for `unnest`. */
const COLUMNS: [keyof TransferRow, string][] = [
  ['id', 'bigint'], ['scope', 'text'], ['key', 'text'], ['fingerprint', 'text'], ['kind', 'text'], ['debit_account_id', 'text'],
  ['credit_account_id', 'text'], ['amount', 'bigint'], ['currency', 'text'], ['code', 'text'], ['pending_id', 'bigint'],
  ['reverses_id', 'bigint'], ['linked_group', 'bigint'], ['expires_at', 'bigint'], ['event_at', 'bigint'], ['created_at', 'bigint'],
  ['metadata', 'text'], ['prev_hash', 'text'], ['hash', 'text'],
];

/** The writes, as one statement with an array per column (a large batch). */
function writeManySql(inserts: TransferRow[], touched: Iterable<AccountRow>, head: Head): { text: string; values: unknown[][] } {
  const values = COLUMNS.map(([c, type]) =>
    inserts.map((r) => {
      const v = r[c];
      if (type === 'bigint') {
        return v === null ? null : int(v as number);
      }
      if (typeof v !== 'string' || v.includes('\u0000')) {
        throw new Error('ledger: a text value is not a string or contains NUL');
      }
      return v;
    }),
  );
  const ctes = [`head as (update ledger_head set last_id = ${int(head.lastId)}, last_hash = ${lit(head.lastHash)} where id = 1)`];
  const accounts: string[] = [];
  for (const a of touched) {
    const cast = accounts.length === 0 ? '::bigint' : '';
    accounts.push(`(${lit(a.id)}, ${int(a.debits_pending)}${cast}, ${int(a.debits_posted)}${cast}, ${int(a.credits_pending)}${cast}, ${int(a.credits_posted)}${cast})`);
  }
  if (accounts.length > 0) {
    ctes.push(`accounts as (update ledger_accounts a set debits_pending = v.dp, debits_posted = v.dpo, credits_pending = v.cp, credits_posted = v.cpo
         from (values ${accounts.join(', ')}) as v(id, dp, dpo, cp, cpo) where a.id = v.id)`);
  }
  const text = `with ${ctes.join(',\n')}
    insert into ledger_transfers (${COLUMNS.map(([c]) => c).join(', ')})
    select * from unnest(${COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')})`;
  return { text, values };
}

/** Round trip 2: the writes of a batch, as one statement (none if it writes nothing). The commit follows. */
function writeQuery(out: Outcome): { text: string; values?: unknown[][] } | null {
  if (out.inserts.length === 0) {
    return null;
  }
  return out.inserts.length >= MANY_ROWS ? writeManySql(out.inserts, out.touched.values(), out.head) : { text: writeSql(out.inserts, out.touched.values(), out.head) };
}

type Referenced = TransferRow & { resolved: boolean; reversed: boolean };
type Read = { head: Head | null } & Omit<LoadedRows, 'head'>;

/** Runs `loadSql`: the head (unless `locked`) and the rows the batch needs. */
async function load(client: pg.PoolClient, needs: Needs, mode: LoadMode): Promise<Read> {
  const q = loadSql(needs, mode);
  const res = (await client.query(q.sql)) as unknown as pg.QueryResult[];
  return {
    head: q.headAt >= 0 ? (res[q.headAt]!.rows[0] as Head) : null,
    byKey: q.keysQuery ? ((await client.query(q.keysQuery.text, q.keysQuery.values)).rows as TransferRow[]) : (res[q.keysAt]!.rows as TransferRow[]),
    referenced: q.hasReferenced ? (res[q.keysAt + 1]!.rows as Referenced[]) : [],
    accounts: res[res.length - 1]!.rows as AccountRow[],
  };
}

const sameHead = (a: Head | null, b: Head) => a !== null && a.lastId === b.lastId && a.lastHash === b.lastHash;

/** A batch's evaluation: what it writes (`out`, as `write`), and the state and head it was evaluated from. */
interface Evaluation {
  out: Outcome;
  write: { text: string; values?: unknown[][] } | null;
  loaded: Loaded;
  from: Head;
}

/**
 * A batch's rules run in slices of this many units, with a turn of the event loop between
 * them, so that while one batch is evaluated the replies to the batch ahead (its insert, its
 * commit) are handled at once rather than after the whole evaluation. `evaluate` takes the
 * units in order against `loaded`, which it updates, so slices give the same outcome.
 */
const SLICE = 100;

async function evaluateFrom(units: Unit[], loaded: Loaded, now: number): Promise<Evaluation> {
  const from = loaded.head;
  const out: Outcome = { results: [], inserts: [], touched: new Map(), head: from };
  for (let i = 0; i < units.length; i += SLICE) {
    if (i > 0) {
      await new Promise((r) => setImmediate(r));
    }
    const o = evaluate(units.slice(i, i + SLICE), loaded, now);
    out.results.push(...o.results);
    out.inserts.push(...o.inserts);
    for (const [id, a] of o.touched) {
      out.touched.set(id, a);
    }
    out.head = o.head;
  }
  return { out, write: writeQuery(out), loaded, from };
}

export interface PipelineStats {
  /** Batches evaluated ahead, against the state of the batch in flight before them. */
  ahead: number;
  /** Of those, written as evaluated ahead. */
  confirmed: number;
  /** Of those, evaluated again under the lock (the batch ahead failed, or something else changed). */
  reevaluated: number;
}

export class PostgresLedgerStore implements LedgerStore, PipelinedStore {
  readonly stats: PipelineStats = { ahead: 0, confirmed: 0, reevaluated: 0 };

  /**
   * `pause`: for tests, to make something happen at a given point of a batch evaluated ahead:
   * after its read (`read`), after its evaluation, before it asks for the lock (`evaluated`).
   */
  constructor(
    private readonly pool: pg.Pool,
    private readonly pause?: (at: 'read' | 'evaluated') => Promise<void>,
  ) {}

  /**
   * Applies a batch in one transaction. With `pipe.ahead` (a batch still in flight) it is first
   * evaluated against the state that batch will commit (`writeBehind`); `pipe.self` tells the
   * batch behind this one what it will commit, and whether it did.
   */
  async applyBatch(units: Unit[], now: number, pipe?: { ahead: Ahead | null; self: Handoff }): Promise<TransferResult[][]> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      let results = pipe?.ahead ? await this.writeBehind(client, units, now, pipe.ahead, pipe.self) : null;
      if (!results) {
        // The ordinary path: lock the head, load, evaluate, write, commit.
        const read = await load(client, plan(units), 'lock');
        const ev = await evaluateFrom(units, toLoaded({ ...read, head: read.head! }), now);
        pipe?.self.decided({ loaded: ev.loaded, from: ev.from });
        if (!ev.write) {
          await client.query('commit');
        } else if (ev.write.values) {
          await client.query(ev.write.text, ev.write.values);
          await client.query('commit');
        } else {
          // A small batch: the write and the commit in one round trip.
          await client.query(`${ev.write.text};\ncommit`);
        }
        results = ev.out.results;
      }
      pipe?.self.finished(true);
      return results;
    } catch (e) {
      pipe?.self.finished(false);
      // A connection that cannot even roll back goes back to the pool as broken (it is closed).
      await client.query('rollback').catch(() => {
        broken = true;
      });
      throw e;
    } finally {
      client.release(broken);
    }
  }

  /**
   * Evaluates the batch while `ahead` is being written, then asks for the head lock (granted
   * when `ahead` commits) with the batch's write queued right behind, so that it runs as soon
   * as the lock is granted. The write is committed only if the evaluation is exactly what
   * evaluating under the lock would give:
   *
   * - `ahead` committed the state this batch was evaluated against, and the head is still the
   *   one `ahead` left: every ledger batch, of any process, takes the lock and moves the head,
   *   so nothing else has been written since (the head alone would also tell a failed `ahead`);
   * - the snapshot this batch read was taken at the head `ahead` started from or at the one it
   *   left: nothing else was written between the read and `ahead` either;
   * - the accounts it evaluated against are still open or closed as they were, and those it
   *   did not find still do not exist (opening and closing an account move no head).
   *
   * Otherwise the transaction is rolled back (with whatever the write did) and this returns
   * null: the batch then takes the ordinary path, as every batch did before pipelining.
   */
  private async writeBehind(client: pg.PoolClient, units: Unit[], now: number, ahead: Ahead, self: Handoff): Promise<TransferResult[][] | null> {
    this.stats.ahead++;
    const needs = plan(units);
    const read = await load(client, needs, 'snapshot');
    await this.pause?.('read');
    // Settles once `ahead` holds the lock, so this batch queues for it behind `ahead`.
    const base = await ahead.state;
    const loaded = base ? overlay(base.loaded, toLoaded({ ...read, head: read.head! }), needs) : null;
    let ev: Evaluation | null = null;
    try {
      ev = base && loaded ? await evaluateFrom(units, loaded, now) : null;
    } catch {
      // The rules met a state that cannot be (possible only if the read was stale, which the
      // checks below would find): evaluate under the lock instead.
    }
    if (!base || !loaded || !ev) {
      // `ahead` failed, or the rules did: the ordinary path.
      this.stats.reevaluated++;
      await client.query('commit');
      return null;
    }
    await this.pause?.('evaluated');
    // Every account the evaluation looked at or looked for, read again under the lock.
    const accountIds = [...new Set([...needs.accountIds, ...loaded.accounts.keys()])].filter((id) => !id.includes('\u0000'));
    const lock = ['commit', 'begin', ...(accountIds.length > MANY_ACCOUNTS ? [INDEX_COSTS] : []), LOCK_HEAD];
    const locking = client.query(`${lock.join(';\n')};\nselect id, closed from ledger_accounts where id = any(array[${accountIds.map(lit).join(', ')}]::text[])`);
    const writing = ev.write ? client.query(ev.write.text, ev.write.values) : null;
    // Its outcome matters only if the evaluation stands; it is awaited then.
    writing?.catch(() => undefined);
    const res = (await locking) as unknown as pg.QueryResult[];
    const head = res[lock.length - 1]!.rows[0] as Head;
    const closed = new Map((res[lock.length]!.rows as { id: string; closed: number }[]).map((a) => [a.id, Number(a.closed)]));
    const committed = await ahead.committed;
    const stands =
      committed &&
      sameHead(head, base.loaded.head) &&
      (sameHead(read.head, base.from) || sameHead(read.head, base.loaded.head)) &&
      accountIds.every((id) => {
        const a = loaded.accounts.get(id);
        return a ? closed.get(id) === Number(a.closed) : !closed.has(id);
      });
    if (!stands) {
      this.stats.reevaluated++;
      await writing?.catch(() => undefined);
      await client.query('rollback');
      return null;
    }
    this.stats.confirmed++;
    self.decided({ loaded: ev.loaded, from: ev.from });
    // Queued behind the write: sent the moment it completes. Awaited together: when the
    // connection dies, both fail, and a failure left unobserved would end the process (it did,
    // once, in the pg_ctl stop test).
    const committing = client.query('commit');
    await Promise.all([writing, committing]);
    return ev.out.results;
  }
}
