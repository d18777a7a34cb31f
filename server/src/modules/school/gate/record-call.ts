/**
 * A school phone reports a finished call: its minutes (every started minute counts, 61 s → 2)
 * are charged to the month it was authorized in. Minutes never go below zero: a call longer
 * than it was allowed (a phone that did not cut it off) is charged only what was left, and
 * the difference is kept (minutes_used vs minutes_charged) and logged. Idempotent by call id:
 * the same report again answers the same; a different one for the same call is a conflict.
 */
import type { SchoolDeps } from '../deps';
import { getSettings } from '../settings';
import { CALL_ID } from './authorize-call';
import { checkDeviceType, GateErrors, type DeviceRef } from './gate.errors';
import * as repo from './gate.repo';
import { minutesOf } from './rules';

export interface CallCharge { callId: string; minutesCharged: number; minutesUsed: number; minutesLeft: number; capped: boolean; replay: boolean }

/** A call can last at most this long (a day): a longer duration is a device bug. */
const MAX_SECONDS = 86_400;

export async function recordCall(deps: SchoolDeps, o: { schoolId: string; deviceId: string; device?: DeviceRef; callId: string; startedAt: number; durationSeconds: number }): Promise<CallCharge> {
  checkDeviceType(o.device ?? {}, 'school_phone');
  if (!CALL_ID.test(o.callId ?? '')) {
    throw GateErrors.CALL_INVALID({ field: 'callId' }, '通话编号应为 1 到 64 个字母、数字或 _.:-');
  }
  if (!Number.isInteger(o.durationSeconds) || o.durationSeconds < 0 || o.durationSeconds > MAX_SECONDS) {
    throw GateErrors.CALL_INVALID({ field: 'durationSeconds' }, '通话时长应为 0 到 86400 秒的整数');
  }
  if (!Number.isInteger(o.startedAt) || o.startedAt <= 0) {
    throw GateErrors.CALL_INVALID({ field: 'startedAt' }, '开始时间应为毫秒时间戳');
  }
  const call = await repo.callByDeviceId(deps.db, o.deviceId, o.callId);
  if (!call || call.school_id !== o.schoolId) {
    throw GateErrors.CALL_NOT_FOUND({ callId: o.callId });
  }
  const settings = await getSettings(deps, o.schoolId);
  const answer = async (replay: boolean, c: repo.FamilyCallRow): Promise<CallCharge> => {
    const used = await repo.minutesCharged(deps.db, c.student_id, c.month);
    return { callId: c.call_id, minutesCharged: c.minutes_charged ?? 0, minutesUsed: used, minutesLeft: Math.max(0, settings.familyMinutes - used), capped: (c.minutes_used ?? 0) > (c.minutes_charged ?? 0), replay };
  };
  if (call.recorded_at !== null) {
    if (call.duration_seconds !== o.durationSeconds || call.started_at !== o.startedAt) {
      throw GateErrors.CALL_CONFLICT({ callId: o.callId });
    }
    return answer(true, call);
  }
  const used = minutesOf(o.durationSeconds);
  const charged = await deps.database.transaction(async (trx) => {
    const left = Math.max(0, settings.familyMinutes - (await repo.minutesCharged(trx, call.student_id, call.month)));
    const c = Math.min(used, left);
    const now = deps.clock.now();
    if (!(await repo.recordCallResult(trx, call.id, { started_at: o.startedAt, duration_seconds: o.durationSeconds, minutes_used: used, minutes_charged: c, recorded_at: now }))) {
      return null;
    }
    return c;
  });
  if (charged === null) {
    // A concurrent report of the same call won.
    return recordCall(deps, o);
  }
  if (charged < used) {
    deps.log.warn({ callId: o.callId, deviceId: o.deviceId, used, charged }, 'family call longer than the minutes left: charged what was left');
  }
  return answer(false, { ...call, minutes_used: used, minutes_charged: charged, duration_seconds: o.durationSeconds, started_at: o.startedAt, recorded_at: deps.clock.now() });
}
