/** What the notes part shows: notes with their counts, recipients with delivery and read state, inbox items. */
import { maskPhones } from '../../../platform/logger';
import type { MessageStatus } from '../../messaging';
import type * as repo from './notes.repo';
import { NOTE_TYPES } from './rules';

export interface NoteView {
  id: string;
  seq: number;
  schoolId: string;
  type: repo.NoteType;
  typeTitle: string;
  text: string;
  urgent: boolean;
  target: repo.NoteRow['target_kind'];
  classes: { id: string; name: string }[];
  authorId: string;
  authorName: string;
  /** Family copies (one per child and guardian) and how many of them go by SMS. */
  recipients: number;
  smsQueued: number;
  /** Children whose family read it in the portal, of all children. */
  studentsRead: number;
  students: number;
  createdAt: number;
  deliverAt: number;
}

export interface RecipientView {
  studentId: string;
  studentName: string;
  classId: string;
  className: string;
  guardianId: string;
  guardianName: string;
  label: string | null;
  /** Masked: 139****3333. */
  phone: string | null;
  text: string;
  /** 'none': not subscribed (portal only); else the SMS's state. */
  sms: 'none' | MessageStatus;
  readAt: number | null;
}

export interface InboxView {
  id: string;
  seq: number;
  kind: repo.InboxKind;
  teacherId: string;
  guardianName: string;
  label: string | null;
  phone: string;
  studentId: string | null;
  studentName: string | null;
  className: string | null;
  noteId: string | null;
  noteText: string | null;
  text: string;
  receivedAt: number;
  answeredAt: number | null;
  answers: { text: string; via: 'console' | 'sms'; at: number; status: MessageStatus | null }[];
}

export const maskPhone = (p: string | null) => (p === null ? null : maskPhones(p));

export function noteView(n: repo.NoteRow, classNames: Map<string, string>, counts: { read: number; students: number } | undefined): NoteView {
  const classIds = JSON.parse(n.class_ids) as string[];
  return {
    id: n.id,
    seq: Number(n.seq),
    schoolId: n.school_id,
    type: n.type,
    typeTitle: NOTE_TYPES[n.type],
    text: n.text,
    urgent: Number(n.urgent) === 1,
    target: n.target_kind,
    classes: n.target_kind === 'school' ? [] : classIds.map((id) => ({ id, name: classNames.get(id) ?? '' })),
    authorId: n.author_id,
    authorName: n.author_name,
    recipients: Number(n.recipients),
    smsQueued: Number(n.sms_queued),
    studentsRead: counts?.read ?? 0,
    students: counts?.students ?? 0,
    createdAt: Number(n.created_at),
    deliverAt: Number(n.deliver_at),
  };
}
