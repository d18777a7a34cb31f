import type { SchoolDeps } from '../deps';
import * as repo from './roster.repo';
import { RosterErrors } from './roster.errors';
import { importView, type RosterImport } from './views';

/** One import of a school (its summary, status and progress). */
export async function getImport(deps: SchoolDeps, schoolId: string, id: string): Promise<RosterImport> {
  const r = await repo.findImport(deps.db, id);
  if (!r || r.school_id !== schoolId) {
    throw RosterErrors.ROSTER_IMPORT_NOT_FOUND({ id });
  }
  return importView(r);
}
