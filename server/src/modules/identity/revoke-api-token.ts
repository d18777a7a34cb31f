import type { IdentityDeps } from './deps';
import * as accounts from './account.repo';
import { IdentityErrors } from './identity.errors';

/** Revokes one of one's own tokens; someone else's is "not found", as if it did not exist. */
export async function revokeApiToken(deps: IdentityDeps, opts: { userId: string; tokenId: string }): Promise<void> {
  if (!(await accounts.revokeApiTokenOf(deps.db, opts.userId, opts.tokenId, deps.clock.now()))) {
    throw IdentityErrors.TOKEN_NOT_FOUND({ tokenId: opts.tokenId });
  }
}
