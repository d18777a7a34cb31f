import { createSession, type LogInResult } from './create-session';
import type { IdentityDeps } from './deps';
import { IdentityErrors } from './identity.errors';
import * as repo from './identity.repo';
import { assertNotLocked, clearFailures, recordFailure } from './lockout';
import { timingDummyHash, verifyPassword } from './password';

export type { LogInResult } from './create-session';

export interface LogInOptions {
  login: string;
  password: string;
  ip?: string;
  userAgent?: string;
}

/** Password log-in. Five wrong passwords for one login lock it for 15 minutes. */
export async function logIn(deps: IdentityDeps, opts: LogInOptions): Promise<LogInResult> {
  const login = opts.login.trim();
  const subject = `login:${login.toLowerCase()}`;
  await assertNotLocked(deps, subject);
  const user = await repo.findUserByLogin(deps.db, login);
  const ok = user?.password_hash ? await verifyPassword(opts.password, user.password_hash) : await verifyPassword(opts.password, await timingDummyHash()).then(() => false);
  if (!user || !ok) {
    await recordFailure(deps, subject);
    throw IdentityErrors.AUTH_INVALID_CREDENTIALS();
  }
  if (user.status !== 'active') {
    throw IdentityErrors.AUTH_ACCOUNT_DISABLED();
  }
  await clearFailures(deps, subject);
  return createSession(deps, user.id, opts);
}
