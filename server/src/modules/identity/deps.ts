import type { Clock } from '../../platform/clock';
import type { Db } from '../../platform/db/database';
import type { Role, TenantType } from './policy';

export interface IdentityDeps {
  db: Db;
  clock: Clock;
  /** Business time zone, for the times shown in messages (lockouts). Default Asia/Shanghai. */
  timeZone?: string;
}

export interface PublicUser {
  id: string;
  login: string;
  name: string;
  roles: { role: Role; title: string; tenantType: TenantType; tenantId: string }[];
}

/** A console session behind a cookie, as the HTTP layer uses it. */
export interface ResolvedSession {
  user: PublicUser;
  csrfToken: string;
  expiresAt: number;
}

/** Console sessions: end after 2 hours idle, and 12 hours after log-in in any case. */
export const SESSION_IDLE_MS = 2 * 3_600_000;
export const SESSION_ABSOLUTE_MS = 12 * 3_600_000;
/** last_seen_at is written at most this often, so reading a page is not a write. */
export const SESSION_TOUCH_MS = 60_000;
/** An API token's last_used_at, likewise. */
export const API_TOKEN_TOUCH_MS = 60_000;
