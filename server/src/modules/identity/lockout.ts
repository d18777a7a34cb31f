/**
 * Five wrong passwords or codes within 15 minutes lock the subject (`login:<name>` or
 * `phone:<number>`) for 15 minutes; the error says until when. A success clears the count.
 */
import { formatBusinessTime } from '../../platform/business-time';
import type { Db } from '../../platform/db/database';
import type { IdentityDeps } from './deps';
import { IdentityErrors } from './identity.errors';
import * as repo from './identity.repo';

export const MAX_FAILURES = 5;
export const LOCK_MS = 15 * 60_000;

export async function assertNotLocked(deps: IdentityDeps, subject: string): Promise<void> {
  const f = await repo.findFailures(deps.db, subject);
  const now = deps.clock.now();
  if (f?.locked_until !== undefined && f.locked_until !== null && f.locked_until > now) {
    throw lockedError(deps, f.locked_until, now);
  }
}

function lockedError(deps: IdentityDeps, until: number, now: number) {
  const minutes = Math.max(1, Math.ceil((until - now) / 60_000));
  const at = formatBusinessTime(until, deps.timeZone ?? 'Asia/Shanghai').slice(11, 16);
  return IdentityErrors.AUTH_LOCKED({ lockedUntil: new Date(until).toISOString(), retryAfterSeconds: Math.ceil((until - now) / 1000) }, `错误次数过多，已锁定至 ${at}（约 ${minutes} 分钟后可重试）`);
}

/** Counts a failure; the fifth within the window locks. Throws the lock error when it locks. */
export async function recordFailure(deps: IdentityDeps, subject: string): Promise<void> {
  const now = deps.clock.now();
  const lockedUntil = await deps.db.transaction().execute(async (trx: Db) => {
    const f = await repo.findFailures(trx, subject);
    const fresh = !f || now - f.first_at > LOCK_MS || (f.locked_until !== null && f.locked_until <= now);
    const failures = fresh ? 1 : f.failures + 1;
    const locked = failures >= MAX_FAILURES ? now + LOCK_MS : null;
    await repo.putFailures(trx, { subject, failures, first_at: fresh ? now : f.first_at, locked_until: locked });
    return locked;
  });
  if (lockedUntil !== null) {
    throw lockedError(deps, lockedUntil, now);
  }
}

export async function clearFailures(deps: IdentityDeps, subject: string): Promise<void> {
  await repo.deleteFailures(deps.db, subject);
}
