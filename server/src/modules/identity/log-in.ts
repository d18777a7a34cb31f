import { randomToken } from '../../platform/ids';
import { SESSION_ABSOLUTE_MS, type IdentityDeps, type PublicUser } from './deps';
import { IdentityErrors } from './identity.errors';
import * as repo from './identity.repo';
import { timingDummyHash, verifyPassword } from './password';
import { hashSessionToken } from './session-token';
import { toPublicUser } from './to-public-user';

export interface LogInOptions {
  login: string;
  password: string;
  ip?: string;
  userAgent?: string;
}

export interface LogInResult {
  /** Goes into the httpOnly cookie; never stored. */
  sessionToken: string;
  csrfToken: string;
  expiresAt: number;
  user: PublicUser;
}

export async function logIn(deps: IdentityDeps, opts: LogInOptions): Promise<LogInResult> {
  const user = await repo.findUserByLogin(deps.db, opts.login.trim());
  if (!user?.password_hash) {
    await verifyPassword(opts.password, await timingDummyHash());
    throw IdentityErrors.AUTH_INVALID_CREDENTIALS();
  }
  if (!(await verifyPassword(opts.password, user.password_hash))) {
    throw IdentityErrors.AUTH_INVALID_CREDENTIALS();
  }
  if (user.status !== 'active') {
    throw IdentityErrors.AUTH_ACCOUNT_DISABLED();
  }
  const now = deps.clock.now();
  const sessionToken = randomToken(32);
  const csrfToken = randomToken(24);
  const expiresAt = now + SESSION_ABSOLUTE_MS;
  await repo.insertSession(deps.db, {
    id_hash: hashSessionToken(sessionToken),
    user_id: user.id,
    csrf_token: csrfToken,
    created_at: now,
    last_seen_at: now,
    expires_at: expiresAt,
    revoked_at: null,
    ip: opts.ip ?? null,
    user_agent: opts.userAgent?.slice(0, 300) ?? null,
  });
  return { sessionToken, csrfToken, expiresAt, user: await toPublicUser(deps.db, user.id) };
}
