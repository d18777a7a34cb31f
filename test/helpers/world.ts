/**
 * Two of everything in the tenant tree — agencies A and B, each with an outlet, a school, a
 * class and a student — and one person per role in world A, logged in. For tests of who may
 * reach what (test/http/access-matrix.test.ts, org.api.test.ts).
 */
import type { AppContext } from '../../server/src/context';
import { createOutlet } from '../../server/src/flows/outlet.flow';
import type { Http } from '../../server/src/http/types';
import type { Role, RoleGrant } from '../../server/src/modules/identity';

export interface Side {
  agency: string;
  outlet: string;
  school: string;
  class: string;
  student: string;
}

export interface World {
  a: Side;
  b: Side;
  /** Logged-in headers (cookie + CSRF) of the person holding each role in world A. */
  as: Record<Role, Record<string, string>>;
  userIds: Record<Role, string>;
  /** A person no test logs in as (a target for people routes). */
  bystander: string;
}

export const PASSWORD = 'World-pass-2026';

async function side(ctx: AppContext, tag: string): Promise<Side> {
  const agency = (await ctx.org.createAgency({ code: `AG-${tag}`, name: `代理${tag}` })).id;
  const outlet = (await createOutlet(ctx, { agencyId: agency, code: `OUT-${tag}`, name: `网点${tag}` })).id;
  const school = (await ctx.org.createSchool({ agencyId: agency, code: `SCH-${tag}`, name: `学校${tag}` })).id;
  const klass = (await ctx.org.createClass({ schoolId: school, grade: 3, name: `三年级${tag}班` })).id;
  const student = (await ctx.org.createStudent({ classId: klass, studentNo: `NO${tag}0001`, name: `学生${tag}` })).id;
  return { agency, outlet, school, class: klass, student };
}

export function grantIn(role: Role, s: Side): RoleGrant {
  switch (role) {
    case 'operator':
    case 'support':
      return { role, tenantType: 'platform', tenantId: 'platform' };
    case 'agent':
      return { role, tenantType: 'agency', tenantId: s.agency };
    case 'clerk':
      return { role, tenantType: 'outlet', tenantId: s.outlet };
    case 'school_admin':
      return { role, tenantType: 'school', tenantId: s.school };
    case 'teacher':
      return { role, tenantType: 'class', tenantId: s.class };
    case 'guardian':
    case 'student':
      return { role, tenantType: 'student', tenantId: s.student };
  }
}

export async function logInAs(app: Http, login: string, password = PASSWORD): Promise<Record<string, string>> {
  const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login, password } });
  if (r.statusCode !== 200) {
    throw new Error(`log-in as ${login}: ${r.statusCode} ${r.body}`);
  }
  return { cookie: r.cookies.map((c) => `${c.name}=${c.value}`).join('; '), 'x-csrf-token': r.json<{ csrfToken: string }>().csrfToken };
}

export async function buildWorld(ctx: AppContext, app: Http): Promise<World> {
  const a = await side(ctx, 'A');
  const b = await side(ctx, 'B');
  const roles: Role[] = ['operator', 'support', 'agent', 'clerk', 'school_admin', 'teacher', 'guardian', 'student'];
  const as = {} as World['as'];
  const userIds = {} as World['userIds'];
  let n = 0;
  for (const role of roles) {
    const u = await ctx.identity.createUser({ login: `w-${role.replace('_', '-')}`, name: `${role}用户`, phone: `1370000${String(n++).padStart(4, '0')}`, password: PASSWORD, roles: [grantIn(role, a)] });
    userIds[role] = u.user.id;
    as[role] = await logInAs(app, `w-${role.replace('_', '-')}`);
  }
  const bystander = (await ctx.identity.createUser({ login: 'w-bystander', name: '路人', phone: '13700009999', password: PASSWORD, roles: [grantIn('guardian', b)] })).user.id;
  return { a, b, as, userIds, bystander };
}
