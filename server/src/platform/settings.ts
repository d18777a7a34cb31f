/** A small key/value table for platform facts (e.g. when demo data was loaded). */
import type { Kysely } from 'kysely';
import type { Db } from './db/database';

interface Tables {
  settings: { key: string; value: string; updated_at: number };
}
const t = (db: Db) => db as Kysely<Tables>;

export async function getSetting(db: Db, key: string): Promise<string | undefined> {
  const r = await t(db).selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return r?.value;
}

export async function putSetting(db: Db, key: string, value: string, now: number): Promise<void> {
  await t(db)
    .insertInto('settings')
    .values({ key, value, updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
    .execute();
}

/** Writes the setting only if it is absent; returns whether this call wrote it (a claim). */
export async function claimSetting(db: Db, key: string, value: string, now: number): Promise<boolean> {
  const res = await t(db)
    .insertInto('settings')
    .values({ key, value, updated_at: now })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
}
