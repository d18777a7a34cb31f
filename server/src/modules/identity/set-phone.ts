import { isAppError } from '../../platform/errors';
import { normalizeMsisdn } from '../../platform/msisdn';
import type { IdentityDeps } from './deps';
import * as accounts from './account.repo';
import { IdentityErrors } from './identity.errors';
import * as repo from './identity.repo';

export interface UserPhone {
  id: string;
  login: string;
  name: string;
  phone: string | null;
}

/**
 * Writes a user's number unless another user has it (a unique index settles a race; the
 * loser gets the same clear conflict). `reveal` names the other user (for operators only).
 */
export async function writePhone(deps: IdentityDeps, userId: string, phone: string, reveal: boolean): Promise<void> {
  const taken = (other: { id: string; login: string }) => IdentityErrors.USER_PHONE_TAKEN(reveal ? { phone, userId: other.id, login: other.login } : {});
  const now = deps.clock.now();
  try {
    await deps.db.transaction().execute(async (trx) => {
      const other = await accounts.otherUserWithPhone(trx, phone, userId);
      if (other) {
        throw taken(other);
      }
      await accounts.updatePhone(trx, userId, phone, now);
    });
  } catch (e) {
    const other = isAppError(e) ? undefined : await accounts.otherUserWithPhone(deps.db, phone, userId);
    throw other ? taken(other) : e;
  }
}

/** An operator sets a user's mobile number (normalised; one number, one user). */
export async function setUserPhone(deps: IdentityDeps, opts: { userId: string; phone: string }): Promise<UserPhone> {
  const phone = normalizeMsisdn(opts.phone);
  if (phone === null) {
    throw IdentityErrors.USER_INVALID({ field: 'phone' }, '手机号应为 11 位中国大陆手机号');
  }
  const user = await repo.findUserById(deps.db, opts.userId);
  if (!user) {
    throw IdentityErrors.USER_NOT_FOUND({ userId: opts.userId });
  }
  if (user.phone !== phone) {
    await writePhone(deps, user.id, phone, true);
  }
  return { id: user.id, login: user.login, name: user.name, phone };
}
