/** Queries behind "my account": a user's sessions, API tokens and phone number, and nothing else. */
import { sql, type Kysely } from 'kysely';
import type { Db } from '../../platform/db/database';
import { findUserByPhone, type SessionRow, type UserRow } from './identity.repo';

export interface ApiTokenRow {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: number;
  last_used_at: number | null;
  expires_at: number;
  revoked_at: number | null;
}

interface Tables {
  api_tokens: ApiTokenRow;
  sessions: SessionRow;
  users: UserRow;
}

const t = (db: Db) => db as Kysely<Tables>;

// Sessions

/** A user's sessions that are neither revoked nor past their absolute expiry (idle ones included), newest use first. */
export async function unexpiredSessionsOf(db: Db, userId: string, now: number): Promise<SessionRow[]> {
  return t(db)
    .selectFrom('sessions')
    .selectAll()
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('last_seen_at', 'desc')
    .execute();
}

/** Ends every live session of a user but one (the one they are using). */
export async function revokeOtherSessions(db: Db, userId: string, keepIdHash: string, now: number): Promise<number> {
  const res = await t(db)
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('id_hash', '!=', keepIdHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** Ends one session of this user; false when it is not theirs or already ended. */
export async function revokeSessionOf(db: Db, userId: string, idHash: string, now: number): Promise<boolean> {
  const res = await t(db)
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('id_hash', '=', idHash)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

// API tokens

export async function insertApiToken(db: Db, row: ApiTokenRow): Promise<void> {
  await t(db).insertInto('api_tokens').values(row).execute();
}

export async function countLiveApiTokens(db: Db, userId: string, now: number): Promise<number> {
  const r = await t(db)
    .selectFrom('api_tokens')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** A user's tokens that are not revoked and expired after `since`, newest first. */
export async function apiTokensOf(db: Db, userId: string, since: number): Promise<ApiTokenRow[]> {
  return t(db)
    .selectFrom('api_tokens')
    .selectAll()
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', since)
    .orderBy('created_at', 'desc')
    .execute();
}

/** Revokes one token of this user; false when it is not theirs or already revoked. */
export async function revokeApiTokenOf(db: Db, userId: string, id: string, now: number): Promise<boolean> {
  const res = await t(db)
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export type LiveApiToken = Pick<ApiTokenRow, 'id' | 'user_id' | 'last_used_at' | 'expires_at'> & Pick<UserRow, 'login' | 'name'>;

/**
 * A live token of an active user, with the user, in one query (asked by every bearer
 * request, so plain SQL like the session lookup).
 */
export async function findLiveApiTokenWithUser(db: Db, tokenHash: string, now: number): Promise<LiveApiToken | undefined> {
  const r = await sql<LiveApiToken>`
    select k.id, k.user_id, k.last_used_at, k.expires_at, u.login, u.name
    from api_tokens k join users u on u.id = k.user_id
    where k.token_hash = ${tokenHash} and k.revoked_at is null and k.expires_at > ${now} and u.status = 'active'`.execute(db);
  return r.rows[0];
}

export async function touchApiToken(db: Db, id: string, now: number): Promise<void> {
  await t(db).updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}

// Phone

/** Another user (any status) who has this number. */
export async function otherUserWithPhone(db: Db, phone: string, exceptUserId: string): Promise<Pick<UserRow, 'id' | 'login'> | undefined> {
  const holder = await findUserByPhone(db, phone);
  return holder && holder.id !== exceptUserId ? holder : undefined;
}

export async function updatePhone(db: Db, userId: string, phone: string, now: number): Promise<void> {
  await t(db).updateTable('users').set({ phone, updated_at: now }).where('id', '=', userId).execute();
}
