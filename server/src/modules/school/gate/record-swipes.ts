/**
 * Records gate swipes (one, or an offline batch of up to 500) from a gate reader and sends
 * the safety SMS. The whole batch is checked first (bad input writes nothing) and stored in
 * one transaction; (device, sequence) is unique, so a batch uploaded again changes nothing and
 * answers "duplicate". The SMS go out after the commit (never inside the transaction); a swipe
 * stays `pending` until they are queued, and a job retries any left pending.
 */
import { CARD_NO, type RosterEntry } from '../../org';
import { atBusinessTime, businessDate, businessTimeOfDay } from '../../../platform/business-time';
import type { Db } from '../../../platform/db/database';
import { newId } from '../../../platform/ids';
import type { SchoolDeps } from '../deps';
import { getSettings, isSchoolDay, type SchoolSettings } from '../settings';
import { checkDeviceType, GateErrors, type DeviceRef } from './gate.errors';
import * as repo from './gate.repo';
import { MINUTE_MS, sendsSms, swipeOutcome, type SwipeOutcome } from './rules';
import { safetyRecipients, sendSafety, type Recipient, type SentMarker } from './send-safety';

export const MAX_BATCH = 500;
/** A device clock this far ahead of the server is wrong: the swipe is refused. */
export const MAX_FUTURE_MS = 5 * MINUTE_MS;

export interface SwipeInput {
  /** The device's sequence number for this swipe (unique per device). */
  seq: string;
  card: string;
  direction: 'in' | 'out';
  /** When it happened, by the device's clock (epoch ms). */
  time: number;
  gate?: string;
}

export interface SwipeResult {
  seq: string;
  /** accepted: recorded now; duplicate: recorded before (a re-upload); unknown_card: recorded, no such card. */
  result: 'accepted' | 'duplicate' | 'unknown_card';
  outcome: SwipeOutcome;
  swipeId: string;
  studentName: string | null;
  /** SMS queued for this swipe (0 for a duplicate: they were sent the first time). */
  sms: number;
}

const SEQ = /^[A-Za-z0-9_.:-]{1,64}$/;

function check(swipes: readonly SwipeInput[], now: number): void {
  if (swipes.length === 0 || swipes.length > MAX_BATCH) {
    throw GateErrors.SWIPE_INVALID({ count: swipes.length }, `一次上传 1 到 ${MAX_BATCH} 条刷卡记录`);
  }
  const seen = new Set<string>();
  swipes.forEach((s, i) => {
    const bad = (field: string, message: string) => GateErrors.SWIPE_INVALID({ index: i, field }, `第 ${i + 1} 条：${message}`);
    if (typeof s.seq !== 'string' || !SEQ.test(s.seq)) {
      throw bad('seq', '流水号应为 1 到 64 个字母、数字或 _.:-');
    }
    if (seen.has(s.seq)) {
      throw bad('seq', `流水号 ${s.seq} 在本批中重复`);
    }
    seen.add(s.seq);
    if (typeof s.card !== 'string' || !CARD_NO.test(s.card.trim().toUpperCase())) {
      throw bad('card', '卡号应为 4 到 20 位字母或数字');
    }
    if (s.direction !== 'in' && s.direction !== 'out') {
      throw bad('direction', '方向应为 in（进校）或 out（离校）');
    }
    if (!Number.isInteger(s.time) || s.time <= 0) {
      throw bad('time', '刷卡时间应为毫秒时间戳');
    }
    if (s.time > now + MAX_FUTURE_MS) {
      throw bad('time', '刷卡时间晚于服务器时间，请校准设备时钟');
    }
    if (s.gate !== undefined && (typeof s.gate !== 'string' || s.gate.length > 20)) {
      throw bad('gate', '门名最多 20 个字');
    }
  });
}

export interface RecordSwipesOptions { schoolId: string; deviceId: string; device?: DeviceRef; swipes: readonly SwipeInput[] }

/** What the transaction needs, read before it: the school, settings, students, guardians, school days. */
export interface PreparedSwipes {
  o: RecordSwipesOptions;
  now: number;
  schoolName: string;
  settings: SchoolSettings;
  byCard: Map<string, RosterEntry>;
  recipients: Map<string, Recipient[]>;
  schoolDays: Map<string, boolean>;
}

export interface WrittenSwipes {
  results: SwipeResult[];
  toSend: { row: repo.SwipeRow; student: RosterEntry; recipients: Recipient[] }[];
}

/**
 * Writes prepared uploads in the caller's transaction. Several uploads may share one
 * transaction (group commit: one fsync for many gate readers), in order.
 */
export type SwipeWriter = (p: PreparedSwipes) => Promise<WrittenSwipes>;

/** Checks an upload and reads what its transaction needs (bad input throws, nothing written). */
export async function prepareSwipes(deps: SchoolDeps, o: RecordSwipesOptions): Promise<PreparedSwipes> {
  checkDeviceType(o.device ?? {}, 'gate');
  const now = deps.clock.now();
  check(o.swipes, now);
  const school = await deps.org.getSchool(o.schoolId);
  const settings = await getSettings(deps, o.schoolId);

  // Reads before the transaction: students by card, guardians who take the SMS, school days.
  const cards = [...new Set(o.swipes.map((s) => s.card.trim().toUpperCase()))];
  const byCard = new Map<string, RosterEntry>();
  if (cards.length > 20) {
    for (const s of await deps.org.roster({ schoolId: o.schoolId })) {
      if (s.cardNo) {
        byCard.set(s.cardNo, s);
      }
    }
  } else {
    for (const c of cards) {
      const s = await deps.org.studentByCard(o.schoolId, c);
      if (s) {
        byCard.set(c, s);
      }
    }
  }
  const recipients = await safetyRecipients(deps, [...new Set([...byCard.values()].map((s) => s.id))]);
  const schoolDays = new Map<string, boolean>();
  for (const day of new Set(o.swipes.map((s) => businessDate(s.time, deps.timeZone)))) {
    schoolDays.set(day, await isSchoolDay(deps, o.schoolId, day));
  }
  return { o, now, schoolName: school.name, settings, byCard, recipients, schoolDays };
}

/** The transaction's work for one upload. */
export async function writeSwipes(deps: SchoolDeps, trx: Db, p: PreparedSwipes): Promise<WrittenSwipes> {
  const { o, now, settings, byCard, recipients, schoolDays } = p;
  const ordered = o.swipes.map((s, i) => ({ s, i })).sort((a, b) => a.s.time - b.s.time || a.i - b.i);
  const results: SwipeResult[] = [];
  const toSend: WrittenSwipes['toSend'] = [];
  for (const { s, i } of ordered) {
    const card = s.card.trim().toUpperCase();
    const student = byCard.get(card);
    const existing = await repo.swipeBySeq(trx, o.deviceId, s.seq);
    if (existing) {
      results[i] = { seq: s.seq, result: 'duplicate', outcome: existing.outcome as SwipeOutcome, swipeId: existing.id, studentName: student?.name ?? null, sms: 0 };
      continue;
    }
    const day = businessDate(s.time, deps.timeZone);
    const localTime = businessTimeOfDay(s.time, deps.timeZone);
    const afterCutoff = schoolDays.get(day) === true && s.time >= atBusinessTime(day, settings.arriveCutoff, deps.timeZone);
    const repeat = student ? await repo.textedBetween(trx, student.id, s.direction, s.time - settings.dedupeMinutes * MINUTE_MS, s.time) : false;
    const who = student ? (recipients.get(student.id) ?? []) : [];
    const outcome = swipeOutcome({ known: !!student, direction: s.direction, deviceTime: s.time, receivedAt: now, localTime, repeat, afterCutoff, subscribers: who.length }, settings);
    const row: repo.SwipeRow = {
      id: newId(now),
      school_id: o.schoolId,
      device_id: o.deviceId,
      device_seq: s.seq,
      card_no: card,
      student_id: student?.id ?? null,
      gate: s.gate?.trim() || null,
      direction: s.direction,
      device_time: s.time,
      day,
      received_at: now,
      outcome,
      sms_state: sendsSms(outcome) ? 'pending' : 'none',
      message_ids: null,
    };
    if (!(await repo.insertSwipe(trx, row))) {
      // The same sequence in a concurrent upload committed first.
      const winner = await repo.swipeBySeq(trx, o.deviceId, s.seq);
      results[i] = { seq: s.seq, result: 'duplicate', outcome: (winner?.outcome ?? outcome) as SwipeOutcome, swipeId: winner?.id ?? row.id, studentName: student?.name ?? null, sms: 0 };
      continue;
    }
    if (student && outcome !== 'before_gate_open') {
      await applyToAttendance(trx, { row, schoolId: o.schoolId, afterCutoff, now });
    }
    if (student && sendsSms(outcome)) {
      toSend.push({ row, student, recipients: who });
    }
    results[i] = { seq: s.seq, result: student ? 'accepted' : 'unknown_card', outcome, swipeId: row.id, studentName: student?.name ?? null, sms: sendsSms(outcome) ? who.length : 0 };
  }
  return { results, toSend };
}

export async function recordSwipes(deps: SchoolDeps, o: RecordSwipesOptions, batch: { writer?: SwipeWriter; mark?: SentMarker } = {}): Promise<SwipeResult[]> {
  const prepared = await prepareSwipes(deps, o);
  const written = batch.writer ? await batch.writer(prepared) : await deps.database.transaction((trx) => writeSwipes(deps, trx, prepared));
  await Promise.all(written.toSend.map((x) => sendSafety(deps, { swipe: x.row, studentName: x.student.name, schoolName: prepared.schoolName, recipients: x.recipients }, batch.mark)));
  return written.results;
}

/** The day's first arrival (late when after the cut-off on a school day) and last departure. */
async function applyToAttendance(trx: SchoolDeps['db'], o: { row: repo.SwipeRow; schoolId: string; afterCutoff: boolean; now: number }): Promise<void> {
  const { row } = o;
  const studentId = row.student_id!;
  const isIn = row.direction === 'in';
  const inserted = await repo.insertAttendance(trx, {
    student_id: studentId,
    day: row.day,
    school_id: o.schoolId,
    first_in: isIn ? row.device_time : null,
    last_out: isIn ? null : row.device_time,
    late: isIn && o.afterCutoff ? 1 : 0,
    absent_notified_at: null,
    absent_message_ids: null,
    updated_at: o.now,
  });
  if (inserted) {
    return;
  }
  const cur = (await repo.getAttendance(trx, studentId, row.day))!;
  if (isIn && (cur.first_in === null || row.device_time < cur.first_in)) {
    await repo.updateAttendance(trx, studentId, row.day, { first_in: row.device_time, late: o.afterCutoff ? 1 : 0, updated_at: o.now });
  } else if (!isIn && (cur.last_out === null || row.device_time > cur.last_out)) {
    await repo.updateAttendance(trx, studentId, row.day, { last_out: row.device_time, updated_at: o.now });
  }
}
