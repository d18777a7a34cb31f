/**
 * People and their grants: list (filtered to the tenants the caller manages), find by mobile
 * number, replace or add grants, disable. Whether a tenant exists is the org module's to say;
 * flows/people.flow.ts checks it before calling these.
 */
import { normalizeMsisdn } from '../../platform/msisdn';
import type { IdentityDeps } from './deps';
import { IdentityErrors } from './identity.errors';
import * as repo from './identity.repo';
import * as people from './people.repo';
import { isAnonymised } from './personal-data';
import { ROLE_TENANT, ROLE_TITLES, ROLES, type Role, type RoleGrant } from './policy';

export interface Person {
  id: string;
  login: string;
  name: string;
  phone: string | null;
  status: 'active' | 'disabled';
  roles: { role: Role; title: string; tenantType: RoleGrant['tenantType']; tenantId: string }[];
  createdAt: number;
}

/** A grant is well formed when its role is held in its kind of tenant (a teacher in a class, …). */
export function checkGrants(grants: readonly RoleGrant[]): RoleGrant[] {
  for (const g of grants) {
    if (!(ROLES as readonly string[]).includes(g.role)) {
      throw IdentityErrors.USER_INVALID({ field: 'roles', allowed: ROLES }, `角色应为 ${ROLES.join(' / ')} 之一`);
    }
    if (ROLE_TENANT[g.role] !== g.tenantType) {
      throw IdentityErrors.USER_INVALID({ field: 'roles', role: g.role, tenantType: ROLE_TENANT[g.role] }, `${ROLE_TITLES[g.role]}的角色应属于${tenantWord(ROLE_TENANT[g.role])}`);
    }
    if (g.tenantType === 'platform' ? g.tenantId !== 'platform' : !/^[A-Za-z0-9_.:-]{1,64}$/.test(g.tenantId)) {
      throw IdentityErrors.USER_INVALID({ field: 'roles', tenantId: g.tenantId }, '角色所属机构不正确');
    }
  }
  const seen = new Set<string>();
  return grants.filter((g) => {
    const k = `${g.role}|${g.tenantType}|${g.tenantId}`;
    return !seen.has(k) && (seen.add(k), true);
  });
}

/** The user, unless they do not exist or were anonymised (then nothing about them changes again). */
async function liveUser(db: IdentityDeps['db'], userId: string): Promise<repo.UserRow> {
  const u = await repo.findUserById(db, userId);
  if (!u) {
    throw IdentityErrors.USER_NOT_FOUND({ userId });
  }
  if (isAnonymised(u)) {
    throw IdentityErrors.USER_INVALID({ userId }, '此人已匿名化，不能再更改');
  }
  return u;
}

function tenantWord(t: RoleGrant['tenantType']): string {
  return { platform: '平台', agency: '代理商', outlet: '营业网点', school: '学校', class: '班级', student: '学生' }[t];
}

async function toPeople(deps: IdentityDeps, rows: repo.UserRow[]): Promise<Person[]> {
  const roles = await people.rolesOfMany(deps.db, rows.map((r) => r.id));
  return rows.map((u) => ({
    id: u.id,
    login: u.login,
    name: u.name,
    phone: u.phone,
    status: u.status,
    roles: roles.filter((r) => r.user_id === u.id).map((r) => ({ role: r.role, title: ROLE_TITLES[r.role], tenantType: r.tenant_type, tenantId: r.tenant_id })),
    createdAt: u.created_at,
  }));
}

export async function listPeople(deps: IdentityDeps, f: people.PeopleFilter): Promise<{ items: Person[]; total: number }> {
  const { rows, total } = await people.listPeople(deps.db, f);
  return { items: await toPeople(deps, rows), total };
}

export async function getPerson(deps: IdentityDeps, userId: string): Promise<Person> {
  const u = await repo.findUserById(deps.db, userId);
  if (!u) {
    throw IdentityErrors.USER_NOT_FOUND({ userId });
  }
  return (await toPeople(deps, [u]))[0]!;
}

export async function findPersonByPhone(deps: IdentityDeps, phone: string): Promise<Person | null> {
  const p = normalizeMsisdn(phone);
  if (p === null) {
    throw IdentityErrors.AUTH_PHONE_INVALID({ field: 'phone' });
  }
  const u = await repo.findUserByPhone(deps.db, p);
  return u ? (await toPeople(deps, [u]))[0]! : null;
}

/**
 * Replaces the user's grants — all of them, or only those within `within` (a school admin
 * edits the roles a teacher holds in their school and leaves the rest alone).
 */
export async function setGrants(deps: IdentityDeps, userId: string, grants: RoleGrant[], within?: people.TenantRef[]): Promise<Person> {
  const clean = checkGrants(grants);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await liveUser(trx, userId);
    await people.deleteRoles(trx, userId, within);
    await repo.insertRoles(trx, clean.map((g) => ({ user_id: userId, role: g.role, tenant_type: g.tenantType, tenant_id: g.tenantId, created_at: now })));
  });
  return getPerson(deps, userId);
}

export async function addGrant(deps: IdentityDeps, userId: string, grant: RoleGrant): Promise<Person> {
  const [g] = checkGrants([grant]);
  await liveUser(deps.db, userId);
  await repo.insertRoles(deps.db, [{ user_id: userId, role: g!.role, tenant_type: g!.tenantType, tenant_id: g!.tenantId, created_at: deps.clock.now() }]);
  return getPerson(deps, userId);
}

export async function removeGrant(deps: IdentityDeps, userId: string, grant: RoleGrant): Promise<Person> {
  await people.deleteRole(deps.db, { user_id: userId, role: grant.role, tenant_type: grant.tenantType, tenant_id: grant.tenantId });
  return getPerson(deps, userId);
}

/** Disabling ends every session at once; the person can no longer log in. */
export async function setStatus(deps: IdentityDeps, userId: string, status: 'active' | 'disabled'): Promise<Person> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await liveUser(trx, userId);
    await people.setUserStatus(trx, userId, status, now);
    if (status === 'disabled') {
      await repo.revokeUserSessions(trx, userId, now);
    }
  });
  return getPerson(deps, userId);
}
