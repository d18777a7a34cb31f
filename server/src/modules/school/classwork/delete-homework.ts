/** Takes homework back (a mistake): it leaves the portal; a note already sent stays sent. */
import type { SchoolDeps } from '../deps';
import { ClassworkErrors } from './classwork.errors';
import * as repo from './classwork.repo';

export async function deleteHomework(deps: SchoolDeps, o: { classId: string; homeworkId: string }): Promise<void> {
  const h = await repo.homeworkById(deps.db, o.homeworkId);
  if (!h || h.class_id !== o.classId) {
    throw ClassworkErrors.HOMEWORK_NOT_FOUND({ homeworkId: o.homeworkId });
  }
  await repo.deleteHomework(deps.db, h.id);
}
