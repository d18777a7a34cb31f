/**
 * 亲情电话 as families and the school read it: a child's (up to) three numbers, this month's
 * minutes used of the allowance, whether the service is active, and the recent calls.
 */
import type { SchoolDeps } from '../deps';
import { getSettings } from '../settings';
import * as repo from './gate.repo';
import { monthOf } from './rules';

export interface FamilyNumber { slot: number; phone: string; name: string; setBy: string; setAt: number }
export interface FamilyCall { id: string; number: string; authorizedAt: number; allowedSeconds: number; startedAt: number | null; durationSeconds: number | null; minutesCharged: number | null }
export interface FamilyPhone {
  studentId: string;
  numbers: FamilyNumber[];
  /** Any guardian of the child takes 亲情电话 (bundled in 家校互动). */
  active: boolean;
  month: string;
  minutesAllowed: number;
  minutesUsed: number;
  minutesLeft: number;
  otherCarriersAllowed: boolean;
  calls: FamilyCall[];
}

/** Whether any guardian of the student takes the 'family' service. */
export async function familyActive(deps: SchoolDeps, studentId: string): Promise<boolean> {
  const holders = await deps.identity.holdersOf({ role: 'guardian', tenantType: 'student', tenantIds: [studentId] });
  const phones = holders.flatMap((h) => (h.phone ? [h.phone] : []));
  return (await deps.subscriptions.subscribedAmong(phones, 'family')).size > 0;
}

export async function familyPhone(deps: SchoolDeps, studentId: string): Promise<FamilyPhone> {
  const student = await deps.org.getStudent(studentId);
  const settings = await getSettings(deps, student.schoolId);
  const month = monthOf(deps.clock.now(), deps.timeZone);
  const [numbers, used, calls, active] = await Promise.all([
    repo.familyNumbers(deps.db, student.id),
    repo.minutesCharged(deps.db, student.id, month),
    repo.recentCalls(deps.db, student.id, 10),
    familyActive(deps, student.id),
  ]);
  return {
    studentId: student.id,
    numbers: numbers.map((n) => ({ slot: n.slot, phone: n.phone, name: n.name, setBy: n.set_by, setAt: n.set_at })),
    active,
    month,
    minutesAllowed: settings.familyMinutes,
    minutesUsed: used,
    minutesLeft: Math.max(0, settings.familyMinutes - used),
    otherCarriersAllowed: settings.familyOtherCarriers,
    calls: calls.map((c) => ({ id: c.id, number: c.number, authorizedAt: c.authorized_at, allowedSeconds: c.allowed_seconds, startedAt: c.started_at, durationSeconds: c.duration_seconds, minutesCharged: c.minutes_charged })),
  };
}
