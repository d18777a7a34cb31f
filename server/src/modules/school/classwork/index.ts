/** School messaging, part "classwork": its use-cases, reached through the school module's front door. */
import type { SchoolDeps } from '../deps';

export function classworkApi(deps: SchoolDeps) {
  void deps;
  return {};
}
