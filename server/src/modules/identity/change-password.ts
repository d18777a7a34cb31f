import type { IdentityDeps } from './deps';
import * as accounts from './account.repo';
import { IdentityErrors } from './identity.errors';
import * as repo from './identity.repo';
import { assertNotLocked, clearFailures, recordFailure } from './lockout';
import { assertStrongPassword, hashPassword, verifyPassword } from './password';
import { hashSessionToken } from './session-token';

export interface ChangePasswordOptions {
  userId: string;
  currentPassword: string;
  newPassword: string;
  /** The session this is asked from: it stays; every other session of the user ends. */
  currentToken: string;
}

/**
 * Changes one's own password. The current password is required, and a wrong one counts
 * toward the same lockout as a wrong password at log-in (five in 15 minutes lock the login).
 * Every other session ends; API tokens stay (they are listed and revoked on their own).
 */
export async function changePassword(deps: IdentityDeps, opts: ChangePasswordOptions): Promise<{ sessionsEnded: number }> {
  assertStrongPassword(opts.newPassword);
  const user = await repo.findUserById(deps.db, opts.userId);
  if (!user) {
    throw IdentityErrors.USER_NOT_FOUND({ userId: opts.userId });
  }
  const subject = `login:${user.login.toLowerCase()}`;
  await assertNotLocked(deps, subject);
  const ok = user.password_hash !== null && (await verifyPassword(opts.currentPassword, user.password_hash));
  if (!ok) {
    await recordFailure(deps, subject);
    throw IdentityErrors.PASSWORD_CURRENT_WRONG();
  }
  await clearFailures(deps, subject);
  if (opts.newPassword === opts.currentPassword) {
    throw IdentityErrors.PASSWORD_UNCHANGED();
  }
  const hash = await hashPassword(opts.newPassword);
  const now = deps.clock.now();
  const sessionsEnded = await deps.db.transaction().execute(async (trx) => {
    await repo.updatePasswordHash(trx, user.id, hash, now);
    return accounts.revokeOtherSessions(trx, user.id, hashSessionToken(opts.currentToken), now);
  });
  return { sessionsEnded };
}
