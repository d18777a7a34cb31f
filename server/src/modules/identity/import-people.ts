/**
 * People in bulk, for roster imports (thousands of guardians at once): find users by mobile
 * number, create the missing ones (no password — guardians and teachers log in with an SMS
 * code), and add labelled grants. A mobile number is one person: a teacher who is also a
 * parent gets a second grant, siblings' guardian one grant per child.
 */
import { sql, type Kysely } from 'kysely';
import type { Db } from '../../platform/db/database';
import { newId } from '../../platform/ids';
import { normalizeMsisdn } from '../../platform/msisdn';
import type { IdentityDeps } from './deps';
import { IdentityErrors } from './identity.errors';
import type { UserRoleRow, UserRow } from './identity.repo';
import { checkGrants } from './people';
import type { RoleGrant } from './policy';

interface Tables {
  users: UserRow;
  user_roles: UserRoleRow;
}
const t = (db: Db) => db as unknown as Kysely<Tables>;
const CHUNK = 500;

/** Users' ids by mobile number (numbers without a user are absent from the map). */
export async function idsByPhone(deps: IdentityDeps, phones: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const list = [...new Set(phones)];
  for (let i = 0; i < list.length; i += CHUNK) {
    const rows = await t(deps.db).selectFrom('users').select(['id', 'phone']).where('phone', 'in', list.slice(i, i + CHUNK)).execute();
    for (const r of rows) {
      out.set(r.phone!, r.id);
    }
  }
  return out;
}

/** The user of each number, created (active, login = the number, no password) when missing. */
export async function ensurePeople(deps: IdentityDeps, people: readonly { name: string; phone: string }[]): Promise<Map<string, string>> {
  const byPhone = new Map<string, string>();
  for (const p of people) {
    const phone = normalizeMsisdn(p.phone);
    const name = p.name.trim();
    if (phone === null) {
      throw IdentityErrors.AUTH_PHONE_INVALID({ field: 'phone' });
    }
    if (name.length === 0 || name.length > 40) {
      throw IdentityErrors.USER_INVALID({ field: 'name' }, '姓名不能为空，且不超过 40 个字');
    }
    if (!byPhone.has(phone)) {
      byPhone.set(phone, name);
    }
  }
  const found = await idsByPhone(deps, [...byPhone.keys()]);
  const now = deps.clock.now();
  const missing = [...byPhone].filter(([phone]) => !found.has(phone));
  for (let i = 0; i < missing.length; i += CHUNK) {
    const rows: UserRow[] = missing.slice(i, i + CHUNK).map(([phone, name]) => ({
      id: newId(now),
      login: phone,
      name,
      phone,
      password_hash: null,
      status: 'active',
      created_at: now,
      updated_at: now,
    }));
    // A login already taken by someone else (an account named after a number) is skipped here and reported below.
    await t(deps.db).insertInto('users').values(rows).onConflict((oc) => oc.doNothing()).execute();
  }
  const all = missing.length === 0 ? found : await idsByPhone(deps, [...byPhone.keys()]);
  const lost = [...byPhone.keys()].find((p) => !all.has(p));
  if (lost !== undefined) {
    throw IdentityErrors.USER_LOGIN_TAKEN({ login: lost });
  }
  return all;
}

/** Adds grants (kept when already held) and sets their labels: a guardian's relation, a teacher's subjects. */
export async function upsertGrants(deps: IdentityDeps, grants: readonly (RoleGrant & { userId: string; label: string | null })[]): Promise<void> {
  checkGrants(grants);
  const now = deps.clock.now();
  for (let i = 0; i < grants.length; i += CHUNK) {
    const rows: UserRoleRow[] = grants.slice(i, i + CHUNK).map((g) => ({ user_id: g.userId, role: g.role, tenant_type: g.tenantType, tenant_id: g.tenantId, label: g.label, created_at: now }));
    await t(deps.db)
      .insertInto('user_roles')
      .values(rows)
      .onConflict((oc) => oc.columns(['user_id', 'role', 'tenant_type', 'tenant_id']).doUpdateSet({ label: sql`excluded.label` }))
      .execute();
  }
}
