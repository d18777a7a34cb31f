import type { IdentityDeps } from './deps';
import * as accounts from './account.repo';
import { IdentityErrors } from './identity.errors';
import { hashSessionToken, publicSessionId } from './session-token';

/**
 * Ends one of one's own sessions by its public id (logs a device out). Another user's
 * session is "not found". Says whether it was the session of this request.
 */
export async function endSession(deps: IdentityDeps, opts: { userId: string; sessionId: string; currentToken?: string }): Promise<{ current: boolean }> {
  const now = deps.clock.now();
  // A person has a handful of sessions: find the one by its public id among theirs.
  const target = (await accounts.unexpiredSessionsOf(deps.db, opts.userId, now)).find((s) => publicSessionId(s.id_hash) === opts.sessionId);
  if (!target || !(await accounts.revokeSessionOf(deps.db, opts.userId, target.id_hash, now))) {
    throw IdentityErrors.SESSION_NOT_FOUND({ sessionId: opts.sessionId });
  }
  return { current: opts.currentToken !== undefined && hashSessionToken(opts.currentToken) === target.id_hash };
}
