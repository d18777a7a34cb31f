import type { IdentityDeps } from './deps';
import * as repo from './identity.repo';

/** Ends every session of the user, the current one included. API tokens are not sessions and stay. */
export async function logOutEverywhere(deps: IdentityDeps, opts: { userId: string }): Promise<{ sessionsEnded: number }> {
  return { sessionsEnded: await repo.revokeUserSessions(deps.db, opts.userId, deps.clock.now()) };
}
