/** School messaging, part "notes": its use-cases, reached through the school module's front door. */
import type { SchoolDeps } from '../deps';

export function notesApi(deps: SchoolDeps) {
  void deps;
  return {};
}
