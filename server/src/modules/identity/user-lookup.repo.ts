/** Queries for looking users up in bulk (display names for the audit log), and nothing else. */
import type { Kysely } from 'kysely';
import type { Db } from '../../platform/db/database';

export interface UserRefRow {
  id: string;
  login: string;
  name: string;
  status: string;
}

const t = (db: Db) => db as Kysely<{ users: UserRefRow }>;

export async function usersByIds(db: Db, ids: string[]): Promise<UserRefRow[]> {
  return ids.length === 0 ? [] : t(db).selectFrom('users').select(['id', 'login', 'name', 'status']).where('id', 'in', ids).execute();
}

export async function usersByLogins(db: Db, logins: string[]): Promise<UserRefRow[]> {
  return logins.length === 0 ? [] : t(db).selectFrom('users').select(['id', 'login', 'name', 'status']).where('login', 'in', logins).execute();
}
