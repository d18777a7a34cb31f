/**
 * One query layer (Kysely) over two stores: SQLite (better-sqlite3, WAL, synchronous=FULL)
 * for one process, PostgreSQL (pg) for several. Module code is written once against `Db`;
 * where SQL must differ (row locking, for example), it asks `dialectOf(db)`.
 *
 * Conventions that make both stores return the same values (docs/decisions/0002):
 * instants are epoch milliseconds in `bigint` columns; money is integer fen in `bigint`;
 * ids are text (UUIDv7); JSON is text; flags are smallint 0/1. PostgreSQL int8 is parsed
 * as a JS number (refusing anything beyond 2^53-1), so both stores give numbers.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../config';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Db = Kysely<any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Tx = Transaction<any>;
export type Dialect = 'sqlite' | 'postgres';

/**
 * The driver under the query layer, for the few hot paths that need it (the ledger's batch
 * apply). Everything else goes through `db`.
 */
export type RawConnection = { dialect: 'sqlite'; sqlite: SqliteDatabase.Database } | { dialect: 'postgres'; pool: pg.Pool };

export interface Database {
  readonly dialect: Dialect;
  readonly db: Db;
  readonly raw: RawConnection;
  /** A short transaction. Never call an SMS gateway, carrier or bank inside it. */
  transaction<T>(fn: (trx: Tx) => Promise<T>): Promise<T>;
  /** `select 1`, for /healthz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** PostgreSQL only: put every table in this schema (tests use one schema per test). */
  schema?: string;
  /** PostgreSQL pool size. */
  poolSize?: number;
}

function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) {
    throw new Error(`bigint value ${text} is beyond 2^53-1 and cannot be read exactly`);
  }
  return n;
}

const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20) {
      return parseInt8;
    }
    return pg.types.getTypeParser(oid, format) as (value: string) => unknown;
  },
};

export function dialectOf(db: Db): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

function wrap(raw: RawConnection, db: Db): Database {
  return {
    dialect: raw.dialect,
    db,
    raw,
    transaction: (fn) => db.transaction().execute(fn),
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: () => db.destroy(),
  };
}

const STATEMENT_CACHE_SIZE = 256;

/**
 * Kysely's SQLite driver prepares a new statement for every query; preparing costs more than
 * running a short query (~20 µs each, four per authenticated request). This keeps the last
 * STATEMENT_CACHE_SIZE statements by SQL text, least recently used out first. A statement
 * still busy (an open iterator over it) is never handed out twice: that query gets its own.
 */
export function withStatementCache(conn: SqliteDatabase.Database): { close(): void; prepare(sql: string): SqliteDatabase.Statement } {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => conn.close(),
    prepare(text: string) {
      const hit = cache.get(text);
      if (hit && !hit.busy) {
        cache.delete(text);
        cache.set(text, hit);
        return hit;
      }
      const stmt = conn.prepare(text);
      if (!hit) {
        cache.set(text, stmt);
        if (cache.size > STATEMENT_CACHE_SIZE) {
          const oldest = cache.keys().next();
          if (oldest.done !== true) {
            cache.delete(oldest.value);
          }
        }
      }
      return stmt;
    },
  };
}

export function openSqlite(file: string): Database {
  if (file !== ':memory:') {
    mkdirSync(path.dirname(file), { recursive: true });
  }
  const conn = new SqliteDatabase(file);
  conn.pragma('journal_mode = WAL');
  conn.pragma('synchronous = FULL');
  conn.pragma('foreign_keys = ON');
  conn.pragma('busy_timeout = 5000');
  const db: Db = new Kysely({ dialect: new SqliteDialect({ database: withStatementCache(conn) }) });
  return wrap({ dialect: 'sqlite', sqlite: conn }, db);
}

export function openPostgres(url: string, opts: OpenOptions = {}): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? 10,
    types: pgTypes,
    ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
  });
  // A dropped connection must not crash the process: the pool replaces an idle one, and a
  // checked-out one (a transaction in progress) fails its query instead. Without a listener on
  // each client, the database going away between two queries of a transaction would throw an
  // unhandled 'error' event and kill the server (the pg_ctl stop -m immediate test found it).
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  const db: Db = new Kysely({ dialect: new PostgresDialect({ pool }) });
  return wrap({ dialect: 'postgres', pool }, db);
}

export function openDatabase(config: DatabaseConfig, opts: OpenOptions = {}): Database {
  return config.kind === 'sqlite' ? openSqlite(config.file) : openPostgres(config.url, opts);
}
