import type { SchoolDeps } from '../deps';
import * as repo from './roster.repo';
import type { ApplyResult } from './views';

/** How far the apply is (the console's and the CLI's progress bars read it). */
export async function recordProgress(deps: SchoolDeps, importId: string, done: number, total: number): Promise<void> {
  await repo.setProgress(deps.db, importId, done, total, deps.clock.now());
}

/** The apply finished: the import is closed and keeps what it did. */
export async function finishApply(deps: SchoolDeps, importId: string, result: ApplyResult): Promise<void> {
  const now = deps.clock.now();
  await repo.moveStatus(deps.db, importId, 'applying', { status: 'applied', result: JSON.stringify(result), applied_at: now, updated_at: now });
  deps.log.info({ importId, ...result }, 'roster import applied');
}

/** The apply failed part-way: the import can be applied again (what was written is then unchanged). */
export async function failApply(deps: SchoolDeps, importId: string, message: string): Promise<void> {
  await repo.moveStatus(deps.db, importId, 'applying', { status: 'previewed', error: message.slice(0, 500), updated_at: deps.clock.now() });
}
