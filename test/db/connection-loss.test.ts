/**
 * The database dropping a connection in the middle of a transaction fails that transaction;
 * it does not kill the process (an unhandled 'error' event on a pg client would).
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openPostgres } from '../../server/src/platform/db/database';
import { PG_URL } from '../helpers/db';

describe.skipIf(!PG_URL)('PostgreSQL connection lost mid-transaction', () => {
  it('fails the transaction with an error and leaves the process running', async () => {
    const db = openPostgres(PG_URL!, { poolSize: 2 });
    const other = openPostgres(PG_URL!, { poolSize: 1 });
    try {
      const tx = db.transaction(async (trx) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        const pid = rows[0]!.pid;
        // Between two statements of this transaction, its connection is killed from outside.
        const killer = other.raw.dialect === 'postgres' ? other.raw.pool : null;
        await killer!.query('select pg_terminate_backend($1)', [pid]);
        await new Promise((r) => setTimeout(r, 200));
        await sql`select 1`.execute(trx);
      });
      await expect(tx).rejects.toThrow();
      // The pool replaces the connection: the next transaction works.
      await expect(db.ping()).resolves.toBeUndefined();
    } finally {
      await db.close();
      await other.close();
    }
  });
});
