import { SESSION_IDLE_MS, SESSION_TOUCH_MS, type IdentityDeps, type PublicUser } from './deps';
import * as repo from './identity.repo';
import { hashSessionToken } from './session-token';
import { publicRole } from './to-public-user';

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
  const s = await repo.findLiveSessionWithUser(deps.db, idHash, now);
  if (!s || now - s.last_seen_at > SESSION_IDLE_MS || s.status !== 'active') {
    return null;
  }
  if (now - s.last_seen_at >= SESSION_TOUCH_MS) {
    await repo.touchSession(deps.db, idHash, now);
  }
  const roles = await repo.rolesOf(deps.db, s.user_id);
  return {
    user: { id: s.user_id, login: s.login, name: s.name, roles: roles.map(publicRole) },
    csrfToken: s.csrf_token,
    expiresAt: s.expires_at,
  };
}
