/** School messaging, part "gate": its use-cases, reached through the school module's front door. */
import type { SchoolDeps } from '../deps';

export function gateApi(deps: SchoolDeps) {
  void deps;
  return {};
}
