import { SESSION_IDLE_MS, type IdentityDeps } from './deps';
import * as accounts from './account.repo';
import { hashSessionToken, publicSessionId } from './session-token';

export interface SessionInfo {
  /** A public id derived from the stored hash (16 hex digits); never the cookie's token. */
  id: string;
  createdAt: number;
  lastSeenAt: number;
  /** When it ends unless used again: the idle limit or the absolute one, whichever is first. */
  expiresAt: number;
  ip: string | null;
  userAgent: string | null;
  /** The session this request came with. */
  current: boolean;
}

/** One's own live sessions (devices logged in): this one first, then the most recently used. */
export async function listSessions(deps: IdentityDeps, opts: { userId: string; currentToken?: string }): Promise<SessionInfo[]> {
  const now = deps.clock.now();
  const currentHash = opts.currentToken === undefined ? null : hashSessionToken(opts.currentToken);
  const rows = await accounts.unexpiredSessionsOf(deps.db, opts.userId, now);
  return rows
    .filter((s) => now - s.last_seen_at <= SESSION_IDLE_MS)
    .map((s) => ({
      id: publicSessionId(s.id_hash),
      createdAt: s.created_at,
      lastSeenAt: s.last_seen_at,
      expiresAt: Math.min(s.expires_at, s.last_seen_at + SESSION_IDLE_MS),
      ip: s.ip,
      userAgent: s.user_agent,
      current: s.id_hash === currentHash,
    }))
    .sort((a, b) => Number(b.current) - Number(a.current));
}
