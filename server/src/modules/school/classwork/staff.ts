/**
 * A school's staff, for 办公短信: its school admins and the teachers of its classes (identity's
 * role holders). A group's members must be staff; someone who left the staff stays listed in
 * no message (they are dropped when a group is read or texted).
 */
import type { RoleGrant } from '../../identity';
import type { SchoolDeps } from '../deps';

export interface StaffMember { userId: string; name: string; phone: string | null; roles: string[] }

export function maskPhone(p: string | null): string | null {
  return p && p.length >= 7 ? `${p.slice(0, 3)}****${p.slice(-4)}` : p;
}

export async function schoolStaff(deps: SchoolDeps, schoolId: string): Promise<StaffMember[]> {
  const classes = await deps.org.classes({ schoolId });
  const className = new Map(classes.map((c) => [c.id, c.name]));
  const [admins, teachers] = await Promise.all([
    deps.identity.holdersOf({ role: 'school_admin', tenantType: 'school', tenantIds: [schoolId] }),
    classes.length ? deps.identity.holdersOf({ role: 'teacher', tenantType: 'class', tenantIds: classes.map((c) => c.id) }) : Promise.resolve([]),
  ]);
  const out = new Map<string, StaffMember>();
  const add = (h: { userId: string; name: string; phone: string | null }, role: string) => {
    const m = out.get(h.userId) ?? { userId: h.userId, name: h.name, phone: h.phone, roles: [] };
    m.roles.push(role);
    out.set(h.userId, m);
  };
  for (const h of admins) {add(h, '学校管理员');}
  for (const h of teachers) {add(h, `${className.get(h.tenantId) ?? ''}${h.label ? ` ${h.label}` : ''}老师`);}
  return [...out.values()].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}

/** The schools where a person is staff (from their grants), admins marked. */
export async function staffSchoolsOf(deps: SchoolDeps, grants: readonly RoleGrant[]): Promise<{ schoolId: string; schoolName: string; admin: boolean }[]> {
  const adminOf = grants.filter((g) => g.role === 'school_admin' && g.tenantType === 'school').map((g) => g.tenantId);
  const classIds = grants.filter((g) => g.role === 'teacher' && g.tenantType === 'class').map((g) => g.tenantId);
  const classes = classIds.length ? await deps.org.classes({ ids: classIds }) : [];
  const ids = [...new Set([...adminOf, ...classes.map((c) => c.schoolId)])];
  const out: { schoolId: string; schoolName: string; admin: boolean }[] = [];
  for (const id of ids) {
    const s = await deps.org.getSchool(id);
    out.push({ schoolId: id, schoolName: s.name, admin: adminOf.includes(id) });
  }
  return out;
}
