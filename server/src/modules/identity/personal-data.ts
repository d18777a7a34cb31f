/**
 * What identity holds about a person — for their own download — and the anonymisation of a
 * person who left: name, login and number go; the id stays, so the ledger's and the audit
 * log's records keep pointing at the same (now pseudonymous) person.
 */
import { sql } from 'kysely';
import type { IdentityDeps } from './deps';
import { IdentityErrors } from './identity.errors';
import * as repo from './identity.repo';
import { ROLE_TITLES } from './policy';

export interface IdentityPersonalData {
  profile: { id: string; login: string; name: string; phone: string | null; status: string; createdAt: number; updatedAt: number };
  roles: { role: string; title: string; tenantType: string; tenantId: string; since: number }[];
  sessions: { createdAt: number; lastSeenAt: number; endedAt: number | null; ip: string | null; userAgent: string | null }[];
  apiTokens: { name: string; prefix: string; createdAt: number; lastUsedAt: number | null; expiresAt: number; revokedAt: number | null }[];
  loginCodes: { purpose: string; sentAt: number; usedAt: number | null; ip: string | null }[];
}

export const ANONYMOUS_NAME = '已注销用户';

/** Was this person anonymised? (Nothing about them changes again.) */
export function isAnonymised(u: Pick<repo.UserRow, 'name' | 'phone' | 'login'>): boolean {
  return u.name === ANONYMOUS_NAME && u.phone === null && u.login.startsWith('anon-');
}

export async function identityPersonalData(deps: IdentityDeps, userId: string): Promise<IdentityPersonalData> {
  const u = await repo.findUserById(deps.db, userId);
  if (!u) {
    throw IdentityErrors.USER_NOT_FOUND({ userId });
  }
  const [roles, sessions, tokens, codes] = await Promise.all([
    repo.rolesOf(deps.db, userId),
    sql<{ created_at: number; last_seen_at: number; revoked_at: number | null; ip: string | null; user_agent: string | null }>`
      select created_at, last_seen_at, revoked_at, ip, user_agent from sessions where user_id = ${userId} order by created_at`.execute(deps.db),
    sql<{ name: string; prefix: string; created_at: number; last_used_at: number | null; expires_at: number; revoked_at: number | null }>`
      select name, prefix, created_at, last_used_at, expires_at, revoked_at from api_tokens where user_id = ${userId} order by created_at`.execute(deps.db),
    sql<{ purpose: string; created_at: number; used_at: number | null; ip: string | null }>`
      select purpose, created_at, used_at, ip from login_codes where user_id = ${userId} order by created_at`.execute(deps.db),
  ]);
  const n = (v: number | null) => (v === null ? null : Number(v));
  return {
    profile: { id: u.id, login: u.login, name: u.name, phone: u.phone, status: u.status, createdAt: u.created_at, updatedAt: u.updated_at },
    roles: roles.map((r) => ({ role: r.role, title: ROLE_TITLES[r.role], tenantType: r.tenant_type, tenantId: r.tenant_id, since: r.created_at })),
    sessions: sessions.rows.map((s) => ({ createdAt: Number(s.created_at), lastSeenAt: Number(s.last_seen_at), endedAt: n(s.revoked_at), ip: s.ip, userAgent: s.user_agent })),
    apiTokens: tokens.rows.map((t) => ({ name: t.name, prefix: t.prefix, createdAt: Number(t.created_at), lastUsedAt: n(t.last_used_at), expiresAt: Number(t.expires_at), revokedAt: n(t.revoked_at) })),
    loginCodes: codes.rows.map((c) => ({ purpose: c.purpose, sentAt: Number(c.created_at), usedAt: n(c.used_at), ip: c.ip })),
  };
}

/**
 * Anonymises a person: their name, login, number, password, roles, sessions, tokens, codes
 * and lock-out counts go, in one transaction. Returns the number they had (messaging
 * anonymises it next) — null if they had none. Anonymising twice is refused.
 */
export async function anonymisePerson(deps: IdentityDeps, userId: string): Promise<{ phone: string | null; login: string }> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const u = await repo.findUserById(trx, userId);
    if (!u) {
      throw IdentityErrors.USER_NOT_FOUND({ userId });
    }
    if (isAnonymised(u)) {
      throw IdentityErrors.USER_INVALID({ userId }, '此人已匿名化');
    }
    const login = `anon-${u.id.replace(/-/g, '').slice(-12)}`;
    await sql`update users set login = ${login}, name = ${ANONYMOUS_NAME}, phone = null, password_hash = null, status = 'disabled', updated_at = ${now} where id = ${userId}`.execute(trx);
    await sql`delete from user_roles where user_id = ${userId}`.execute(trx);
    await sql`update sessions set revoked_at = ${now}, ip = null, user_agent = null where user_id = ${userId} and revoked_at is null`.execute(trx);
    await sql`update sessions set ip = null, user_agent = null where user_id = ${userId}`.execute(trx);
    await sql`update api_tokens set revoked_at = ${now} where user_id = ${userId} and revoked_at is null`.execute(trx);
    await sql`delete from login_codes where user_id = ${userId}${u.phone ? sql` or phone = ${u.phone}` : sql``}`.execute(trx);
    await sql`delete from login_failures where subject in (${`login:${u.login}`}, ${`phone:${u.phone ?? ''}`})`.execute(trx);
    return { phone: u.phone, login: u.login };
  });
}
