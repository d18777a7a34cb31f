/**
 * Teachers' inboxes: 家长回音 (replies to notes, messages from the portal) and 班主任信箱 (BZR).
 * Each item is forwarded to the teacher's phone from 10657099 + '3' + seq, so the teacher's
 * SMS reply reaches the parent; the teacher may also answer from the console. The answer goes
 * to the parent from the same number, so the parent's next reply comes back to the thread.
 */
import { newId } from '../../../platform/ids';
import { maskPhones } from '../../../platform/logger';
import type { SchoolDeps } from '../deps';
import { NotesErrors } from './notes.errors';
import * as repo from './notes.repo';
import { classNames } from './read-notes';
import { maskPhone, type InboxView } from './views';

export const MAX_MESSAGE_TEXT = 300;
const KIND_TITLES: Record<repo.InboxKind, string> = { reply: '家长回音', bzr: '班主任信箱', portal: '家长回音' };

export interface DeliverOptions {
  kind: repo.InboxKind;
  teacherId: string;
  guardian: { id: string | null; name: string; phone: string; label: string | null };
  student: { id: string; name: string; classId: string } | null;
  noteId: string | null;
  text: string;
  /** The MO (or the portal request's key): the same one twice lands once. */
  moId: string | null;
}

export function guardianWord(o: { studentName: string | null; label: string | null; guardianName: string }): string {
  return `${o.studentName ?? ''}${o.label ?? '家长'} ${o.guardianName}`;
}

/** Files a parent's message with a teacher and forwards it to the teacher's phone. */
export async function deliverToTeacher(deps: SchoolDeps, o: DeliverOptions): Promise<{ item: repo.InboxRow; forwarded: boolean; teacherName: string }> {
  const text = o.text.trim().slice(0, MAX_MESSAGE_TEXT);
  const teacher = await deps.identity.getPerson(o.teacherId);
  let item = o.moId ? await repo.inboxByMo(deps.db, o.moId) : undefined;
  for (let attempt = 0; !item; attempt++) {
    const now = deps.clock.now();
    try {
      item = await deps.database.transaction(async (trx) => {
        const row: repo.InboxRow = {
          id: newId(now),
          seq: await repo.nextInboxSeq(trx),
          kind: o.kind,
          teacher_id: o.teacherId,
          guardian_id: o.guardian.id,
          guardian_name: o.guardian.name,
          phone: o.guardian.phone,
          student_id: o.student?.id ?? null,
          student_name: o.student?.name ?? null,
          class_id: o.student?.classId ?? null,
          note_id: o.noteId,
          text,
          mo_id: o.moId,
          forward_message_id: null,
          received_at: now,
          answered_at: null,
        };
        await repo.insertInbox(trx, row);
        return row;
      });
    } catch (e) {
      item = o.moId ? await repo.inboxByMo(deps.db, o.moId) : undefined;
      if (!item && attempt >= 3) {
        throw e;
      }
    }
  }
  if (!teacher.phone) {
    return { item, forwarded: false, teacherName: teacher.name };
  }
  const who = guardianWord({ studentName: item.student_name, label: o.guardian.label, guardianName: item.guardian_name });
  const sent = await deps.messaging.send({
    to: teacher.phone,
    text: `[${KIND_TITLES[item.kind]}]${who}：${item.text}（直接回复本短信即答复家长）`,
    class: 'service',
    service: 'jx',
    key: `inbox:${item.id}:forward`,
    extension: `3${item.seq}`,
  });
  await repo.setForward(deps.db, item.id, sent.message.id);
  deps.log.info({ inboxId: item.id, kind: item.kind, from: maskPhones(item.phone) }, 'parent message forwarded to teacher');
  return { item, forwarded: true, teacherName: teacher.name };
}

/** A teacher answers a parent (console or SMS): the answer goes to the parent's phone from the thread's number. */
export async function answerInbox(deps: SchoolDeps, o: { inboxId: string; byId: string; text: string; via: 'console' | 'sms'; key?: string }): Promise<{ answered: boolean; messageId: string | null; replay: boolean }> {
  const text = o.text?.trim() ?? '';
  if (text === '' || text.length > MAX_MESSAGE_TEXT) {
    throw NotesErrors.MESSAGE_INVALID({ field: 'text' }, `答复内容应为 1 到 ${MAX_MESSAGE_TEXT} 个字`);
  }
  if (o.key !== undefined && (o.key.length < 1 || o.key.length > 80)) {
    throw NotesErrors.MESSAGE_INVALID({ field: 'key' }, '请求编号应为 1 到 80 个字符');
  }
  const item = await repo.getInbox(deps.db, o.inboxId);
  if (!item) {
    throw NotesErrors.INBOX_NOT_FOUND({ inboxId: o.inboxId });
  }
  if (item.teacher_id !== o.byId) {
    throw NotesErrors.INBOX_FORBIDDEN({ inboxId: o.inboxId });
  }
  const key = `${item.id}:${o.key ?? newId(deps.clock.now())}`;
  const existing = await repo.findAnswerByKey(deps.db, key);
  if (existing) {
    return { answered: true, messageId: existing.message_id, replay: true };
  }
  const teacher = await deps.identity.getPerson(o.byId);
  const now = deps.clock.now();
  const answerId = newId(now);
  const sent = await deps.messaging.send({
    to: item.phone,
    text: `${teacher.name}答复：${text}`,
    class: 'service',
    service: 'jx',
    key: `inbox-answer:${key}`,
    extension: `3${item.seq}`,
  });
  await deps.database.transaction(async (trx) => {
    await repo.insertAnswer(trx, { id: answerId, inbox_id: item.id, by_id: o.byId, text, via: o.via, key, message_id: sent.message.id, created_at: now });
    await repo.setAnswered(trx, item.id, now);
  });
  return { answered: true, messageId: sent.message.id, replay: false };
}

export async function inboxViews(deps: SchoolDeps, rows: repo.InboxRow[], opts: { maskPhone: boolean }): Promise<InboxView[]> {
  const names = await classNames(deps, rows.flatMap((r) => (r.class_id ? [r.class_id] : [])));
  const answers = await repo.answersOf(deps.db, rows.map((r) => r.id));
  const notes = new Map<string, string>();
  for (const id of new Set(rows.flatMap((r) => (r.note_id ? [r.note_id] : [])))) {
    const n = await repo.getNote(deps.db, id);
    if (n) {
      notes.set(id, n.text);
    }
  }
  const studentIds = [...new Set(rows.flatMap((r) => (r.student_id ? [r.student_id] : [])))];
  const labels = new Map(
    (studentIds.length ? await deps.identity.holdersOf({ role: 'guardian', tenantType: 'student', tenantIds: studentIds }) : []).map((h) => [`${h.tenantId}:${h.userId}`, h.label]),
  );
  const states = new Map<string, string>();
  for (const a of answers) {
    if (a.message_id) {
      states.set(a.message_id, (await deps.messaging.messageLife(a.message_id)).message.status);
    }
  }
  return rows.map((r) => ({
    id: r.id,
    seq: Number(r.seq),
    kind: r.kind,
    teacherId: r.teacher_id,
    guardianName: r.guardian_name,
    label: r.student_id && r.guardian_id ? (labels.get(`${r.student_id}:${r.guardian_id}`) ?? null) : null,
    phone: opts.maskPhone ? maskPhone(r.phone)! : r.phone,
    studentId: r.student_id,
    studentName: r.student_name,
    className: r.class_id ? (names.get(r.class_id) ?? null) : null,
    noteId: r.note_id,
    noteText: r.note_id ? (notes.get(r.note_id) ?? null) : null,
    text: r.text,
    receivedAt: Number(r.received_at),
    answeredAt: r.answered_at === null ? null : Number(r.answered_at),
    answers: answers
      .filter((a) => a.inbox_id === r.id)
      .map((a) => ({ text: a.text, via: a.via, at: Number(a.created_at), status: (a.message_id ? (states.get(a.message_id) ?? null) : null) as InboxView['answers'][number]['status'] })),
  }));
}

/** A teacher's own inbox: 'reply' (家长回音, with portal messages) or 'bzr' (班主任信箱). */
export async function listInbox(deps: SchoolDeps, o: { teacherId: string; kind?: 'reply' | 'bzr'; limit?: number; offset?: number }): Promise<{ items: InboxView[]; total: number; unanswered: number }> {
  const r = await repo.listInbox(deps.db, { teacherId: o.teacherId, kind: o.kind, limit: Math.min(Math.max(o.limit ?? 50, 1), 200), offset: Math.max(o.offset ?? 0, 0) });
  const items = await inboxViews(deps, r.rows, { maskPhone: true });
  return { items, total: r.total, unanswered: items.filter((i) => i.answeredAt === null).length };
}

/** Where an inbox item sits (for the route's scope). */
export async function inboxScope(deps: SchoolDeps, inboxId: string): Promise<{ classId: string | null; teacherId: string } | null> {
  const r = await repo.getInbox(deps.db, inboxId);
  return r ? { classId: r.class_id, teacherId: r.teacher_id } : null;
}
