/**
 * The notes part's contract (家校互动 notes: type 作业 or 考试成绩). Classwork never sends a
 * family SMS itself: the caller hands in the notes part's `send`, when it exists.
 */
export interface NoteSendOptions {
  authorId: string;
  schoolId: string;
  type: 'result' | 'homework';
  /** A class's families, or (when only some children have a result) those children's. */
  target: { classIds: string[] } | { studentIds: string[] };
  /** May hold {name} (the child's name) and {result} (that child's own line in perStudent). */
  text: string;
  perStudent?: Record<string, string>;
  key: string;
}

export interface NoteSendResult { noteId: string; recipients: number; smsQueued: number; deliverAt: number | null }

export type NotesSend = (o: NoteSendOptions) => Promise<NoteSendResult>;

/** What happened to the families' notification, in words for the teacher. */
export interface Notified { sent: boolean; noteId: string | null; recipients: number; smsQueued: number; message: string }

export const NOT_NOTIFIED = (why: string): Notified => ({ sent: false, noteId: null, recipients: 0, smsQueued: 0, message: why });

export function notified(r: NoteSendResult): Notified {
  return { sent: true, noteId: r.noteId, recipients: r.recipients, smsQueued: r.smsQueued, message: `已通知 ${r.recipients} 位家长（短信 ${r.smsQueued} 条，其余在家长端查看）` };
}
