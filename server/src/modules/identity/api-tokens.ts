import type { IdentityDeps } from './deps';
import type { ResolvedSession } from './resolve-session';

/** The user behind a bearer token, or null. (Filled in by the API-token work.) */
export async function resolveApiToken(_deps: IdentityDeps, _opts: { token: string }): Promise<ResolvedSession | null> {
  return null;
}
