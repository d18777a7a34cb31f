/** Queries on users, roles and sessions, and nothing else. */
import { sql, type Kysely } from 'kysely';
import type { Db } from '../../platform/db/database';
import type { Role, TenantType } from './policy';

export interface UserRow {
  id: string;
  login: string;
  name: string;
  phone: string | null;
  password_hash: string | null;
  status: 'active' | 'disabled';
  created_at: number;
  updated_at: number;
}

export interface UserRoleRow {
  user_id: string;
  role: Role;
  tenant_type: TenantType;
  tenant_id: string;
  created_at: number;
}

export interface SessionRow {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  revoked_at: number | null;
  ip: string | null;
  user_agent: string | null;
}

interface Tables {
  users: UserRow;
  user_roles: UserRoleRow;
  sessions: SessionRow;
}

const t = (db: Db) => db as Kysely<Tables>;

/** Inserts the user unless the login is taken; returns whether it was inserted. */
export async function insertUser(db: Db, row: UserRow): Promise<boolean> {
  const res = await t(db)
    .insertInto('users')
    .values(row)
    .onConflict((oc) => oc.column('login').doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function insertRoles(db: Db, rows: UserRoleRow[]): Promise<void> {
  if (rows.length > 0) {
    await t(db)
      .insertInto('user_roles')
      .values(rows)
      .onConflict((oc) => oc.columns(['user_id', 'role', 'tenant_type', 'tenant_id']).doNothing())
      .execute();
  }
}

export async function findUserByLogin(db: Db, login: string): Promise<UserRow | undefined> {
  return t(db).selectFrom('users').selectAll().where('login', '=', login).executeTakeFirst();
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  return t(db).selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function rolesOf(db: Db, userId: string): Promise<UserRoleRow[]> {
  const r = await sql<UserRoleRow>`select * from user_roles where user_id = ${userId} order by created_at`.execute(db);
  return r.rows;
}

export async function countUsersWithRole(db: Db, role: Role): Promise<number> {
  const r = await t(db)
    .selectFrom('user_roles')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', role)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function updatePasswordHash(db: Db, userId: string, hash: string, now: number): Promise<void> {
  await t(db).updateTable('users').set({ password_hash: hash, updated_at: now }).where('id', '=', userId).execute();
}

export async function insertSession(db: Db, row: SessionRow): Promise<void> {
  await t(db).insertInto('sessions').values(row).execute();
}

export type LiveSession = Pick<SessionRow, 'user_id' | 'csrf_token' | 'last_seen_at' | 'expires_at'> & Pick<UserRow, 'login' | 'name' | 'status'>;

/**
 * A live session and its user in one query. Every authenticated request asks this, so it is
 * written as plain SQL: building it with the query builder cost more than running it.
 */
export async function findLiveSessionWithUser(db: Db, idHash: string, now: number): Promise<LiveSession | undefined> {
  const r = await sql<LiveSession>`
    select s.user_id, s.csrf_token, s.last_seen_at, s.expires_at, u.login, u.name, u.status
    from sessions s join users u on u.id = s.user_id
    where s.id_hash = ${idHash} and s.revoked_at is null and s.expires_at > ${now}`.execute(db);
  return r.rows[0];
}

export async function touchSession(db: Db, idHash: string, now: number): Promise<void> {
  await t(db).updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
}

export async function revokeSession(db: Db, idHash: string, now: number): Promise<void> {
  await t(db)
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('id_hash', '=', idHash)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function revokeUserSessions(db: Db, userId: string, now: number): Promise<number> {
  const res = await t(db)
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export async function deleteDeadSessions(db: Db, before: number): Promise<number> {
  const res = await t(db)
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<', before), eb('revoked_at', '<', before)]))
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}
