/** Homework of a class: what the console lists and the portal shows. */
import { businessDate } from '../../../platform/business-time';
import type { SchoolDeps } from '../deps';
import * as repo from './classwork.repo';

export interface Homework { id: string; classId: string; subject: string; title: string; text: string; dueDay: string; authorId: string; authorName: string | null; noteId: string | null; createdAt: number }

export async function homeworkViews(deps: SchoolDeps, rows: repo.HomeworkRow[]): Promise<Homework[]> {
  const classIds = [...new Set(rows.map((r) => r.class_id))];
  const names = new Map((await deps.identity.holdersOf({ role: 'teacher', tenantType: 'class', tenantIds: classIds })).map((h) => [h.userId, h.name]));
  return rows.map((r) => ({
    id: r.id,
    classId: r.class_id,
    subject: r.subject,
    title: r.title,
    text: r.text,
    dueDay: r.due_day,
    authorId: r.author_id,
    authorName: names.get(r.author_id) ?? null,
    noteId: r.note_id,
    createdAt: r.created_at,
  }));
}

export async function listHomework(deps: SchoolDeps, o: { classId: string; limit?: number }): Promise<Homework[]> {
  return homeworkViews(deps, await repo.homeworkOf(deps.db, o.classId, { limit: Math.min(o.limit ?? 50, 200) }));
}

/** The school's today, 'YYYY-MM-DD' (Asia/Shanghai). */
export function schoolToday(deps: SchoolDeps): string {
  return businessDate(deps.clock.now(), deps.timeZone);
}
