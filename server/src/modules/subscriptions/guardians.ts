/**
 * Who a number is in the rosters: a guardian's children, their schools and those schools'
 * agencies, read through identity's and org's front doors. Only a roster guardian may take a
 * school service (seed 001: the school registers the family's number first).
 */
import { smsText } from '../messaging';
import type { SubscriptionsDeps } from './deps';

export interface GuardianChild {
  studentId: string;
  name: string;
  schoolId: string;
  schoolName: string;
  className: string;
  agencyId: string | null;
}

export interface Guardian {
  userId: string;
  name: string;
  msisdn: string;
  children: GuardianChild[];
}

export const normalizePhone = (s: string): string | null => (typeof s === 'string' ? smsText.normalizeMsisdn(s) : null);

/** The guardian behind a number, with their children (active students), or null. */
export async function guardianOf(deps: SubscriptionsDeps, msisdn: string): Promise<Guardian | null> {
  const person = await deps.identity.findPersonByPhone(msisdn).catch(() => null);
  const studentIds = person ? person.roles.filter((g) => g.role === 'guardian' && g.tenantType === 'student').map((g) => g.tenantId) : [];
  if (!person || studentIds.length === 0) {
    return null;
  }
  const students = await deps.org.roster({ studentIds });
  if (students.length === 0) {
    return null;
  }
  const classes = new Map((await deps.org.classes({ ids: [...new Set(students.map((s) => s.classId))] })).map((c) => [c.id, c]));
  const schools = new Map<string, { name: string; agencyId: string | null }>();
  for (const id of new Set(students.map((s) => s.schoolId))) {
    const s = await deps.org.getSchool(id);
    schools.set(id, { name: s.name, agencyId: s.agencyId });
  }
  const children = students
    .map((s) => ({
      studentId: s.id,
      name: s.name,
      schoolId: s.schoolId,
      schoolName: schools.get(s.schoolId)?.name ?? '',
      className: classes.get(s.classId)?.name ?? '',
      agencyId: schools.get(s.schoolId)?.agencyId ?? null,
    }))
    .sort((a, b) => a.schoolName.localeCompare(b.schoolName) || a.className.localeCompare(b.className) || a.name.localeCompare(b.name));
  return { userId: person.id, name: person.name, msisdn, children };
}
