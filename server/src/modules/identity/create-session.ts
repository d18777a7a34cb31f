import { randomToken } from '../../platform/ids';
import { SESSION_ABSOLUTE_MS, type IdentityDeps, type PublicUser } from './deps';
import * as repo from './identity.repo';
import { hashSessionToken } from './session-token';
import { toPublicUser } from './to-public-user';

export interface LogInResult {
  /** Goes into the httpOnly cookie; never stored. */
  sessionToken: string;
  csrfToken: string;
  expiresAt: number;
  user: PublicUser;
}

/** A new console session for a user who just proved who they are (a new id at every log-in). */
export async function createSession(deps: IdentityDeps, userId: string, client: { ip?: string; userAgent?: string }): Promise<LogInResult> {
  const now = deps.clock.now();
  const sessionToken = randomToken(32);
  const csrfToken = randomToken(24);
  const expiresAt = now + SESSION_ABSOLUTE_MS;
  await repo.insertSession(deps.db, {
    id_hash: hashSessionToken(sessionToken),
    user_id: userId,
    csrf_token: csrfToken,
    created_at: now,
    last_seen_at: now,
    expires_at: expiresAt,
    revoked_at: null,
    ip: client.ip ?? null,
    user_agent: client.userAgent?.slice(0, 300) ?? null,
  });
  return { sessionToken, csrfToken, expiresAt, user: await toPublicUser(deps.db, userId) };
}
