/**
 * School messaging, part "notes": 家校互动 notes (compose, send, delivery and read state,
 * resend), templates, parents' replies (家长回音), the BZR mailbox (班主任信箱) and the parent
 * portal's notes. Reached through the school module's front door (`ctx.school.notes`).
 * Registers its SMS handlers (extensions '1', '2', '3' and the keyword BZR) when built.
 */
import type { SchoolDeps } from '../deps';
import { answerInbox, inboxScope, listInbox } from './inbox';
import { notesInbound } from './inbound';
import * as repo from './notes.repo';
import { markNoteRead, portalMessage, studentNotes } from './portal';
import { listNotes, noteDetail, noteScope, resendFailed, type Viewer } from './read-notes';
import { NOTICE_SERVICE, sendNote, type SendNoteOptions } from './send-note';
import { createTemplate, deleteTemplate, listTemplates, updateTemplate } from './templates';

export { NotesErrors } from './notes.errors';
export { NOTE_TYPES } from './rules';
export type { SendNoteOptions, SendNoteResult } from './send-note';
export type { NoteView, RecipientView, InboxView } from './views';
export type { PortalNote } from './portal';
export type { TemplateView } from './templates';
export type { Viewer } from './read-notes';

export function notesApi(deps: SchoolDeps) {
  deps.messaging.registerService(NOTICE_SERVICE, '学校通知（免费）');
  for (const h of notesInbound(deps)) {
    deps.messaging.registerInbound(h);
  }
  return {
    send: (o: SendNoteOptions) => sendNote(deps, o),
    list: (o: { viewer: Viewer; schoolId?: string; limit?: number; offset?: number }) => listNotes(deps, o),
    detail: (o: { noteId: string; viewer: Viewer }) => noteDetail(deps, o),
    resendFailed: (o: { noteId: string; viewer: Viewer }) => resendFailed(deps, o),
    /** Where a note sits (its school and first class), for a route's scope; null if none. */
    scopeOf: (noteId: string) => noteScope(deps, noteId),
    templates: {
      list: (o: { schoolId: string; userId: string }) => listTemplates(deps, o),
      create: (o: Parameters<typeof createTemplate>[1]) => createTemplate(deps, o),
      update: (o: Parameters<typeof updateTemplate>[1]) => updateTemplate(deps, o),
      remove: (o: { id: string; userId: string }) => deleteTemplate(deps, o),
      /** A template's school (for a route's scope); null if none. */
      schoolOf: async (id: string) => (await repo.getTemplate(deps.db, id))?.school_id ?? null,
    },
    inbox: {
      list: (o: { teacherId: string; kind?: 'reply' | 'bzr'; limit?: number; offset?: number }) => listInbox(deps, o),
      answer: (o: { inboxId: string; byId: string; text: string; key?: string }) => answerInbox(deps, { ...o, via: 'console' }),
      scopeOf: (inboxId: string) => inboxScope(deps, inboxId),
    },
    portal: {
      notes: (o: { studentId: string; viewerId: string; limit?: number }) => studentNotes(deps, o),
      markRead: (o: { studentId: string; noteId: string; viewerId: string }) => markNoteRead(deps, o),
      message: (o: Parameters<typeof portalMessage>[1]) => portalMessage(deps, o),
    },
    /** Forgets "which child?" questions nobody answered (a job). */
    expireChoices: async () => ({ deleted: await repo.deleteExpiredPending(deps.db, deps.clock.now()) }),
  };
}
