import type { IdentityDeps } from './deps';
import { IdentityErrors } from './identity.errors';
import * as repo from './identity.repo';
import { assertStrongPassword, generatePassword, hashPassword } from './password';

/**
 * Sets a new password (generated unless given) and ends every session of the user.
 * The password is returned to the operator who asked, once; it is never sent by SMS.
 */
export async function resetPassword(
  deps: IdentityDeps,
  opts: { login: string; password?: string },
): Promise<{ password: string; generated: boolean; sessionsEnded: number }> {
  const user = await repo.findUserByLogin(deps.db, opts.login.trim());
  if (!user) {
    throw IdentityErrors.USER_NOT_FOUND({ login: opts.login });
  }
  const generated = opts.password === undefined;
  const password = opts.password ?? generatePassword();
  assertStrongPassword(password);
  const hash = await hashPassword(password);
  const now = deps.clock.now();
  const sessionsEnded = await deps.db.transaction().execute(async (trx) => {
    await repo.updatePasswordHash(trx, user.id, hash, now);
    return repo.revokeUserSessions(trx, user.id, now);
  });
  return { password, generated, sessionsEnded };
}
