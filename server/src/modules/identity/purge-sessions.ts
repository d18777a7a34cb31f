import { DAY } from '../../platform/clock';
import type { IdentityDeps } from './deps';
import * as repo from './identity.repo';

/** Deletes sessions that expired or were revoked more than a week ago. */
export async function purgeSessions(deps: IdentityDeps): Promise<number> {
  return repo.deleteDeadSessions(deps.db, deps.clock.now() - 7 * DAY);
}
