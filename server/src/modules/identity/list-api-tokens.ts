import { DAY } from '../../platform/clock';
import type { IdentityDeps } from './deps';
import * as accounts from './account.repo';

export interface ApiTokenInfo {
  id: string;
  name: string;
  /** The first characters of the token (`ykt_` + 8), to recognise it; never the token. */
  prefix: string;
  createdAt: number;
  lastUsedAt: number | null;
  expiresAt: number;
  status: 'active' | 'expired';
}

/** Expired tokens stay in the list this long, so a broken client's cause can be seen. */
const SHOW_EXPIRED_MS = 30 * DAY;

export function toApiTokenInfo(r: accounts.ApiTokenRow, now: number): ApiTokenInfo {
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    expiresAt: r.expires_at,
    status: r.expires_at > now ? 'active' : 'expired',
  };
}

/** One's own tokens: live ones, and those expired in the last 30 days; revoked ones are gone. */
export async function listApiTokens(deps: IdentityDeps, opts: { userId: string }): Promise<ApiTokenInfo[]> {
  const now = deps.clock.now();
  const rows = await accounts.apiTokensOf(deps.db, opts.userId, now - SHOW_EXPIRED_MS);
  return rows.map((r) => toApiTokenInfo(r, now));
}
