/**
 * A school phone asks whether a child (by card) may call a number: yes when the number is one
 * of the child's family numbers, 亲情电话 is active (a guardian takes it) and minutes remain
 * this month; the answer carries the seconds allowed (minutes left × 60). Asked again with the
 * same call id, it answers the same. Refusals carry a reason and a Chinese message for the
 * phone's screen, and write nothing.
 */
import { CARD_NO } from '../../org';
import { smsText } from '../../messaging';
import { newId } from '../../../platform/ids';
import type { SchoolDeps } from '../deps';
import { getSettings } from '../settings';
import { familyActive } from './family-phone';
import { checkDeviceType, GateErrors, type DeviceRef } from './gate.errors';
import * as repo from './gate.repo';
import { monthOf } from './rules';
import { HOME_CARRIER } from './set-family-numbers';

export type CallRefusal = 'unknown_card' | 'not_listed' | 'inactive' | 'no_minutes' | 'other_carrier';

export interface CallAnswer {
  allowed: boolean;
  seconds: number;
  reason: CallRefusal | null;
  message: string;
  studentName: string | null;
  minutesLeft: number;
}

export const CALL_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

const REFUSALS: Record<CallRefusal, string> = {
  unknown_card: '未登记的卡，请联系老师',
  not_listed: '这个号码不是亲情号码，请家长在家长网校设置',
  inactive: '亲情电话业务未开通，请家长开通家校互动',
  no_minutes: '本月亲情电话分钟数已用完',
  other_carrier: '本校的亲情电话只能拨打中国移动手机',
};

export async function authorizeCall(deps: SchoolDeps, o: { schoolId: string; deviceId: string; device?: DeviceRef; callId: string; card: string; number: string }): Promise<CallAnswer> {
  checkDeviceType(o.device ?? {}, 'school_phone');
  if (!CALL_ID.test(o.callId ?? '')) {
    throw GateErrors.CALL_INVALID({ field: 'callId' }, '通话编号应为 1 到 64 个字母、数字或 _.:-');
  }
  const card = String(o.card ?? '').trim().toUpperCase();
  if (!CARD_NO.test(card)) {
    throw GateErrors.CALL_INVALID({ field: 'card' }, '卡号应为 4 到 20 位字母或数字');
  }
  const number = smsText.normalizeMsisdn(String(o.number ?? ''));
  if (number === null) {
    throw GateErrors.CALL_INVALID({ field: 'number' }, '拨打的号码不是有效的 11 位手机号');
  }
  const prior = await repo.callByDeviceId(deps.db, o.deviceId, o.callId);
  const student = await deps.org.studentByCard(o.schoolId, card);
  if (prior) {
    if (prior.number !== number || prior.student_id !== student?.id) {
      throw GateErrors.CALL_CONFLICT({ callId: o.callId });
    }
    return { allowed: true, seconds: prior.allowed_seconds, reason: null, message: '可以通话', studentName: student.name, minutesLeft: Math.floor(prior.allowed_seconds / 60) };
  }
  const refuse = (reason: CallRefusal, minutesLeft = 0): CallAnswer => ({ allowed: false, seconds: 0, reason, message: REFUSALS[reason], studentName: student?.name ?? null, minutesLeft });
  if (!student) {
    return refuse('unknown_card');
  }
  const listed = (await repo.familyNumbers(deps.db, student.id)).some((n) => n.phone === number);
  if (!listed) {
    return refuse('not_listed');
  }
  const settings = await getSettings(deps, o.schoolId);
  if (!settings.familyOtherCarriers && smsText.carrierOf(number) !== HOME_CARRIER) {
    return refuse('other_carrier');
  }
  if (!(await familyActive(deps, student.id))) {
    return refuse('inactive');
  }
  const now = deps.clock.now();
  const month = monthOf(now, deps.timeZone);
  const left = Math.max(0, settings.familyMinutes - (await repo.minutesCharged(deps.db, student.id, month)));
  if (left === 0) {
    return refuse('no_minutes');
  }
  const row: repo.FamilyCallRow = {
    id: newId(now),
    device_id: o.deviceId,
    call_id: o.callId,
    school_id: o.schoolId,
    student_id: student.id,
    number,
    authorized_at: now,
    allowed_seconds: left * 60,
    started_at: null,
    duration_seconds: null,
    minutes_used: null,
    minutes_charged: null,
    month,
    recorded_at: null,
  };
  if (!(await repo.insertCall(deps.db, row))) {
    return authorizeCall(deps, o);
  }
  return { allowed: true, seconds: row.allowed_seconds, reason: null, message: `可以通话，本月还剩 ${left} 分钟`, studentName: student.name, minutesLeft: left };
}
