import { newId } from '../../platform/ids';
import { otherUserWithPhone } from './account.repo';
import type { IdentityDeps, PublicUser } from './deps';
import { IdentityErrors } from './identity.errors';
import * as repo from './identity.repo';
import { assertStrongPassword, generatePassword, hashPassword } from './password';
import { checkGrants } from './people';
import type { RoleGrant } from './policy';
import { toPublicUser } from './to-public-user';

export interface CreateUserOptions {
  login: string;
  name: string;
  phone?: string;
  /** Omit to generate one, returned once in the result. */
  password?: string;
  roles: RoleGrant[];
}

const LOGIN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{2,31}$/;
const MOBILE = /^1[3-9]\d{9}$/;

export async function createUser(
  deps: IdentityDeps,
  opts: CreateUserOptions,
): Promise<{ user: PublicUser; password: string; generated: boolean }> {
  const login = opts.login.trim();
  const name = opts.name.trim();
  if (!LOGIN.test(login)) {
    throw IdentityErrors.USER_INVALID({ field: 'login' }, '账号名为 3 到 32 位字母、数字、点、下划线或连字符，以字母或数字开头');
  }
  if (name.length === 0 || name.length > 40) {
    throw IdentityErrors.USER_INVALID({ field: 'name' }, '姓名不能为空，且不超过 40 个字');
  }
  if (opts.phone !== undefined && !MOBILE.test(opts.phone)) {
    throw IdentityErrors.USER_INVALID({ field: 'phone' }, '手机号应为 11 位中国大陆手机号');
  }
  if (opts.roles.length === 0) {
    throw IdentityErrors.USER_INVALID({ field: 'roles' }, '至少要有一个角色');
  }
  const roles = checkGrants(opts.roles);
  if (opts.phone !== undefined && (await otherUserWithPhone(deps.db, opts.phone, ''))) {
    throw IdentityErrors.USER_PHONE_TAKEN();
  }
  const generated = opts.password === undefined;
  const password = opts.password ?? generatePassword();
  assertStrongPassword(password);
  const hash = await hashPassword(password);

  const now = deps.clock.now();
  const id = newId(now);
  const inserted = await deps.db.transaction().execute(async (trx) => {
    const ok = await repo.insertUser(trx, {
      id,
      login,
      name,
      phone: opts.phone ?? null,
      password_hash: hash,
      status: 'active',
      created_at: now,
      updated_at: now,
    });
    if (ok) {
      await repo.insertRoles(
        trx,
        roles.map((r) => ({ user_id: id, role: r.role, tenant_type: r.tenantType, tenant_id: r.tenantId, created_at: now })),
      );
    }
    return ok;
  });
  if (!inserted) {
    throw IdentityErrors.USER_LOGIN_TAKEN({ login });
  }
  const user = await toPublicUser(deps.db, id);
  return { user, password, generated };
}
