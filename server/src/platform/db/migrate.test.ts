import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../../test/helpers/db';
import { migrations } from '../../migrations';
import { migrateToLatest, pendingMigrations } from './migrate';
import { putSetting, getSetting } from '../settings';

describeEachDatabase(
  'migrations',
  (t) => {
    it('apply from an empty database, then are idempotent', async () => {
      const db = t().database;
      expect(await pendingMigrations(db)).toEqual(Object.keys(migrations));
      const first = await migrateToLatest(db);
      expect(first.applied).toEqual(Object.keys(migrations));
      const again = await migrateToLatest(db);
      expect(again.applied).toEqual([]);
      expect(await pendingMigrations(db)).toEqual([]);
      // The tables are there and usable.
      await putSetting(db.db, 'k', 'v', 1);
      expect(await getSetting(db.db, 'k')).toBe('v');
    });

    it('apply once when two processes start together', async () => {
      const a = t().database;
      const b = t().peer();
      const [ra, rb] = await Promise.all([migrateToLatest(a), migrateToLatest(b)]);
      expect([...ra.applied, ...rb.applied].sort()).toEqual(Object.keys(migrations).sort());
      expect(await pendingMigrations(a)).toEqual([]);
    });
  },
  { migrate: false },
);

describeEachDatabase('one query layer, two databases', (t) => {
  it('gives back integers (epoch ms, fen) as exact JS numbers', async () => {
    const db = t().database.db;
    const big = 2 ** 53 - 1;
    await sql`insert into settings (key, value, updated_at) values ('big', 'x', ${big})`.execute(db);
    const row = await db.selectFrom('settings').select(['updated_at']).where('key', '=', 'big').executeTakeFirstOrThrow();
    expect(row.updated_at).toBe(big);
    const count = await db.selectFrom('settings').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(count.n).toBe(1);
  });

  it('rolls a failed transaction back entirely', async () => {
    const database = t().database;
    await expect(
      database.transaction(async (trx) => {
        await putSetting(trx, 'a', '1', 1);
        await putSetting(trx, 'b', '2', 1);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await getSetting(database.db, 'a')).toBeUndefined();
    expect(await getSetting(database.db, 'b')).toBeUndefined();
  });

  it('enforces the job status check constraint', async () => {
    const db = t().database.db;
    await expect(
      sql`insert into jobs (id, name, payload, status, run_at, attempts, max_attempts, created_at, updated_at)
          values ('x', 'n', '{}', 'bogus', 0, 0, 1, 0, 0)`.execute(db),
    ).rejects.toThrow();
  });
});
