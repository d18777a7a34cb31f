import { SESSION_IDLE_MS, SESSION_TOUCH_MS, type IdentityDeps, type PublicUser } from './deps';
import * as repo from './identity.repo';
import { hashSessionToken } from './session-token';
import { toPublicUser } from './to-public-user';

export interface ResolvedSession {
  user: PublicUser;
  csrfToken: string;
  expiresAt: number;
}

/** The session behind a cookie's token, or null if it is unknown, revoked, idle too long or expired. */
export async function resolveSession(deps: IdentityDeps, opts: { token: string }): Promise<ResolvedSession | null> {
  if (opts.token.length < 20 || opts.token.length > 100) {
    return null;
  }
  const now = deps.clock.now();
  const idHash = hashSessionToken(opts.token);
  const s = await repo.findLiveSession(deps.db, idHash, now);
  if (!s || now - s.last_seen_at > SESSION_IDLE_MS) {
    return null;
  }
  const user = await repo.findUserById(deps.db, s.user_id);
  if (user?.status !== 'active') {
    return null;
  }
  if (now - s.last_seen_at >= SESSION_TOUCH_MS) {
    await repo.touchSession(deps.db, idHash, now);
  }
  return { user: await toPublicUser(deps.db, s.user_id), csrfToken: s.csrf_token, expiresAt: s.expires_at };
}
