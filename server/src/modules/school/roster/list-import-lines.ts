import type { SchoolDeps } from '../deps';
import { getImport } from './get-import';
import * as repo from './roster.repo';
import { lineView, type ImportLine } from './views';

export interface LinesFilter { schoolId: string; importId: string; kind?: 'student' | 'teacher'; status?: 'new' | 'changed' | 'unchanged' | 'error'; limit?: number; offset?: number }

/** A page of an import's rows, with their status and reasons, in file order. */
export async function listImportLines(deps: SchoolDeps, f: LinesFilter): Promise<{ items: ImportLine[]; total: number }> {
  await getImport(deps, f.schoolId, f.importId);
  const { rows, total } = await repo.importLines(deps.db, f.importId, { kind: f.kind, status: f.status, limit: Math.min(f.limit ?? 50, 500), offset: f.offset ?? 0 });
  return { items: rows.map(lineView), total };
}
