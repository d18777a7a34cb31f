import type { IdentityDeps, PublicUser } from './deps';
import { createUser } from './create-user';
import * as repo from './identity.repo';
import { IdentityErrors } from './identity.errors';
import { isAppError } from '../../platform/errors';

export const FIRST_ADMIN_LOGIN = 'admin';

/**
 * On first start there is no operator: create `admin` with a random password, returned
 * once so the process can print it. Several processes starting together create one.
 */
export async function ensureFirstAdmin(deps: IdentityDeps): Promise<{ user: PublicUser; password: string } | null> {
  if ((await repo.countUsersWithRole(deps.db, 'operator')) > 0) {
    return null;
  }
  try {
    const { user, password } = await createUser(deps, {
      login: FIRST_ADMIN_LOGIN,
      name: '系统管理员',
      roles: [{ role: 'operator', tenantType: 'platform', tenantId: 'platform' }],
    });
    return { user, password };
  } catch (e) {
    if (isAppError(e) && e.code === IdentityErrors.USER_LOGIN_TAKEN().code) {
      return null;
    }
    throw e;
  }
}
