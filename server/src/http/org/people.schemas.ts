/** A person as routes return them: roles with their tenants' names, the number masked unless the caller manages people. */
import Type from 'typebox';
import type { AppContext } from '../../context';
import { ROLES, TENANT_TYPES, type Person } from '../../modules/identity';
import { toIso } from '../../platform/clock';
import { maskPhones } from '../../platform/logger';
import { IsoTime } from '../schemas';

export const RoleSchema = Type.Object({
  role: Type.Enum([...ROLES]),
  title: Type.String(),
  tenantType: Type.Enum([...TENANT_TYPES]),
  tenantId: Type.String(),
  tenantName: Type.String({ description: '所属机构名称（平台、代理商、网点、学校、班级或学生）' }),
});

export const PersonSchema = Type.Object(
  {
    id: Type.String(),
    login: Type.String(),
    name: Type.String(),
    phone: Type.Union([Type.String(), Type.Null()], { description: '手机号（非管理人员看到的是 138****8000）' }),
    status: Type.Enum(['active', 'disabled']),
    roles: Type.Array(RoleSchema),
    createdAt: IsoTime,
  },
  { $id: 'Person', title: 'Person' },
);

export async function peopleOut(ctx: AppContext, people: Person[], revealPhone: boolean) {
  const names = await ctx.org.tenantNames(people.flatMap((p) => p.roles));
  return people.map((p) => ({
    id: p.id,
    login: revealPhone ? p.login : maskPhones(p.login),
    name: p.name,
    phone: p.phone === null ? null : revealPhone ? p.phone : maskPhones(p.phone),
    status: p.status,
    roles: p.roles.map((r) => ({ ...r, tenantName: r.tenantType === 'platform' ? '平台' : (names.get(`${r.tenantType}:${r.tenantId}`) ?? r.tenantId) })),
    createdAt: toIso(p.createdAt),
  }));
}
