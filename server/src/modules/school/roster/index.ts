/** School messaging, part "roster": its use-cases, reached through the school module's front door. */
import type { SchoolDeps } from '../deps';

export function rosterApi(deps: SchoolDeps) {
  void deps;
  return {};
}
