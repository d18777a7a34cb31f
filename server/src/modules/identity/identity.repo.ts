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
  /** What the grant is about: a guardian's relation (爸爸, 妈妈…), a teacher's subjects. */
  label?: string | null;
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

export interface LoginCodeRow {
  id: string;
  phone: string;
  purpose: 'login' | 'reset' | 'phone';
  user_id: string | null;
  code_hash: string;
  ip: string | null;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface FailureRow {
  subject: string;
  failures: number;
  first_at: number;
  locked_until: number | null;
}

interface Tables {
  login_codes: LoginCodeRow;
  login_failures: FailureRow;
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

// One-time codes and failures

/** The person with this mobile number (one at most: users.phone is unique), whatever their status. */
export async function findUserByPhone(db: Db, phone: string): Promise<UserRow | undefined> {
  return t(db).selectFrom('users').selectAll().where('phone', '=', phone).executeTakeFirst();
}

export async function insertLoginCode(db: Db, row: LoginCodeRow): Promise<void> {
  await t(db).insertInto('login_codes').values(row).execute();
}

export async function countCodesSince(db: Db, by: { phone?: string; ip?: string }, since: number): Promise<number> {
  let q = t(db).selectFrom('login_codes').select((eb) => eb.fn.countAll<number>().as('n')).where('created_at', '>', since);
  if (by.phone !== undefined) {
    q = q.where('phone', '=', by.phone);
  }
  if (by.ip !== undefined) {
    q = q.where('ip', '=', by.ip);
  }
  return Number((await q.executeTakeFirstOrThrow()).n);
}

export async function lastCodeAt(db: Db, phone: string): Promise<number | null> {
  const r = await t(db).selectFrom('login_codes').select('created_at').where('phone', '=', phone).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
  return r?.created_at ?? null;
}

/** The live codes of a number for a purpose (unused, unexpired), newest first. */
export async function liveCodes(db: Db, phone: string, purpose: LoginCodeRow['purpose'], now: number): Promise<LoginCodeRow[]> {
  return t(db)
    .selectFrom('login_codes')
    .selectAll()
    .where('phone', '=', phone)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .execute();
}

/** Uses a code once: false if someone else used it first. */
export async function useCode(db: Db, id: string, now: number): Promise<boolean> {
  const r = await t(db).updateTable('login_codes').set({ used_at: now }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function findFailures(db: Db, subject: string): Promise<FailureRow | undefined> {
  return t(db).selectFrom('login_failures').selectAll().where('subject', '=', subject).executeTakeFirst();
}

export async function putFailures(db: Db, row: FailureRow): Promise<void> {
  await t(db)
    .insertInto('login_failures')
    .values(row)
    .onConflict((oc) => oc.column('subject').doUpdateSet({ failures: row.failures, first_at: row.first_at, locked_until: row.locked_until }))
    .execute();
}

export async function deleteFailures(db: Db, subject: string): Promise<void> {
  await t(db).deleteFrom('login_failures').where('subject', '=', subject).execute();
}
