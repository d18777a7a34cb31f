/** Queries of the gate part: swipes, attendance, leave, cut-off runs, family numbers and calls. */
import type { Kysely } from 'kysely';
import type { Db } from '../../../platform/db/database';

export type Direction = 'in' | 'out';
export type SmsState = 'none' | 'pending' | 'sent';

export interface SwipeRow {
  id: string;
  school_id: string;
  device_id: string;
  device_seq: string;
  card_no: string;
  student_id: string | null;
  gate: string | null;
  direction: Direction;
  device_time: number;
  day: string;
  received_at: number;
  outcome: string;
  sms_state: SmsState;
  message_ids: string | null;
}
export interface AttendanceRow {
  student_id: string;
  day: string;
  school_id: string;
  first_in: number | null;
  last_out: number | null;
  late: number;
  absent_notified_at: number | null;
  absent_message_ids: string | null;
  updated_at: number;
}
export interface LeaveRow { student_id: string; day: string; school_id: string; reason: string; marked_by: string; marked_at: number }
export interface CutoffRunRow { school_id: string; day: string; state: 'sending' | 'done'; absent: number; started_at: number; finished_at: number | null }
export interface FamilyNumberRow { student_id: string; slot: number; phone: string; name: string; set_by: string; set_at: number }
export interface FamilyCallRow {
  id: string;
  device_id: string;
  call_id: string;
  school_id: string;
  student_id: string;
  number: string;
  authorized_at: number;
  allowed_seconds: number;
  started_at: number | null;
  duration_seconds: number | null;
  minutes_used: number | null;
  minutes_charged: number | null;
  month: string;
  recorded_at: number | null;
}

export interface Tables {
  gate_swipes: SwipeRow;
  gate_attendance: AttendanceRow;
  gate_leaves: LeaveRow;
  gate_cutoff_runs: CutoffRunRow;
  family_numbers: FamilyNumberRow;
  family_calls: FamilyCallRow;
}
const t = (db: Db) => db as unknown as Kysely<Tables>;

const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function swipe(r: SwipeRow): SwipeRow {
  return { ...r, device_time: num(r.device_time), received_at: num(r.received_at) };
}
function attendance(r: AttendanceRow): AttendanceRow {
  return { ...r, first_in: numOrNull(r.first_in), last_out: numOrNull(r.last_out), late: num(r.late), absent_notified_at: numOrNull(r.absent_notified_at), updated_at: num(r.updated_at) };
}
function call(r: FamilyCallRow): FamilyCallRow {
  return {
    ...r,
    authorized_at: num(r.authorized_at),
    allowed_seconds: num(r.allowed_seconds),
    started_at: numOrNull(r.started_at),
    duration_seconds: numOrNull(r.duration_seconds),
    minutes_used: numOrNull(r.minutes_used),
    minutes_charged: numOrNull(r.minutes_charged),
    recorded_at: numOrNull(r.recorded_at),
  };
}

// —— Swipes ——

/** Inserts a swipe unless its (device, sequence) is there; true when it was inserted. */
export async function insertSwipe(db: Db, row: SwipeRow): Promise<boolean> {
  const r = await t(db).insertInto('gate_swipes').values(row).onConflict((oc) => oc.columns(['device_id', 'device_seq']).doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function swipeBySeq(db: Db, deviceId: string, seq: string): Promise<SwipeRow | undefined> {
  const r = await t(db).selectFrom('gate_swipes').selectAll().where('device_id', '=', deviceId).where('device_seq', '=', seq).executeTakeFirst();
  return r && swipe(r);
}

/** Whether a texted swipe of this student in this direction happened in [from, to]. */
export async function textedBetween(db: Db, studentId: string, direction: Direction, from: number, to: number): Promise<boolean> {
  const r = await t(db)
    .selectFrom('gate_swipes')
    .select('id')
    .where('student_id', '=', studentId)
    .where('direction', '=', direction)
    .where('device_time', '>=', from)
    .where('device_time', '<=', to)
    .where('outcome', 'in', ['texted', 'late_arrival'])
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

export async function setSwipeSms(db: Db, id: string, state: SmsState, messageIds: string[]): Promise<void> {
  await t(db).updateTable('gate_swipes').set({ sms_state: state, message_ids: JSON.stringify(messageIds) }).where('id', '=', id).execute();
}

export async function pendingSwipes(db: Db, receivedBefore: number, limit: number): Promise<SwipeRow[]> {
  const rows = await t(db).selectFrom('gate_swipes').selectAll().where('sms_state', '=', 'pending').where('received_at', '<', receivedBefore).orderBy('received_at').limit(limit).execute();
  return rows.map(swipe);
}

export async function swipesOf(db: Db, f: { studentIds: readonly string[]; from: string; to: string }): Promise<SwipeRow[]> {
  if (f.studentIds.length === 0) {
    return [];
  }
  const rows = await t(db)
    .selectFrom('gate_swipes')
    .selectAll()
    .where('student_id', 'in', [...f.studentIds])
    .where('day', '>=', f.from)
    .where('day', '<=', f.to)
    .orderBy('device_time')
    .execute();
  return rows.map(swipe);
}

// —— Attendance ——

export async function getAttendance(db: Db, studentId: string, day: string): Promise<AttendanceRow | undefined> {
  const r = await t(db).selectFrom('gate_attendance').selectAll().where('student_id', '=', studentId).where('day', '=', day).executeTakeFirst();
  return r && attendance(r);
}

export async function insertAttendance(db: Db, row: AttendanceRow): Promise<boolean> {
  const r = await t(db).insertInto('gate_attendance').values(row).onConflict((oc) => oc.columns(['student_id', 'day']).doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function updateAttendance(db: Db, studentId: string, day: string, set: Partial<Omit<AttendanceRow, 'student_id' | 'day' | 'school_id'>>): Promise<void> {
  await t(db).updateTable('gate_attendance').set(set).where('student_id', '=', studentId).where('day', '=', day).execute();
}

export async function attendanceOf(db: Db, f: { studentIds?: readonly string[]; schoolId?: string; from: string; to: string }): Promise<AttendanceRow[]> {
  let q = t(db).selectFrom('gate_attendance').selectAll().where('day', '>=', f.from).where('day', '<=', f.to);
  if (f.studentIds) {
    if (f.studentIds.length === 0) {
      return [];
    }
    q = q.where('student_id', 'in', [...f.studentIds]);
  }
  if (f.schoolId) {
    q = q.where('school_id', '=', f.schoolId);
  }
  return (await q.orderBy('day', 'desc').execute()).map(attendance);
}

// —— Leave ——

export async function upsertLeave(db: Db, row: LeaveRow): Promise<void> {
  await t(db)
    .insertInto('gate_leaves')
    .values(row)
    .onConflict((oc) => oc.columns(['student_id', 'day']).doUpdateSet({ reason: row.reason, marked_by: row.marked_by, marked_at: row.marked_at }))
    .execute();
}

export async function deleteLeave(db: Db, studentId: string, day: string): Promise<boolean> {
  const r = await t(db).deleteFrom('gate_leaves').where('student_id', '=', studentId).where('day', '=', day).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function leavesOf(db: Db, f: { studentIds?: readonly string[]; schoolId?: string; from: string; to: string }): Promise<LeaveRow[]> {
  let q = t(db).selectFrom('gate_leaves').selectAll().where('day', '>=', f.from).where('day', '<=', f.to);
  if (f.studentIds) {
    if (f.studentIds.length === 0) {
      return [];
    }
    q = q.where('student_id', 'in', [...f.studentIds]);
  }
  if (f.schoolId) {
    q = q.where('school_id', '=', f.schoolId);
  }
  return (await q.execute()).map((r) => ({ ...r, marked_at: num(r.marked_at) }));
}

// —— Cut-off runs ——

/** Claims a school's cut-off for a day; false when it was claimed before. */
export async function claimCutoff(db: Db, row: CutoffRunRow): Promise<boolean> {
  const r = await t(db).insertInto('gate_cutoff_runs').values(row).onConflict((oc) => oc.columns(['school_id', 'day']).doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function getCutoff(db: Db, schoolId: string, day: string): Promise<CutoffRunRow | undefined> {
  const r = await t(db).selectFrom('gate_cutoff_runs').selectAll().where('school_id', '=', schoolId).where('day', '=', day).executeTakeFirst();
  return r && { ...r, absent: num(r.absent), started_at: num(r.started_at), finished_at: numOrNull(r.finished_at) };
}

export async function cutoffsOfDay(db: Db, day: string): Promise<CutoffRunRow[]> {
  const rows = await t(db).selectFrom('gate_cutoff_runs').selectAll().where('day', '=', day).execute();
  return rows.map((r) => ({ ...r, absent: num(r.absent), started_at: num(r.started_at), finished_at: numOrNull(r.finished_at) }));
}

export async function unfinishedCutoffs(db: Db, startedBefore: number): Promise<CutoffRunRow[]> {
  const rows = await t(db).selectFrom('gate_cutoff_runs').selectAll().where('state', '=', 'sending').where('started_at', '<', startedBefore).execute();
  return rows.map((r) => ({ ...r, absent: num(r.absent), started_at: num(r.started_at), finished_at: numOrNull(r.finished_at) }));
}

export async function finishCutoff(db: Db, schoolId: string, day: string, absent: number, at: number): Promise<void> {
  await t(db).updateTable('gate_cutoff_runs').set({ state: 'done', absent, finished_at: at }).where('school_id', '=', schoolId).where('day', '=', day).execute();
}

// —— Family numbers and calls ——

export async function familyNumbers(db: Db, studentId: string): Promise<FamilyNumberRow[]> {
  const rows = await t(db).selectFrom('family_numbers').selectAll().where('student_id', '=', studentId).orderBy('slot').execute();
  return rows.map((r) => ({ ...r, slot: num(r.slot), set_at: num(r.set_at) }));
}

export async function replaceFamilyNumbers(db: Db, studentId: string, rows: FamilyNumberRow[]): Promise<void> {
  await t(db).deleteFrom('family_numbers').where('student_id', '=', studentId).execute();
  if (rows.length > 0) {
    await t(db).insertInto('family_numbers').values(rows).execute();
  }
}

export async function callByDeviceId(db: Db, deviceId: string, callId: string): Promise<FamilyCallRow | undefined> {
  const r = await t(db).selectFrom('family_calls').selectAll().where('device_id', '=', deviceId).where('call_id', '=', callId).executeTakeFirst();
  return r && call(r);
}

export async function insertCall(db: Db, row: FamilyCallRow): Promise<boolean> {
  const r = await t(db).insertInto('family_calls').values(row).onConflict((oc) => oc.columns(['device_id', 'call_id']).doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function recordCallResult(db: Db, id: string, set: Pick<FamilyCallRow, 'started_at' | 'duration_seconds' | 'minutes_used' | 'minutes_charged' | 'recorded_at'>): Promise<boolean> {
  const r = await t(db).updateTable('family_calls').set(set).where('id', '=', id).where('recorded_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Minutes charged to a student in a month ('YYYY-MM'). */
export async function minutesCharged(db: Db, studentId: string, month: string): Promise<number> {
  const r = await t(db)
    .selectFrom('family_calls')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('minutes_charged'), eb.lit(0)).as('m'))
    .where('student_id', '=', studentId)
    .where('month', '=', month)
    .executeTakeFirst();
  return num(r?.m ?? 0);
}

export async function recentCalls(db: Db, studentId: string, limit: number): Promise<FamilyCallRow[]> {
  const rows = await t(db).selectFrom('family_calls').selectAll().where('student_id', '=', studentId).orderBy('authorized_at', 'desc').limit(limit).execute();
  return rows.map(call);
}
