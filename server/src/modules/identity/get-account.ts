import type { IdentityDeps, PublicUser } from './deps';
import * as repo from './identity.repo';
import { toPublicUser } from './to-public-user';

/** What "my account" shows: the public user and their own phone number. */
export async function getAccount(deps: IdentityDeps, opts: { userId: string }): Promise<PublicUser & { phone: string | null }> {
  const user = await toPublicUser(deps.db, opts.userId);
  const row = await repo.findUserById(deps.db, opts.userId);
  return { ...user, phone: row?.phone ?? null };
}
