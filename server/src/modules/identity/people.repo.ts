/** Queries for managing people and their grants (the console's 人员与角色 and staff pages). */
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { Db } from '../../platform/db/database';
import type { UserRoleRow, UserRow } from './identity.repo';
import type { Role } from './policy';

interface Tables {
  users: UserRow;
  user_roles: UserRoleRow;
}

const t = (db: Db) => db as Kysely<Tables>;

export interface TenantRef {
  tenantType: string;
  tenantId: string;
}

export interface PeopleFilter {
  q?: string;
  role?: Role;
  status?: 'active' | 'disabled';
  /** Only people holding a role in one of these tenants. */
  tenants?: TenantRef[];
  limit: number;
  offset: number;
}

function inTenants(eb: ExpressionBuilder<Tables, 'user_roles'>, refs: TenantRef[]) {
  return eb.or(refs.map((r) => eb.and([eb('tenant_type', '=', r.tenantType as UserRoleRow['tenant_type']), eb('tenant_id', '=', r.tenantId)])));
}

export async function listPeople(db: Db, f: PeopleFilter): Promise<{ rows: UserRow[]; total: number }> {
  let q = t(db).selectFrom('users');
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('login', 'like', like), eb('name', 'like', like), eb('phone', 'like', like)]));
  }
  if (f.status) {
    q = q.where('status', '=', f.status);
  }
  if (f.role || f.tenants) {
    if (f.tenants && f.tenants.length === 0) {
      return { rows: [], total: 0 };
    }
    q = q.where('id', 'in', (eb) => {
      let sub = eb.selectFrom('user_roles').select('user_id');
      if (f.role) {
        sub = sub.where('role', '=', f.role);
      }
      if (f.tenants) {
        const refs = f.tenants;
        sub = sub.where((e) => inTenants(e, refs));
      }
      return sub;
    });
  }
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q.selectAll().orderBy('created_at').orderBy('id').limit(f.limit).offset(f.offset).execute();
  return { rows, total: Number(total.n) };
}

export async function rolesOfMany(db: Db, userIds: string[]): Promise<UserRoleRow[]> {
  if (userIds.length === 0) {
    return [];
  }
  return t(db).selectFrom('user_roles').selectAll().where('user_id', 'in', userIds).orderBy('created_at').execute();
}

export async function deleteRoles(db: Db, userId: string, refs?: TenantRef[]): Promise<void> {
  let q = t(db).deleteFrom('user_roles').where('user_id', '=', userId);
  if (refs) {
    if (refs.length === 0) {
      return;
    }
    q = q.where((eb) => inTenants(eb, refs));
  }
  await q.execute();
}

export async function deleteRole(db: Db, row: Omit<UserRoleRow, 'created_at'>): Promise<number> {
  const r = await t(db)
    .deleteFrom('user_roles')
    .where('user_id', '=', row.user_id)
    .where('role', '=', row.role)
    .where('tenant_type', '=', row.tenant_type)
    .where('tenant_id', '=', row.tenant_id)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function setUserStatus(db: Db, userId: string, status: UserRow['status'], now: number): Promise<boolean> {
  const r = await t(db).updateTable('users').set({ status, updated_at: now }).where('id', '=', userId).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function setUserName(db: Db, userId: string, name: string, now: number): Promise<void> {
  await sql`update users set name = ${name}, updated_at = ${now} where id = ${userId}`.execute(db);
}

/** Who holds a role in any of these tenants (active people only), with their contact and the grant's label. */
export interface Holder { userId: string; name: string; phone: string | null; tenantId: string; label: string | null }

export async function holdersOf(db: Db, f: { role: Role; tenantType: UserRoleRow['tenant_type']; tenantIds: readonly string[] }): Promise<Holder[]> {
  const out: Holder[] = [];
  const ids = [...new Set(f.tenantIds)];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await t(db)
      .selectFrom('user_roles as r')
      .innerJoin('users as u', 'u.id', 'r.user_id')
      .select(['u.id as userId', 'u.name as name', 'u.phone as phone', 'r.tenant_id as tenantId', 'r.label as label'])
      .where('r.role', '=', f.role)
      .where('r.tenant_type', '=', f.tenantType)
      .where('r.tenant_id', 'in', ids.slice(i, i + 500))
      .where('u.status', '=', 'active')
      .orderBy('r.tenant_id')
      .orderBy('r.created_at')
      .execute();
    out.push(...rows.map((r) => ({ ...r, label: r.label ?? null })));
  }
  return out;
}

export async function setRoleLabel(db: Db, row: Omit<UserRoleRow, 'created_at' | 'label'>, label: string | null): Promise<boolean> {
  const res = await t(db)
    .updateTable('user_roles')
    .set({ label })
    .where('user_id', '=', row.user_id)
    .where('role', '=', row.role)
    .where('tenant_type', '=', row.tenant_type)
    .where('tenant_id', '=', row.tenant_id)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
