/** Note templates: a teacher's own, or the school's (written by its admins, offered to every teacher). */
import { newId } from '../../../platform/ids';
import type { SchoolDeps } from '../deps';
import { NotesErrors } from './notes.errors';
import * as repo from './notes.repo';
import { NOTE_TYPES } from './rules';
import { authorityOf, MAX_NOTE_TEXT } from './send-note';

export interface TemplateView { id: string; schoolId: string; shared: boolean; title: string; type: repo.NoteType; text: string; updatedAt: number }

const view = (r: repo.TemplateRow): TemplateView => ({ id: r.id, schoolId: r.school_id, shared: r.owner_id === null, title: r.title, type: r.type, text: r.text, updatedAt: Number(r.updated_at) });

function check(o: { title?: string; type?: string; text?: string }): void {
  if (o.title !== undefined && (o.title.trim() === '' || o.title.trim().length > 20)) {
    throw NotesErrors.TEMPLATE_INVALID({ field: 'title' }, '模板名称应为 1 到 20 个字');
  }
  if (o.type !== undefined && !(o.type in NOTE_TYPES)) {
    throw NotesErrors.TEMPLATE_INVALID({ field: 'type' }, `留言类型应为 ${Object.values(NOTE_TYPES).join('、')} 之一`);
  }
  if (o.text !== undefined && (o.text.trim() === '' || o.text.trim().length > MAX_NOTE_TEXT)) {
    throw NotesErrors.TEMPLATE_INVALID({ field: 'text' }, `模板内容应为 1 到 ${MAX_NOTE_TEXT} 个字`);
  }
}

export async function listTemplates(deps: SchoolDeps, o: { schoolId: string; userId: string }): Promise<TemplateView[]> {
  // Own first, then the school's; by title in pinyin order (the same on both databases).
  const rows = await repo.listTemplates(deps.db, o.schoolId, o.userId);
  return rows.map(view).sort((a, b) => Number(a.shared) - Number(b.shared) || a.title.localeCompare(b.title, 'zh-CN'));
}

export async function createTemplate(deps: SchoolDeps, o: { schoolId: string; userId: string; shared?: boolean; title: string; type: repo.NoteType; text: string }): Promise<TemplateView> {
  check(o);
  await deps.org.getSchool(o.schoolId);
  const who = await authorityOf(deps, o.userId, o.schoolId);
  if (o.shared && !who.admin) {
    throw NotesErrors.NOTE_FORBIDDEN({ field: 'shared' }, '只有学校管理员可以创建全校模板');
  }
  const owner = o.shared ? null : o.userId;
  const existing = await repo.findTemplate(deps.db, o.schoolId, owner, o.title.trim());
  if (existing) {
    if (existing.text === o.text.trim() && existing.type === o.type) {
      return view(existing);
    }
    throw NotesErrors.TEMPLATE_EXISTS({ templateId: existing.id });
  }
  const now = deps.clock.now();
  const row: repo.TemplateRow = { id: newId(now), school_id: o.schoolId, owner_id: owner, title: o.title.trim(), type: o.type, text: o.text.trim(), created_at: now, updated_at: now };
  await repo.insertTemplate(deps.db, row);
  return view(row);
}

async function own(deps: SchoolDeps, id: string, userId: string): Promise<repo.TemplateRow> {
  const r = await repo.getTemplate(deps.db, id);
  if (!r) {
    throw NotesErrors.TEMPLATE_NOT_FOUND({ templateId: id });
  }
  const ok = r.owner_id === null ? (await authorityOf(deps, userId, r.school_id)).admin : r.owner_id === userId;
  if (!ok) {
    throw NotesErrors.TEMPLATE_NOT_FOUND({ templateId: id }, '模板不存在或不是您的');
  }
  return r;
}

export async function updateTemplate(deps: SchoolDeps, o: { id: string; userId: string; title?: string; type?: repo.NoteType; text?: string }): Promise<TemplateView> {
  check(o);
  const r = await own(deps, o.id, o.userId);
  const set = { title: o.title?.trim() ?? r.title, type: o.type ?? r.type, text: o.text?.trim() ?? r.text, updated_at: deps.clock.now() };
  await repo.updateTemplate(deps.db, r.id, set);
  return view({ ...r, ...set });
}

export async function deleteTemplate(deps: SchoolDeps, o: { id: string; userId: string }): Promise<void> {
  const r = await own(deps, o.id, o.userId);
  await repo.deleteTemplate(deps.db, r.id);
}
