import type { Db } from '../../platform/db/database';
import type { PublicUser } from './deps';
import { IdentityErrors } from './identity.errors';
import * as repo from './identity.repo';
import { ROLE_TITLES, type Actor } from './policy';

export async function toPublicUser(db: Db, userId: string): Promise<PublicUser> {
  const u = await repo.findUserById(db, userId);
  if (!u) {
    throw IdentityErrors.USER_NOT_FOUND({ userId });
  }
  const roles = await repo.rolesOf(db, userId);
  return {
    id: u.id,
    login: u.login,
    name: u.name,
    roles: roles.map(publicRole),
  };
}

export function publicRole(r: repo.UserRoleRow): PublicUser['roles'][number] {
  return { role: r.role, title: ROLE_TITLES[r.role], tenantType: r.tenant_type, tenantId: r.tenant_id };
}

export function actorOf(user: PublicUser): Actor {
  return {
    kind: 'user',
    userId: user.id,
    login: user.login,
    name: user.name,
    roles: user.roles.map((r) => ({ role: r.role, tenantType: r.tenantType, tenantId: r.tenantId })),
  };
}
