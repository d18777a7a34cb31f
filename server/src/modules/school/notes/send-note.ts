/**
 * A teacher (or the school) writes a note to classes, chosen students' families or the whole
 * school. Every guardian gets a row (the portal shows it from its deliver time); guardians
 * subscribed to 家校互动 also get an SMS (a 通知 goes to every guardian, free: see
 * docs/decisions/0014-notes-replies-bzr.md). Replies come back to 10657099 + '1' + seq.
 */
import { newId } from '../../../platform/ids';
import type { RosterEntry, SchoolClass } from '../../org';
import type { SchoolDeps } from '../deps';
import { getSettings } from '../settings';
import { NotesErrors } from './notes.errors';
import * as repo from './notes.repo';
import { deliverTime, NOTE_TYPES, personalise, signatureOf } from './rules';

export const NOTE_SERVICE = 'jx';
/** 通知 (school notices) go free to every guardian under their own service. */
export const NOTICE_SERVICE = 'jxnotice';
export const MAX_NOTE_TEXT = 500;
const MAX_SCHEDULE_MS = 30 * 24 * 3_600_000;
/** SMS per messaging bulk: a whole school's note goes as a few bulks written side by side. */
const BULK_CHUNK = 500;

export interface SendNoteOptions {
  authorId: string;
  schoolId: string;
  type: repo.NoteType;
  target: { classIds?: string[]; studentIds?: string[] };
  text: string;
  perStudent?: Record<string, string>;
  urgent?: boolean;
  sendAt?: number;
  key?: string;
}

export interface SendNoteResult {
  noteId: string;
  recipients: number;
  smsQueued: number;
  deliverAt: number;
  replay: boolean;
}

const invalid = (field: string, message: string) => NotesErrors.NOTE_INVALID({ field }, message);

/** Who the author is to a school: its admin (or the platform's operator), or a teacher of some classes. */
export async function authorityOf(deps: SchoolDeps, userId: string, schoolId: string): Promise<{ name: string; admin: boolean; classIds: Set<string> }> {
  const p = await deps.identity.getPerson(userId);
  const admin = p.roles.some((r) => r.role === 'operator' || (r.role === 'school_admin' && r.tenantId === schoolId));
  return { name: p.name, admin, classIds: new Set(p.roles.filter((r) => r.role === 'teacher').map((r) => r.tenantId)) };
}

function checkOptions(o: SendNoteOptions, now: number): void {
  if (!(o.type in NOTE_TYPES)) {
    throw invalid('type', `留言类型应为 ${Object.values(NOTE_TYPES).join('、')} 之一`);
  }
  const text = o.text?.trim() ?? '';
  if (text === '' || text.length > MAX_NOTE_TEXT) {
    throw invalid('text', `留言内容应为 1 到 ${MAX_NOTE_TEXT} 个字`);
  }
  if (o.key !== undefined && (o.key.length < 1 || o.key.length > 80)) {
    throw invalid('key', '请求编号应为 1 到 80 个字符');
  }
  if (o.sendAt !== undefined && (!Number.isInteger(o.sendAt) || o.sendAt < now - 60_000 || o.sendAt > now + MAX_SCHEDULE_MS)) {
    throw invalid('sendAt', '定时发送时间应在现在到 30 天之内');
  }
  const ids = [...(o.target?.classIds ?? []), ...(o.target?.studentIds ?? [])];
  if (ids.length > 5000 || ids.some((x) => typeof x !== 'string' || x === '')) {
    throw invalid('target', '收信班级或学生不正确');
  }
  for (const [sid, v] of Object.entries(o.perStudent ?? {})) {
    if (typeof v !== 'string' || v.length > 200) {
      throw invalid('perStudent', `每位学生的内容不超过 200 字（${sid}）`);
    }
  }
  if (text.includes('{result}') && !o.perStudent) {
    throw invalid('perStudent', '内容含 {result} 时需提供每位学生的内容（如成绩）');
  }
}

async function resolveTarget(deps: SchoolDeps, o: SendNoteOptions): Promise<{ kind: repo.NoteRow['target_kind']; students: RosterEntry[]; classes: Map<string, SchoolClass> }> {
  const classIds = [...new Set(o.target.classIds ?? [])];
  const studentIds = [...new Set(o.target.studentIds ?? [])];
  const kind = classIds.length === 0 && studentIds.length === 0 ? 'school' : classIds.length > 0 ? 'classes' : 'students';
  const chosen = kind === 'school' ? await deps.org.classes({ schoolId: o.schoolId }) : classIds.length ? await deps.org.classes({ ids: classIds }) : [];
  const missing = classIds.filter((id) => !chosen.some((c) => c.id === id && c.schoolId === o.schoolId));
  if (missing.length > 0) {
    throw NotesErrors.NOTE_INVALID({ field: 'target', classIds: missing }, '所选班级不存在或不属于本校');
  }
  const byId = new Map<string, RosterEntry>();
  const rosters = kind === 'school' ? [await deps.org.roster({ schoolId: o.schoolId })] : [classIds.length ? await deps.org.roster({ classIds }) : [], studentIds.length ? await deps.org.roster({ studentIds }) : []];
  rosters.flat().forEach((s) => byId.set(s.id, s));
  const strangers = studentIds.filter((id) => byId.get(id)?.schoolId !== o.schoolId);
  if (strangers.length > 0) {
    throw NotesErrors.NOTE_INVALID({ field: 'target', studentIds: strangers }, '所选学生不存在或不属于本校');
  }
  const students = [...byId.values()];
  const allClassIds = [...new Set(students.map((s) => s.classId))];
  const classes = new Map((kind === 'school' ? chosen : await deps.org.classes({ ids: allClassIds })).map((c) => [c.id, c]));
  return { kind, students, classes };
}

export async function sendNote(deps: SchoolDeps, o: SendNoteOptions): Promise<SendNoteResult> {
  const now = deps.clock.now();
  checkOptions(o, now);
  const text = o.text.trim();
  const key = o.key ?? newId(now);
  const existing = await repo.findNoteByKey(deps.db, o.authorId, key);
  if (existing) {
    return replay(deps, existing, o);
  }
  const school = await deps.org.getSchool(o.schoolId);
  const who = await authorityOf(deps, o.authorId, o.schoolId);
  const { kind, students, classes } = await resolveTarget(deps, o);
  if (kind === 'school' && !who.admin) {
    throw NotesErrors.NOTE_FORBIDDEN({ target: 'school' }, '只有学校管理员可以给全校发送留言');
  }
  const outside = who.admin ? [] : students.filter((s) => !who.classIds.has(s.classId));
  if (outside.length > 0) {
    throw NotesErrors.NOTE_FORBIDDEN({ classIds: [...new Set(outside.map((s) => s.classId))] }, '只能给自己任课的班级及其学生发送留言');
  }
  if (o.urgent && !who.admin) {
    throw NotesErrors.NOTE_URGENT_FORBIDDEN();
  }
  const ids = new Set(students.map((s) => s.id));
  const strays = Object.keys(o.perStudent ?? {}).filter((id) => !ids.has(id));
  if (strays.length > 0) {
    throw NotesErrors.NOTE_INVALID({ field: 'perStudent', studentIds: strays }, '每位学生的内容中有不在收信范围内的学生');
  }
  if (text.includes('{result}')) {
    const lacking = students.filter((s) => !(s.id in (o.perStudent ?? {})));
    if (lacking.length > 0) {
      throw NotesErrors.NOTE_INVALID({ field: 'perStudent', studentIds: lacking.map((s) => s.id) }, `缺少 ${lacking.slice(0, 3).map((s) => s.name).join('、')}${lacking.length > 3 ? ' 等' : ''} 的内容`);
    }
  }
  const guardians = await deps.identity.holdersOf({ role: 'guardian', tenantType: 'student', tenantIds: [...ids] });
  if (guardians.length === 0) {
    throw NotesErrors.NOTE_NO_RECIPIENTS();
  }
  const phones = guardians.flatMap((g) => (g.phone ? [g.phone] : []));
  const service = o.type === 'notice' ? NOTICE_SERVICE : NOTE_SERVICE;
  // Notices are free for every guardian who has not sent QXMF; the rest go by SMS to 家校互动 subscribers.
  const smsTo = await deps.subscriptions.subscribedAmong(phones, o.type === 'notice' ? NOTICE_SERVICE : NOTE_SERVICE);
  const settings = await getSettings(deps, o.schoolId);
  const deliverAt = deliverTime({ now, sendAt: o.sendAt, urgent: !!o.urgent, quietFrom: settings.quietFrom, quietUntil: settings.quietUntil, timeZone: deps.timeZone });

  const studentOf = new Map(students.map((s) => [s.id, s]));
  const rounds = new Map<string, number>();
  const rows: repo.RecipientRow[] = guardians.map((g) => {
    const s = studentOf.get(g.tenantId)!;
    const sms = g.phone !== null && smsTo.has(g.phone);
    const round = sms ? (rounds.get(g.phone!) ?? 0) + 1 : 0;
    if (sms) {
      rounds.set(g.phone!, round);
    }
    return {
      note_id: '',
      student_id: s.id,
      guardian_id: g.userId,
      class_id: s.classId,
      student_name: s.name,
      guardian_name: g.name,
      label: g.label,
      phone: g.phone,
      text: personalise(text, s.name, o.perStudent?.[s.id]),
      sms: sms ? 1 : 0,
      round,
      read_at: null,
    };
  });
  const classIds = [...classes.keys()];
  let note: repo.NoteRow | null = null;
  for (let attempt = 0; note === null; attempt++) {
    try {
      note = await deps.database.transaction(async (trx) => {
        const row: repo.NoteRow = {
          id: newId(now),
          seq: await repo.nextNoteSeq(trx),
          school_id: o.schoolId,
          author_id: o.authorId,
          author_name: who.name,
          type: o.type,
          text,
          urgent: o.urgent ? 1 : 0,
          target_kind: kind,
          class_ids: JSON.stringify(classIds),
          recipients: rows.length,
          sms_queued: rows.filter((r) => r.sms === 1).length,
          key,
          created_at: now,
          deliver_at: deliverAt,
        };
        await repo.insertNote(trx, row);
        rows.forEach((r) => (r.note_id = row.id));
        await repo.insertRecipients(trx, rows);
        return row;
      });
    } catch (e) {
      const winner = await repo.findNoteByKey(deps.db, o.authorId, key);
      if (winner) {
        return replay(deps, winner, o);
      }
      if (attempt >= 3) {
        throw e;
      }
    }
  }
  await queueNoteSms(deps, { note, rows, service, schoolName: school.name, classes });
  deps.log.info({ noteId: note.id, recipients: rows.length, sms: note.sms_queued }, 'school note queued');
  return { noteId: note.id, recipients: rows.length, smsQueued: note.sms_queued, deliverAt, replay: false };
}

/** The same key again: the first note, its SMS queued if a crash stopped them (idempotent). */
async function replay(deps: SchoolDeps, note: repo.NoteRow, o: SendNoteOptions): Promise<SendNoteResult> {
  if (note.text !== o.text.trim() || note.type !== o.type || note.school_id !== o.schoolId) {
    throw NotesErrors.NOTE_KEY_CONFLICT({ noteId: note.id });
  }
  const rows = await repo.recipientsOf(deps.db, note.id);
  const school = await deps.org.getSchool(note.school_id);
  const classes = new Map((await deps.org.classes({ ids: [...new Set(rows.map((r) => r.class_id))] })).map((c) => [c.id, c]));
  await queueNoteSms(deps, { note, rows, service: note.type === 'notice' ? NOTICE_SERVICE : NOTE_SERVICE, schoolName: school.name, classes });
  return { noteId: note.id, recipients: note.recipients, smsQueued: note.sms_queued, deliverAt: note.deliver_at, replay: true };
}

/** "[作业]三年级(2)班 王老师：" — what kind of note, from which class and whom. */
export function smsPrefix(note: Pick<repo.NoteRow, 'type' | 'author_name' | 'target_kind'>, className: string | undefined): string {
  const from = note.target_kind === 'school' || !className ? note.author_name : `${className} ${note.author_name}`;
  return `[${NOTE_TYPES[note.type]}]${from}：`;
}

/**
 * One messaging bulk per round: a bulk sends once per number, so a guardian with two children
 * in the note gets the second child's text in round 2. Keys are per note and round, so a retry
 * queues nothing twice.
 */
async function queueNoteSms(deps: SchoolDeps, o: { note: repo.NoteRow; rows: repo.RecipientRow[]; service: string; schoolName: string; classes: Map<string, SchoolClass> }): Promise<void> {
  const byRound = new Map<number, { to: string; text: string }[]>();
  for (const r of o.rows) {
    if (r.sms !== 1 || !r.phone) {
      continue;
    }
    const list = byRound.get(r.round) ?? [];
    list.push({ to: r.phone, text: smsPrefix(o.note, o.classes.get(r.class_id)?.name) + r.text });
    byRound.set(r.round, list);
  }
  for (const [round, recipients] of [...byRound].sort((a, b) => a[0] - b[0])) {
    // Chunks of a fixed size in number order, queued side by side (PostgreSQL writes them on
    // several connections); the same recipients always make the same chunks, so a retry
    // replays each chunk's bulk.
    recipients.sort((a, b) => (a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
    const chunks = Array.from({ length: Math.ceil(recipients.length / BULK_CHUNK) }, (_, i) => recipients.slice(i * BULK_CHUNK, (i + 1) * BULK_CHUNK));
    await Promise.all(
      chunks.map(async (chunk, i) => {
        const { bulk } = await deps.messaging.sendBulk({
          service: o.service,
          class: 'notice',
          text: o.note.text,
          recipients: chunk,
          key: `note:${o.note.id}:r${round}:${i}`,
          createdBy: o.note.author_id,
          signature: signatureOf(o.schoolName),
          extension: `1${o.note.seq}`,
          notBefore: o.note.deliver_at,
        });
        await repo.insertBulk(deps.db, { note_id: o.note.id, round, bulk_id: bulk.id });
      }),
    );
  }
}
