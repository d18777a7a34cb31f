/**
 * People in the tenant tree: identity holds who someone is and the roles they hold; org holds
 * the tenants. Every write here checks the tenants through org first, then changes grants
 * through identity — so no grant ever names a school, class or child that does not exist.
 * No undo is needed: each step is one identity write, taken after every check has passed.
 */
import type { AppContext } from '../context';
import { IdentityErrors, type Person, type RoleGrant, type TenantRef, type TenantType } from '../modules/identity';
import { OrgErrors } from '../modules/org';
import { normalizeMsisdn } from '../platform/msisdn';

/** Checks that a tenant exists (NOT_FOUND otherwise); the platform always does. */
export async function checkTenant(ctx: AppContext, t: { tenantType: TenantType; tenantId: string }): Promise<void> {
  if (t.tenantType !== 'platform') {
    await ctx.org.scopeOf(t.tenantType, t.tenantId);
  }
}

/** Checks that every grant names a tenant that exists. */
export async function checkTenants(ctx: AppContext, grants: readonly RoleGrant[]): Promise<void> {
  for (const g of grants) {
    await checkTenant(ctx, g);
  }
}

export interface NewPerson {
  name: string;
  phone: string;
  /** Defaults to the mobile number: most people log in with an SMS code. */
  login?: string;
  roles: RoleGrant[];
}

/**
 * Someone new, or — when the mobile number already belongs to a person — the same person with
 * the new roles added (a teacher who is also a parent is one person with two roles).
 */
export async function addPerson(ctx: AppContext, o: NewPerson): Promise<{ person: Person; created: boolean; password: string | null }> {
  const phone = normalizeMsisdn(o.phone);
  if (phone === null) {
    throw IdentityErrors.AUTH_PHONE_INVALID({ field: 'phone' });
  }
  await checkTenants(ctx, o.roles);
  const existing = await ctx.identity.findPersonByPhone(phone);
  if (existing) {
    for (const g of o.roles) {
      await ctx.identity.addGrant(existing.id, g);
    }
    return { person: await ctx.identity.getPerson(existing.id), created: false, password: null };
  }
  const r = await ctx.identity.createUser({ login: o.login ?? phone, name: o.name, phone, roles: o.roles });
  return { person: await ctx.identity.getPerson(r.user.id), created: true, password: r.password };
}

/** An operator replaces all of a person's roles. */
export async function setRoles(ctx: AppContext, userId: string, roles: RoleGrant[]): Promise<Person> {
  if (roles.length === 0) {
    throw IdentityErrors.USER_INVALID({ field: 'roles' }, '至少要有一个角色；不再使用的账号请停用');
  }
  await checkTenants(ctx, roles);
  return ctx.identity.setGrants(userId, roles);
}

/** The tenants of a school: the school itself and each of its classes. */
async function schoolTenants(ctx: AppContext, schoolId: string): Promise<{ refs: TenantRef[]; classIds: Set<string> }> {
  const classIds = await ctx.org.classIdsOf(schoolId);
  return {
    refs: [{ tenantType: 'school', tenantId: schoolId }, ...classIds.map((id) => ({ tenantType: 'class', tenantId: id }))],
    classIds: new Set(classIds),
  };
}

/** The person as this school sees them: only the roles they hold here (a child elsewhere is not the school's business). */
function seenFrom(p: Person, refs: TenantRef[]): Person {
  return { ...p, roles: p.roles.filter((g) => refs.some((t) => t.tenantType === g.tenantType && t.tenantId === g.tenantId)) };
}

/** A school's staff: everyone holding a role in the school or one of its classes. */
export async function schoolStaff(ctx: AppContext, schoolId: string): Promise<Person[]> {
  const { refs } = await schoolTenants(ctx, schoolId);
  const r = await ctx.identity.listPeople({ tenants: refs, limit: 500, offset: 0 });
  return r.items.map((p) => seenFrom(p, refs));
}

export interface StaffRoles {
  /** 学校管理员 of this school. */
  admin: boolean;
  /** The classes whose head teacher they are. */
  classIds: string[];
}

function staffGrants(schoolId: string, r: StaffRoles): RoleGrant[] {
  return [
    ...(r.admin ? [{ role: 'school_admin' as const, tenantType: 'school' as const, tenantId: schoolId }] : []),
    ...r.classIds.map((id) => ({ role: 'teacher' as const, tenantType: 'class' as const, tenantId: id })),
  ];
}

async function checkStaff(ctx: AppContext, schoolId: string, r: StaffRoles): Promise<TenantRef[]> {
  const { refs, classIds } = await schoolTenants(ctx, schoolId);
  const foreign = r.classIds.find((id) => !classIds.has(id));
  if (foreign !== undefined) {
    throw OrgErrors.CLASS_NOT_FOUND({ id: foreign }, '班级不属于本校');
  }
  return refs;
}

/** A school admin adds a member of staff (found by mobile number, or new). */
export async function addStaff(ctx: AppContext, schoolId: string, o: { name: string; phone: string } & StaffRoles): Promise<{ person: Person; created: boolean }> {
  const refs = await checkStaff(ctx, schoolId, o);
  const roles = staffGrants(schoolId, o);
  if (roles.length === 0) {
    throw IdentityErrors.USER_INVALID({ field: 'roles' }, '请选择学校管理员或至少一个班级');
  }
  const r = await addPerson(ctx, { name: o.name, phone: o.phone, roles });
  return { person: seenFrom(r.person, refs), created: r.created };
}

/** Replaces the roles a person holds within this school (other schools' roles stay). */
export async function setStaffRoles(ctx: AppContext, schoolId: string, userId: string, r: StaffRoles): Promise<Person> {
  const refs = await checkStaff(ctx, schoolId, r);
  return seenFrom(await ctx.identity.setGrants(userId, staffGrants(schoolId, r), refs), refs);
}

/** A child's guardians. */
export async function guardiansOf(ctx: AppContext, studentId: string): Promise<Person[]> {
  const refs = [{ tenantType: 'student', tenantId: studentId }];
  const r = await ctx.identity.listPeople({ role: 'guardian', tenants: refs, limit: 20, offset: 0 });
  return r.items.map((p) => seenFrom({ ...p, roles: p.roles.filter((g) => g.role === 'guardian') }, refs));
}

/** The school links a guardian to a child (found by mobile number, or new: they log in by SMS code). */
export async function addGuardian(ctx: AppContext, studentId: string, o: { name: string; phone: string }): Promise<Person> {
  const r = await addPerson(ctx, { name: o.name, phone: o.phone, roles: [{ role: 'guardian', tenantType: 'student', tenantId: studentId }] });
  return seenFrom(r.person, [{ tenantType: 'student', tenantId: studentId }]);
}

export async function removeGuardian(ctx: AppContext, studentId: string, userId: string): Promise<Person> {
  await ctx.org.scopeOf('student', studentId);
  return seenFrom(await ctx.identity.removeGrant(userId, { role: 'guardian', tenantType: 'student', tenantId: studentId }), [{ tenantType: 'student', tenantId: studentId }]);
}
