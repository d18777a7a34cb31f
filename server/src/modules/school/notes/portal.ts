/**
 * The parent portal's notes: a child's notes from their deliver time, newest first, with the
 * reading guardian's read state; marking one read; and a guardian writing to the child's head
 * teacher or to a note's author (lands in the same inbox, forwarded by SMS).
 */
import type { SchoolDeps } from '../deps';
import { deliverToTeacher, inboxViews, MAX_MESSAGE_TEXT } from './inbox';
import { NotesErrors } from './notes.errors';
import * as repo from './notes.repo';
import { NOTE_TYPES } from './rules';
import type { InboxView } from './views';

export interface PortalNote {
  id: string;
  type: repo.NoteType;
  typeTitle: string;
  text: string;
  authorId: string;
  authorName: string;
  urgent: boolean;
  deliverAt: number;
  read: boolean;
}

export async function studentNotes(deps: SchoolDeps, o: { studentId: string; viewerId: string; limit?: number }): Promise<{ notes: PortalNote[]; unread: number; messages: InboxView[] }> {
  const limit = Math.min(Math.max(o.limit ?? 100, 1), 200);
  const rows = await repo.notesOfStudent(deps.db, o.studentId, deps.clock.now(), limit);
  const byNote = new Map<string, PortalNote>();
  for (const r of rows) {
    const mine = r.guardian_id === o.viewerId;
    const cur = byNote.get(r.id);
    if (cur && !mine) {
      continue;
    }
    byNote.set(r.id, {
      id: r.id,
      type: r.type,
      typeTitle: NOTE_TYPES[r.type],
      text: r.rtext,
      authorId: r.author_id,
      authorName: r.author_name,
      urgent: Number(r.urgent) === 1,
      deliverAt: Number(r.deliver_at),
      read: mine ? r.read_at !== null : (cur?.read ?? false) || r.read_at !== null,
    });
  }
  const notes = [...byNote.values()].slice(0, limit);
  const mine = (await repo.inboxOfStudent(deps.db, o.studentId, 50)).filter((m) => m.guardian_id === o.viewerId);
  return { notes, unread: notes.filter((n) => !n.read).length, messages: await inboxViews(deps, mine, { maskPhone: true }) };
}

/** A guardian opened a note: their copy is read (a teacher looking changes nothing). */
export async function markNoteRead(deps: SchoolDeps, o: { studentId: string; noteId: string; viewerId: string }): Promise<{ read: boolean }> {
  if (!(await repo.studentHasNote(deps.db, o.noteId, o.studentId))) {
    throw NotesErrors.NOTE_NOT_FOUND({ noteId: o.noteId });
  }
  await repo.markRead(deps.db, { noteId: o.noteId, studentId: o.studentId, guardianId: o.viewerId, now: deps.clock.now() });
  return { read: true };
}

/** A guardian writes from the portal to the note's author, or else to the child's head teacher. */
export async function portalMessage(deps: SchoolDeps, o: { studentId: string; guardianId: string; text: string; noteId?: string; key?: string }): Promise<{ inboxId: string; teacherName: string; forwarded: boolean }> {
  const text = o.text?.trim() ?? '';
  if (text === '' || text.length > MAX_MESSAGE_TEXT) {
    throw NotesErrors.MESSAGE_INVALID({ field: 'text' }, `留言内容应为 1 到 ${MAX_MESSAGE_TEXT} 个字`);
  }
  if (o.key !== undefined && (o.key.length < 1 || o.key.length > 80)) {
    throw NotesErrors.MESSAGE_INVALID({ field: 'key' }, '请求编号应为 1 到 80 个字符');
  }
  const holder = (await deps.identity.holdersOf({ role: 'guardian', tenantType: 'student', tenantIds: [o.studentId] })).find((h) => h.userId === o.guardianId);
  if (!holder?.phone) {
    throw NotesErrors.MESSAGE_INVALID({ field: 'guardian' }, '只有登记了手机号的家长可以给老师留言');
  }
  const [student] = await deps.org.roster({ studentIds: [o.studentId] });
  if (!student) {
    throw NotesErrors.MESSAGE_INVALID({ field: 'studentId' }, '学生不存在');
  }
  let teacherId: string | null;
  if (o.noteId !== undefined) {
    const note = (await repo.studentHasNote(deps.db, o.noteId, o.studentId)) ? await repo.getNote(deps.db, o.noteId) : undefined;
    if (!note) {
      throw NotesErrors.NOTE_NOT_FOUND({ noteId: o.noteId });
    }
    teacherId = note.author_id;
  } else {
    teacherId = (await deps.org.classes({ ids: [student.classId] }))[0]?.headTeacherId ?? null;
  }
  if (!teacherId) {
    throw NotesErrors.MESSAGE_NO_TEACHER({ classId: student.classId });
  }
  const d = await deliverToTeacher(deps, {
    kind: o.noteId ? 'portal' : 'bzr',
    teacherId,
    guardian: { id: o.guardianId, name: holder.name, phone: holder.phone, label: holder.label },
    student: { id: student.id, name: student.name, classId: student.classId },
    noteId: o.noteId ?? null,
    text,
    moId: o.key ? `portal:${o.guardianId}:${o.key}` : null,
  });
  return { inboxId: d.item.id, teacherName: d.teacherName, forwarded: d.forwarded };
}
