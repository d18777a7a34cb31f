import type { IdentityDeps } from './deps';
import * as repo from './identity.repo';
import { hashSessionToken } from './session-token';

export async function logOut(deps: IdentityDeps, opts: { token: string }): Promise<void> {
  await repo.revokeSession(deps.db, hashSessionToken(opts.token), deps.clock.now());
}
