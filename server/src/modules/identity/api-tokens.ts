/**
 * Bearer tokens for API clients: `ykt_` + 43 random characters (256 bits), shown once; only
 * their SHA-256 is stored. A token acts as its user, with the user's roles, until it expires,
 * is revoked, or the user is disabled. It needs no CSRF token: a browser never sends it by itself.
 */
import { createHash } from 'node:crypto';
import { API_TOKEN_TOUCH_MS, type IdentityDeps, type ResolvedSession } from './deps';
import * as accounts from './account.repo';
import * as repo from './identity.repo';
import { publicRole } from './to-public-user';

export const API_TOKEN_PREFIX = 'ykt_';
/** How many characters of a token are kept in clear to recognise it (`ykt_` + 8). */
export const API_TOKEN_SHOWN_CHARS = 12;
const TOKEN_SHAPE = /^ykt_[A-Za-z0-9_-]{43}$/;

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The user behind a bearer token, or null (unknown, malformed, expired, revoked, user disabled). */
export async function resolveApiToken(deps: IdentityDeps, opts: { token: string }): Promise<ResolvedSession | null> {
  if (!TOKEN_SHAPE.test(opts.token)) {
    return null;
  }
  const now = deps.clock.now();
  const k = await accounts.findLiveApiTokenWithUser(deps.db, hashApiToken(opts.token), now);
  if (!k) {
    return null;
  }
  if (k.last_used_at === null || now - k.last_used_at >= API_TOKEN_TOUCH_MS) {
    await accounts.touchApiToken(deps.db, k.id, now);
  }
  const roles = await repo.rolesOf(deps.db, k.user_id);
  return {
    user: { id: k.user_id, login: k.login, name: k.name, roles: roles.map(publicRole) },
    csrfToken: '',
    expiresAt: k.expires_at,
  };
}
