import { SESSION_IDLE_MS, SESSION_TOUCH_MS, type IdentityDeps, type ResolvedSession } from './deps';
import * as repo from './identity.repo';
import type { SessionCache } from './session-cache';
import { hashSessionToken } from './session-token';
import { publicRole } from './to-public-user';

/**
 * The session behind a cookie's token, or null if it is unknown, revoked, idle too long or
 * expired. A session resolved within the last second comes from `cache` (session-cache.ts).
 */
export async function resolveSession(deps: IdentityDeps, opts: { token: string }, cache?: SessionCache): Promise<ResolvedSession | null> {
  if (opts.token.length < 20 || opts.token.length > 100) {
    return null;
  }
  const now = deps.clock.now();
  const idHash = hashSessionToken(opts.token);
  const hit = cache?.get(idHash);
  if (hit && now < hit.session.expiresAt && now - hit.lastSeenAt < SESSION_TOUCH_MS) {
    return hit.session;
  }
  const ticket = cache?.ticket() ?? 0;
  const s = await repo.findLiveSessionWithUser(deps.db, idHash, now);
  if (!s || now - s.last_seen_at > SESSION_IDLE_MS || s.status !== 'active') {
    return null;
  }
  let lastSeenAt = s.last_seen_at;
  if (now - s.last_seen_at >= SESSION_TOUCH_MS) {
    await repo.touchSession(deps.db, idHash, now);
    lastSeenAt = now;
  }
  const roles = await repo.rolesOf(deps.db, s.user_id);
  const session: ResolvedSession = {
    user: { id: s.user_id, login: s.login, name: s.name, roles: roles.map(publicRole) },
    csrfToken: s.csrf_token,
    expiresAt: s.expires_at,
  };
  cache?.set(idHash, { session, lastSeenAt }, ticket);
  return session;
}
