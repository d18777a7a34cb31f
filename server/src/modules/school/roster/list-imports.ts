import type { SchoolDeps } from '../deps';
import * as repo from './roster.repo';
import { importView, type RosterImport } from './views';

/** A school's imports, newest first. */
export async function listImports(deps: SchoolDeps, schoolId: string, limit = 20): Promise<RosterImport[]> {
  return (await repo.listImports(deps.db, schoolId, Math.min(Math.max(limit, 1), 100))).map(importView);
}
