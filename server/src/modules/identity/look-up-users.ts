/**
 * Users in bulk by id or by login: how records that keep only a user's id (the audit log)
 * show a name when they are read, and how an operator's "who" (a login) becomes the id they
 * are searched by. Ids that match nobody (a user removed or anonymised) are simply absent.
 */
import type { IdentityDeps } from './deps';
import * as repo from './user-lookup.repo';

export interface UserRef {
  id: string;
  login: string;
  name: string;
  disabled: boolean;
}

/** At most this many per call (one page of a list). */
const MAX = 500;

export async function lookUpUsers(deps: IdentityDeps, q: { ids?: string[]; logins?: string[] }): Promise<UserRef[]> {
  const ids = [...new Set(q.ids ?? [])].slice(0, MAX);
  const logins = [...new Set((q.logins ?? []).map((l) => l.trim()).filter((l) => l !== ''))].slice(0, MAX);
  const rows = [...(await repo.usersByIds(deps.db, ids)), ...(await repo.usersByLogins(deps.db, logins))];
  const byId = new Map(rows.map((r) => [r.id, { id: r.id, login: r.login, name: r.name, disabled: r.status !== 'active' }]));
  return [...byId.values()];
}
