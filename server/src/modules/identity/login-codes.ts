/**
 * One-time SMS codes, for logging in, for resetting a password and for proving a new number
 * of one's own (`phone`, the code bound to the person asking): 6 digits, valid 5
 * minutes, used once, only their hash stored. Asking is limited per number (1 a minute, 5 an
 * hour, 10 a day) and per IP (20 an hour). A number that belongs to nobody gets the same
 * answer and no SMS, so the form does not tell who is registered. Five wrong codes lock the
 * number for 15 minutes. The SMS itself is sent by a flow (flows/login-code.flow.ts).
 */
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { newId } from '../../platform/ids';
import { normalizeMsisdn } from '../../platform/msisdn';
import { createSession, type LogInResult } from './create-session';
import type { IdentityDeps } from './deps';
import { IdentityErrors } from './identity.errors';
import * as repo from './identity.repo';
import { assertNotLocked, clearFailures, recordFailure } from './lockout';
import { assertStrongPassword, hashPassword } from './password';

/** `phone`: proving a new number of one's own (my account), the code bound to the person asking. */
export type CodePurpose = 'login' | 'reset' | 'phone';
export const CODE_TTL_MS = 5 * 60_000;
const LIMITS = [
  { windowMs: 60_000, max: 1, text: '每分钟只能获取 1 次' },
  { windowMs: 3_600_000, max: 5, text: '每小时最多 5 次' },
  { windowMs: 86_400_000, max: 10, text: '每天最多 10 次' },
];
const IP_LIMIT = { windowMs: 3_600_000, max: 20 };

export function normalizePhone(input: string): string {
  const phone = normalizeMsisdn(input);
  if (phone === null) {
    throw IdentityErrors.AUTH_PHONE_INVALID({ phone: input.slice(0, 20) });
  }
  return phone;
}

function hashCode(id: string, code: string): string {
  return createHash('sha256').update(`${id}:${code}`).digest('hex');
}

export interface IssuedCode {
  codeId: string;
  phone: string;
  /** null: the number belongs to nobody; send nothing. */
  userId: string | null;
  /** The code itself, for the SMS only; never logged, never stored. */
  code: string;
  expiresAt: number;
}

export async function issueCode(deps: IdentityDeps, o: { phone: string; purpose: CodePurpose; ip?: string; userId?: string }): Promise<IssuedCode> {
  const phone = normalizePhone(o.phone);
  const now = deps.clock.now();
  const last = await repo.lastCodeAt(deps.db, phone);
  for (const limit of LIMITS) {
    if ((await repo.countCodesSince(deps.db, { phone }, now - limit.windowMs)) >= limit.max) {
      const retryAfterSeconds = limit.max === 1 && last !== null ? Math.ceil((last + limit.windowMs - now) / 1000) : Math.ceil(limit.windowMs / 1000);
      throw IdentityErrors.AUTH_CODE_TOO_FREQUENT({ retryAfterSeconds }, `获取验证码过于频繁（${limit.text}），请 ${retryAfterSeconds >= 120 ? `${Math.ceil(retryAfterSeconds / 60)} 分钟` : `${retryAfterSeconds} 秒`}后再试`);
    }
  }
  if (o.ip !== undefined && (await repo.countCodesSince(deps.db, { ip: o.ip }, now - IP_LIMIT.windowMs)) >= IP_LIMIT.max) {
    throw IdentityErrors.AUTH_CODE_TOO_FREQUENT({ retryAfterSeconds: 3600 }, '此网络获取验证码过于频繁，请稍后再试');
  }
  // A `phone` code belongs to the person proving the number, not to whoever has it now.
  const holder = o.purpose === 'phone' ? undefined : await repo.findUserByPhone(deps.db, phone);
  const user = o.purpose === 'phone' ? (o.userId === undefined ? undefined : { id: o.userId }) : holder?.status === 'active' ? holder : undefined;
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const id = newId(now);
  await repo.insertLoginCode(deps.db, { id, phone, purpose: o.purpose, user_id: user?.id ?? null, code_hash: hashCode(id, code), ip: o.ip ?? null, created_at: now, expires_at: now + CODE_TTL_MS, used_at: null });
  return { codeId: id, phone, userId: user?.id ?? null, code, expiresAt: now + CODE_TTL_MS };
}

/**
 * The user a live code of this number proves, using the code up; counts a failure otherwise.
 * With `forUser`, only a code issued to that user counts.
 */
export async function redeem(deps: IdentityDeps, phone: string, code: string, purpose: CodePurpose, forUser?: string): Promise<string> {
  const subject = `phone:${phone}`;
  await assertNotLocked(deps, subject);
  const now = deps.clock.now();
  const given = /^\d{6}$/.test(code.trim()) ? code.trim() : null;
  const match = given === null ? undefined : (await repo.liveCodes(deps.db, phone, purpose, now)).find((c) => timingSafeEqual(Buffer.from(c.code_hash, 'hex'), Buffer.from(hashCode(c.id, given), 'hex')));
  if (!match?.user_id || (forUser !== undefined && match.user_id !== forUser) || !(await repo.useCode(deps.db, match.id, now))) {
    await recordFailure(deps, subject);
    throw IdentityErrors.AUTH_INVALID_CODE();
  }
  await clearFailures(deps, subject);
  return match.user_id;
}

export async function logInWithCode(deps: IdentityDeps, o: { phone: string; code: string; ip?: string; userAgent?: string }): Promise<LogInResult> {
  const userId = await redeem(deps, normalizePhone(o.phone), o.code, 'login');
  const user = await repo.findUserById(deps.db, userId);
  if (user?.status !== 'active') {
    throw IdentityErrors.AUTH_ACCOUNT_DISABLED();
  }
  return createSession(deps, userId, o);
}

/** Forgotten password: a reset code, then a new password; every session of the user ends. */
export async function resetPasswordWithCode(deps: IdentityDeps, o: { phone: string; code: string; password: string }): Promise<{ sessionsEnded: number }> {
  assertStrongPassword(o.password);
  const userId = await redeem(deps, normalizePhone(o.phone), o.code, 'reset');
  const hash = await hashPassword(o.password);
  const now = deps.clock.now();
  const sessionsEnded = await deps.db.transaction().execute(async (trx) => {
    await repo.updatePasswordHash(trx, userId, hash, now);
    return repo.revokeUserSessions(trx, userId, now);
  });
  return { sessionsEnded };
}
