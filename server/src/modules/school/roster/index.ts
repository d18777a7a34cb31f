/**
 * School messaging, part "roster": importing a school's roster from .xlsx or CSV — parse,
 * check and compare with the current roster into a stored preview; applying it is the
 * cross-module flow flows/roster-import.flow.ts, which uses the steps below.
 */
import type { SchoolDeps } from '../deps';
import { failApply, finishApply, recordProgress } from './finish-apply';
import { getImport } from './get-import';
import { listImportLines, type LinesFilter } from './list-import-lines';
import { listImports } from './list-imports';
import { previewImport, type PreviewOptions } from './preview-import';
import { replan, startApply } from './start-apply';
import { rosterTemplate } from './template';
import type { ApplyResult } from './views';

export type { ApplyResult, ImportLine, RosterImport } from './views';
export type { Plan, PlanSummary, RowStatus, StudentOp, TeacherOp } from './plan';
export { RosterErrors } from './roster.errors';
export { PREVIEW_TTL_MS } from './start-apply';
export { MAX_ROWS, STUDENT_COLUMNS, TEACHER_COLUMNS } from './parse';

export function rosterApi(deps: SchoolDeps) {
  return {
    /** The .xlsx template (学生, 教师 and 说明 sheets). */
    template: () => rosterTemplate(),
    /** Parses, checks and compares a file; stores and returns the preview. Nothing in the roster changes. */
    preview: (o: PreviewOptions) => previewImport(deps, o),
    get: (schoolId: string, importId: string) => getImport(deps, schoolId, importId),
    list: (schoolId: string, limit?: number) => listImports(deps, schoolId, limit),
    lines: (f: LinesFilter) => listImportLines(deps, f),
    // The apply's steps (flows/roster-import.flow.ts writes org and identity between them).
    startApply: (o: { schoolId: string; importId: string; by: string }) => startApply(deps, o),
    replan: (schoolId: string, c: Parameters<typeof replan>[2]) => replan(deps, schoolId, c),
    recordProgress: (importId: string, done: number, total: number) => recordProgress(deps, importId, done, total),
    finishApply: (importId: string, result: ApplyResult) => finishApply(deps, importId, result),
    failApply: (importId: string, message: string) => failApply(deps, importId, message),
  };
}
