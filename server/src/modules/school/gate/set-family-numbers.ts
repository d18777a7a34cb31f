/**
 * Sets a child's family numbers (all of them at once, up to 3), by a guardian in the portal or
 * by the school. Each is a mainland mobile number; another carrier's number only when the
 * operator allows it (settings.familyOtherCarriers). Bad input changes nothing.
 */
import { smsText } from '../../messaging';
import type { SchoolDeps } from '../deps';
import { getSettings } from '../settings';
import { familyPhone, type FamilyPhone } from './family-phone';
import { GateErrors } from './gate.errors';
import * as repo from './gate.repo';

export const MAX_FAMILY_NUMBERS = 3;
/** 亲情电话 is a China Mobile service: its own numbers are always allowed. */
export const HOME_CARRIER = 'cmcc';

export async function setFamilyNumbers(deps: SchoolDeps, o: { studentId: string; numbers: readonly { phone: string; name: string }[]; by: string }): Promise<FamilyPhone> {
  if (o.numbers.length > MAX_FAMILY_NUMBERS) {
    throw GateErrors.FAMILY_TOO_MANY({ count: o.numbers.length });
  }
  const student = await deps.org.getStudent(o.studentId);
  const settings = await getSettings(deps, student.schoolId);
  const seen = new Set<string>();
  const now = deps.clock.now();
  const rows: repo.FamilyNumberRow[] = o.numbers.map((n, i) => {
    const phone = smsText.normalizeMsisdn(String(n.phone ?? ''));
    if (phone === null) {
      throw GateErrors.FAMILY_NUMBER_INVALID({ index: i, field: 'phone' }, `第 ${i + 1} 个号码不是有效的 11 位手机号`);
    }
    if (seen.has(phone)) {
      throw GateErrors.FAMILY_NUMBER_INVALID({ index: i, field: 'phone' }, `号码 ${phone} 重复了`);
    }
    seen.add(phone);
    if (!settings.familyOtherCarriers && smsText.carrierOf(phone) !== HOME_CARRIER) {
      throw GateErrors.FAMILY_OTHER_CARRIER({ index: i }, `第 ${i + 1} 个号码不是中国移动的号码，本校的亲情电话只能拨打中国移动手机`);
    }
    const name = String(n.name ?? '').trim();
    if (name.length < 1 || name.length > 10) {
      throw GateErrors.FAMILY_NUMBER_INVALID({ index: i, field: 'name' }, `第 ${i + 1} 个号码的称呼为 1 到 10 个字，如 妈妈、奶奶`);
    }
    return { student_id: student.id, slot: i + 1, phone, name, set_by: o.by, set_at: now };
  });
  await deps.database.transaction((trx) => repo.replaceFamilyNumbers(trx, student.id, rows));
  return familyPhone(deps, student.id);
}
