/**
 * Sent notes: a teacher's own, a school's (its admins), any (the platform); one note's
 * per-recipient delivery and read state; and sending again to families whose SMS failed.
 */
import type { RoleGrant } from '../../identity';
import type { MessageStatus } from '../../messaging';
import type { SchoolDeps } from '../deps';
import { NotesErrors } from './notes.errors';
import * as repo from './notes.repo';
import { maskPhone, noteView, type NoteView, type RecipientView } from './views';

export interface Viewer { userId: string; roles: readonly RoleGrant[] }

const PLATFORM = new Set(['operator', 'support']);

export async function classNames(deps: SchoolDeps, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  return new Map(unique.length ? (await deps.org.classes({ ids: unique })).map((c) => [c.id, c.name]) : []);
}

async function views(deps: SchoolDeps, rows: repo.NoteRow[]): Promise<NoteView[]> {
  const names = await classNames(deps, rows.flatMap((r) => (r.target_kind === 'school' ? [] : (JSON.parse(r.class_ids) as string[]))));
  const counts = await repo.readCounts(deps.db, rows.map((r) => r.id));
  return rows.map((r) => noteView(r, names, counts.get(r.id)));
}

/** Platform staff see every note; a school admin the school's; anyone else their own. */
export async function listNotes(deps: SchoolDeps, o: { viewer: Viewer; schoolId?: string; limit?: number; offset?: number }): Promise<{ items: NoteView[]; total: number }> {
  const limit = Math.min(Math.max(o.limit ?? 50, 1), 200);
  const offset = Math.max(o.offset ?? 0, 0);
  const platform = o.viewer.roles.some((r) => PLATFORM.has(r.role));
  const adminOf = o.viewer.roles.filter((r) => r.role === 'school_admin').map((r) => r.tenantId);
  let f: Parameters<typeof repo.listNotes>[1];
  if (platform) {
    f = { schoolIds: o.schoolId ? [o.schoolId] : undefined, limit, offset };
  } else if (adminOf.length > 0) {
    f = { schoolIds: o.schoolId ? adminOf.filter((s) => s === o.schoolId) : adminOf, limit, offset };
  } else {
    f = { authorId: o.viewer.userId, limit, offset };
  }
  const r = await repo.listNotes(deps.db, f);
  return { items: await views(deps, r.rows), total: r.total };
}

/** The note if the viewer may see its recipients: its author, the school's admin, platform staff. */
export async function noteFor(deps: SchoolDeps, noteId: string, viewer: Viewer): Promise<repo.NoteRow> {
  const n = await repo.getNote(deps.db, noteId);
  if (!n) {
    throw NotesErrors.NOTE_NOT_FOUND({ noteId });
  }
  const ok = n.author_id === viewer.userId || viewer.roles.some((r) => PLATFORM.has(r.role) || (r.role === 'school_admin' && r.tenantId === n.school_id));
  if (!ok) {
    throw NotesErrors.NOTE_NOT_FOUND({ noteId }, '留言不存在或不是您发送的');
  }
  return n;
}

/** The classes a note went to (for the route's scope: a teacher of one of them gets past authorization). */
export async function noteScope(deps: SchoolDeps, noteId: string): Promise<{ schoolId: string; classId: string | null } | null> {
  const n = await repo.getNote(deps.db, noteId);
  return n ? { schoolId: n.school_id, classId: (JSON.parse(n.class_ids) as string[])[0] ?? null } : null;
}

/** Latest SMS state per number, per round (a resend replaces a failure). */
async function smsStates(deps: SchoolDeps, noteId: string): Promise<Map<string, MessageStatus>> {
  const out = new Map<string, MessageStatus>();
  for (const b of await repo.bulksOf(deps.db, noteId)) {
    for (const m of await deps.messaging.bulkMessages(b.bulk_id)) {
      out.set(`${b.round}:${m.to}`, m.status);
    }
  }
  return out;
}

export async function noteDetail(deps: SchoolDeps, o: { noteId: string; viewer: Viewer }): Promise<{ note: NoteView; recipients: RecipientView[]; summary: Record<'delivered' | 'pending' | 'failed' | 'blocked' | 'portalOnly' | 'read', number> }> {
  const n = await noteFor(deps, o.noteId, o.viewer);
  const [note] = await views(deps, [n]);
  const rows = await repo.recipientsOf(deps.db, n.id);
  const names = await classNames(deps, rows.map((r) => r.class_id));
  const states = await smsStates(deps, n.id);
  const recipients: RecipientView[] = rows.map((r) => ({
    studentId: r.student_id,
    studentName: r.student_name,
    classId: r.class_id,
    className: names.get(r.class_id) ?? '',
    guardianId: r.guardian_id,
    guardianName: r.guardian_name,
    label: r.label,
    phone: maskPhone(r.phone),
    text: r.text,
    sms: Number(r.sms) === 1 ? (states.get(`${r.round}:${r.phone}`) ?? 'queued') : 'none',
    readAt: r.read_at === null ? null : Number(r.read_at),
  }));
  const count = (f: (r: RecipientView) => boolean) => recipients.filter(f).length;
  return {
    note: note!,
    recipients,
    summary: {
      delivered: count((r) => r.sms === 'delivered'),
      pending: count((r) => ['queued', 'submitted', 'accepted', 'unknown'].includes(r.sms)),
      failed: count((r) => r.sms === 'failed' || r.sms === 'expired'),
      blocked: count((r) => r.sms === 'blocked'),
      portalOnly: count((r) => r.sms === 'none'),
      read: count((r) => r.readAt !== null),
    },
  };
}

/** Sends again to every family whose SMS failed or expired (messaging keys each resend by the failed message: a retry sends nothing twice). */
export async function resendFailed(deps: SchoolDeps, o: { noteId: string; viewer: Viewer }): Promise<{ resent: number }> {
  const n = await noteFor(deps, o.noteId, o.viewer);
  let resent = 0;
  for (const b of await repo.bulksOf(deps.db, n.id)) {
    resent += (await deps.messaging.resendFailed(b.bulk_id)).resent;
  }
  deps.log.info({ noteId: n.id, resent }, 'school note resent');
  return { resent };
}
