/**
 * SMS into 10657099 for notes: a parent's reply to a note ('1' + note seq), the numbered
 * answer to "which child?" ('2'), a reply in a thread ('3' + inbox seq: from the teacher it is
 * an answer for the parent, from the parent a new message for the teacher), and `BZR <text>`
 * to the head teacher of the sender's child.
 */
import { smsText, type InboundHandler, type InboundMessage } from '../../messaging';
import type { SchoolDeps } from '../deps';
import { answerInbox, deliverToTeacher } from './inbox';
import * as repo from './notes.repo';

export const BZR_CHOICE_MS = 24 * 3_600_000;
const BZR_HINT = '请发送“BZR+留言内容”给班主任留言，如：BZR 孩子今天请假一天';
const NOT_GUARDIAN = '未找到您登记为家长的学生，请联系学校登记您的手机号';

const phoneOf = (mo: InboundMessage) => smsText.normalizeMsisdn(mo.from) ?? mo.from;

async function onNoteReply(deps: SchoolDeps, mo: InboundMessage) {
  const note = await repo.noteBySeq(deps.db, Number(mo.extension.slice(1)));
  const rows = note ? await repo.recipientsByPhone(deps.db, note.id, phoneOf(mo)) : [];
  const r = rows[0];
  if (!note || !r) {
    return { reply: `未找到您收到的这条留言。${BZR_HINT}`, result: '回复的留言不存在或不是发给此号码的' };
  }
  if (mo.text.trim() === '') {
    return { reply: '回复内容为空，未转给老师', result: '空回复' };
  }
  const d = await deliverToTeacher(deps, {
    kind: 'reply',
    teacherId: note.author_id,
    guardian: { id: r.guardian_id, name: r.guardian_name, phone: phoneOf(mo), label: r.label },
    student: { id: r.student_id, name: r.student_name, classId: r.class_id },
    noteId: note.id,
    text: mo.text,
    moId: mo.id,
  });
  return { reply: `您的回复已转给${d.teacherName}`, result: `家长回音：转给${d.teacherName}` };
}

/** The sender's children (as a guardian) with their classes' head teachers. */
async function childrenOf(deps: SchoolDeps, phone: string) {
  const person = await deps.identity.findPersonByPhone(phone).catch(() => null);
  const studentIds = person ? person.roles.filter((g) => g.role === 'guardian').map((g) => g.tenantId) : [];
  if (!person || studentIds.length === 0) {
    return null;
  }
  const students = await deps.org.roster({ studentIds });
  const classes = new Map((await deps.org.classes({ ids: [...new Set(students.map((s) => s.classId))] })).map((c) => [c.id, c]));
  const labels = new Map((await deps.identity.holdersOf({ role: 'guardian', tenantType: 'student', tenantIds: studentIds })).filter((h) => h.userId === person.id).map((h) => [h.tenantId, h.label]));
  return { person, children: students.map((s) => ({ student: s, klass: classes.get(s.classId), label: labels.get(s.id) ?? null })) };
}

async function toHeadTeacher(deps: SchoolDeps, o: { phone: string; guardianId: string; guardianName: string; child: NonNullable<Awaited<ReturnType<typeof childrenOf>>>['children'][number]; text: string; moId: string }) {
  const head = o.child.klass?.headTeacherId ?? null;
  if (!head) {
    return { reply: `${o.child.klass?.name ?? '孩子所在班级'}尚未设置班主任，请直接联系学校`, result: '班级没有班主任' };
  }
  const d = await deliverToTeacher(deps, {
    kind: 'bzr',
    teacherId: head,
    guardian: { id: o.guardianId, name: o.guardianName, phone: o.phone, label: o.child.label },
    student: { id: o.child.student.id, name: o.child.student.name, classId: o.child.student.classId },
    noteId: null,
    text: o.text,
    moId: o.moId,
  });
  return { reply: `您的留言已转给${o.child.klass?.name ?? ''}班主任${d.teacherName}`, result: `班主任信箱：转给${d.teacherName}` };
}

async function onBzr(deps: SchoolDeps, mo: InboundMessage) {
  const phone = phoneOf(mo);
  const text = mo.rest.trim();
  if (text === '') {
    return { reply: BZR_HINT, result: 'BZR 没有内容' };
  }
  const found = await childrenOf(deps, phone);
  if (!found || found.children.length === 0) {
    return { reply: NOT_GUARDIAN, result: '不是登记的家长' };
  }
  const byClass = new Map(found.children.map((c) => [c.student.classId, c]));
  if (byClass.size === 1) {
    return toHeadTeacher(deps, { phone, guardianId: found.person.id, guardianName: found.person.name, child: found.children[0]!, text, moId: mo.id });
  }
  const choices = [...byClass.values()].sort((a, b) => (a.klass?.grade ?? 0) - (b.klass?.grade ?? 0) || (a.klass?.name ?? '').localeCompare(b.klass?.name ?? '') || a.student.name.localeCompare(b.student.name));
  const now = deps.clock.now();
  await repo.putPending(deps.db, { phone, guardian_id: found.person.id, text, choices: JSON.stringify(choices.map((c) => c.student.id)), mo_id: mo.id, created_at: now, expires_at: now + BZR_CHOICE_MS });
  const list = choices.map((c, i) => `${i + 1} ${c.student.name} ${c.klass?.name ?? ''}`).join('，');
  // Asked from 10657099 + '2', so that the numbered answer comes back to this part.
  await deps.messaging.send({ to: phone, text: `请问留言给哪个孩子的班主任？请回复序号：${list}`, class: 'service', service: 'jx', key: `bzr-ask:${mo.id}`, extension: '2' });
  return { result: `BZR：已问家长选择孩子（${choices.length} 个班）` };
}

async function onBzrChoice(deps: SchoolDeps, mo: InboundMessage) {
  const phone = phoneOf(mo);
  const pending = await repo.getPending(deps.db, phone);
  if (!pending || pending.expires_at < deps.clock.now()) {
    return { reply: `选择已过期。${BZR_HINT}`, result: 'BZR 选择已过期或不存在' };
  }
  const ids = JSON.parse(pending.choices) as string[];
  const n = Number(mo.normalized);
  const found = await childrenOf(deps, phone);
  const child = Number.isInteger(n) && n >= 1 && n <= ids.length ? found?.children.find((c) => c.student.id === ids[n - 1]) : undefined;
  if (!found || !child) {
    return { reply: `请回复序号 1 到 ${ids.length} 之一`, result: 'BZR 选择不正确' };
  }
  const out = await toHeadTeacher(deps, { phone, guardianId: found.person.id, guardianName: found.person.name, child, text: pending.text, moId: pending.mo_id });
  await repo.deletePending(deps.db, phone);
  return out;
}

async function onThread(deps: SchoolDeps, mo: InboundMessage) {
  const item = await repo.inboxBySeq(deps.db, Number(mo.extension.slice(1)));
  if (!item) {
    return { reply: `未找到这条留言。${BZR_HINT}`, result: '回复的留言不存在' };
  }
  const phone = phoneOf(mo);
  if (mo.text.trim() === '') {
    return { reply: '回复内容为空', result: '空回复' };
  }
  const teacher = await deps.identity.getPerson(item.teacher_id);
  if (teacher.phone === phone) {
    await answerInbox(deps, { inboxId: item.id, byId: teacher.id, text: mo.text, via: 'sms', key: `mo:${mo.id}` });
    return { result: `老师短信答复家长（留言 ${item.seq}）` };
  }
  if (item.phone === phone) {
    const label = item.student_id ? ((await deps.identity.holdersOf({ role: 'guardian', tenantType: 'student', tenantIds: [item.student_id] })).find((h) => h.userId === item.guardian_id)?.label ?? null) : null;
    const d = await deliverToTeacher(deps, {
      kind: item.kind,
      teacherId: item.teacher_id,
      guardian: { id: item.guardian_id, name: item.guardian_name, phone, label },
      student: item.student_id && item.class_id ? { id: item.student_id, name: item.student_name ?? '', classId: item.class_id } : null,
      noteId: item.note_id,
      text: mo.text,
      moId: mo.id,
    });
    return { reply: `您的回复已转给${d.teacherName}`, result: `家长继续留言：转给${d.teacherName}` };
  }
  return { reply: '此号码不能回复这条留言', result: '非本留言的家长或老师' };
}

/** The handlers registered with messaging when the notes part is built. */
export function notesInbound(deps: SchoolDeps): InboundHandler[] {
  const withExtension = (h: (d: SchoolDeps, mo: InboundMessage) => Promise<{ reply?: string; result: string }>) => (mo: InboundMessage) => h(deps, mo);
  return [
    { name: 'school.note-reply', service: 'jx', extensionPrefix: '1', handle: withExtension(onNoteReply) },
    { name: 'school.bzr-choice', service: 'jx', extensionPrefix: '2', handle: withExtension(onBzrChoice) },
    { name: 'school.inbox-thread', service: 'jx', extensionPrefix: '3', handle: withExtension(onThread) },
    { name: 'school.bzr', service: 'jx', keywords: ['BZR'], handle: withExtension(onBzr) },
  ];
}
