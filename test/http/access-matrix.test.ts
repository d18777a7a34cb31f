/**
 * The route × role × tenant matrix, generated from the route table: every API route, as each
 * role holding it in world A, on a resource of world A (own) and of world B (another tenant).
 * The expectations below are written out by hand — a second statement of the policy — so a
 * change to policy.ts or a route that forgets its scope makes this test fail.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { AppContext } from '../../server/src/context';
import { buildHttp } from '../../server/src/http/server';
import type { Http } from '../../server/src/http/types';
import { ACTIONS, ROLES, type Action, type Role } from '../../server/src/modules/identity';
import { createTestContext } from '../helpers/context';
import { describeEachDatabase } from '../helpers/db';
import { buildWorld, type Side, type World } from '../helpers/world';

const OPS: Role[] = ['operator'];
const READERS: Role[] = ['operator', 'support'];

/** Who may take each action on a resource of their own tenant (platform roles: on any). */
const EXPECT: Record<Exclude<Action, 'public' | 'session.self' | 'system.read' | 'device.call' | 'privacy.export'>, Role[]> = {
  'jobs.read': OPS,
  'jobs.retry': OPS,
  'users.read': READERS,
  'users.manage': OPS,
  'ledger.read': READERS,
  'ledger.write': OPS,
  'sms.read': READERS,
  'sms.send': OPS,
  'sms.optouts': OPS,
  'sms.sim': OPS,
  'agency.read': [...READERS, 'agent'],
  'agency.manage': OPS,
  'outlet.read': [...READERS, 'agent', 'clerk'],
  'outlet.manage': ['operator', 'agent'],
  'school.read': [...READERS, 'agent', 'school_admin'],
  'school.manage': ['operator', 'agent'],
  'staff.manage': ['operator', 'school_admin'],
  'class.read': [...READERS, 'school_admin', 'teacher'],
  'class.manage': ['operator', 'school_admin'],
  'student.read': [...READERS, 'school_admin', 'teacher', 'guardian', 'student'],
  'student.manage': ['operator', 'school_admin'],
  'student.limits': ['operator', 'school_admin', 'guardian'],
  'school.settings': ['operator', 'school_admin'],
  'roster.import': ['operator', 'agent', 'school_admin'],
  'notes.send': ['operator', 'school_admin', 'teacher'],
  'notes.read': [...READERS, 'school_admin', 'teacher'],
  'inbox.use': ['school_admin', 'teacher'],
  'portal.reply': ['guardian'],
  'family.manage': ['operator', 'school_admin', 'guardian'],
  'attendance.manage': ['operator', 'school_admin', 'teacher'],
  'classwork.manage': ['operator', 'school_admin', 'teacher'],
  'staff.sms': ['school_admin', 'teacher'],
  'devices.read': READERS,
  'devices.manage': OPS,
  'audit.read': OPS,
  'privacy.anonymise': OPS,
  'subscriptions.catalog': OPS,
  'subscriptions.read': [...READERS, 'agent'],
  'subscriptions.manage': ['operator', 'support', 'agent'],
  'subscriptions.request': ['operator', 'agent'],
  'subscriptions.own': ['guardian'],
  'billing.run': OPS,
  'billing.runs': READERS,
  'billing.read': [...READERS, 'agent'],
};

type Kind = keyof Side;
const KIND_OF_SEGMENT: Record<string, Kind> = { agencies: 'agency', outlets: 'outlet', schools: 'school', classes: 'class', students: 'student' };

/** Which kinds of resource a role held in world A reaches (its tenant and what lies below it). */
const REACH: Record<Role, Kind[] | 'all'> = {
  operator: 'all',
  support: 'all',
  agent: 'all',
  clerk: ['outlet'],
  school_admin: ['school', 'class', 'student'],
  teacher: ['class', 'student'],
  guardian: ['student'],
  student: ['student'],
};

const PLATFORM: Role[] = ['operator', 'support'];

/** Creating under a parent named in the body: the parent is the resource. */
const BODY_SCOPED: Record<string, { kind: Kind; field: string }> = {
  'POST /api/outlets': { kind: 'agency', field: 'agencyId' },
  'POST /api/schools': { kind: 'agency', field: 'agencyId' },
  'POST /api/subscription-requests': { kind: 'school', field: 'schoolId' },
};

/** A number's subscriptions sit where its guardian's child does: buildWorld's guardian of A (the 7th person) and the bystander (guardian of B). */
const GUARDIAN_PHONE = { a: '13700000006', b: '13700009999' };

function kindOf(method: string, url: string): Kind | null {
  const body = BODY_SCOPED[`${method} ${url}`];
  if (body) {
    return body.kind;
  }
  if (url.startsWith('/api/subscriptions/numbers/:msisdn')) {
    return 'student';
  }
  const m = /^\/api\/([a-z]+)\/:id\b/.exec(url);
  return m ? (KIND_OF_SEGMENT[m[1]!] ?? null) : null;
}

function pathFor(url: string, kind: Kind | null, side: Side, w: World): string {
  return url.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
    if (name === 'id' && kind) {
      return side[kind];
    }
    if (name === 'userId' || (name === 'id' && url.startsWith('/api/users/'))) {
      return w.bystander;
    }
    if (name === 'msisdn') {
      return kind === 'student' ? (side === w.a ? GUARDIAN_PHONE.a : GUARDIAN_PHONE.b) : '13700000000';
    }
    return 'no-such-thing';
  });
}

describeEachDatabase('access matrix', (t) => {
  let ctx: AppContext;
  let app: Http;
  let w: World;

  beforeEach(async () => {
    ctx = await createTestContext(t().database);
    app = await buildHttp(ctx, { consoleDir: null });
    await app.ready();
    w = await buildWorld(ctx, app);
  }, 60_000);
  afterEach(async () => {
    await app.close();
  });

  it('covers every action of the policy with an expectation', () => {
    for (const action of Object.keys(ACTIONS) as Action[]) {
      const rule = ACTIONS[action];
      expect(typeof rule === 'string' || action in EXPECT, action).toBe(true);
    }
  });

  it('allows and refuses each role on each route, in its own tenant and in another', async () => {
    const routes = app.routeTable.filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD' && r.action !== undefined);
    const failures: string[] = [];
    let checked = 0;
    for (const route of routes) {
      const action = route.action as Action;
      const rule = ACTIONS[action];
      const state = route.method !== 'GET';
      if (rule === 'public' || (rule === 'authenticated' && state)) {
        continue; // anyone's own session, code, password: tested in their own files
      }
      const kind = kindOf(route.method, route.url);
      const bodyScope = BODY_SCOPED[`${route.method} ${route.url}`];
      const variants: { side: Side; own: boolean }[] = kind ? [{ side: w.a, own: true }, { side: w.b, own: false }] : [{ side: w.a, own: true }];
      for (const { side, own } of variants) {
        const url = pathFor(route.url, kind, side, w);
        // An empty body: allowed callers get past authorization to a 400; refused ones get 403 first.
        const body = bodyScope ? JSON.stringify({ [bodyScope.field]: side[bodyScope.kind] }) : '{}';
        const send = (headers: Record<string, string>) =>
          app.inject({ method: route.method as 'GET', url, headers: { ...headers, ...(state ? { 'content-type': 'application/json' } : {}) }, payload: state ? body : undefined });

        const anon = await send({});
        checked++;
        if (anon.statusCode !== 401) {
          failures.push(`anonymous ${route.method} ${route.url}: ${anon.statusCode}, expected 401`);
        }
        for (const role of ROLES) {
          let allowed: boolean;
          if (rule === 'authenticated') {
            allowed = true;
          } else if (rule === 'device') {
            allowed = false;
          } else {
            const roles = EXPECT[action as keyof typeof EXPECT];
            const reach = REACH[role];
            allowed = roles.includes(role) && (kind === null || (own ? reach === 'all' || reach.includes(kind) : PLATFORM.includes(role)));
          }
          const res = await send(w.as[role]);
          checked++;
          const denied = res.statusCode === 401 || res.statusCode === 403;
          if (allowed === denied) {
            failures.push(`${role} ${route.method} ${route.url} (${own ? 'own' : 'other'} tenant): ${res.statusCode}, expected ${allowed ? 'allowed' : 'refused'} — ${res.body.slice(0, 120)}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(300);
  }, 120_000);

  it('refuses the cases the issue names, by name', async () => {
    const get = (url: string, role: Role) => app.inject({ url, headers: w.as[role] });
    const put = (url: string, role: Role, payload: object) => app.inject({ method: 'PUT', url, headers: w.as[role], payload });
    const patch = (url: string, role: Role, payload: object) => app.inject({ method: 'PATCH', url, headers: w.as[role], payload });
    // A guardian reading another family's child.
    expect((await get(`/api/students/${w.b.student}`, 'guardian')).statusCode).toBe(403);
    expect((await get(`/api/students/${w.a.student}`, 'guardian')).statusCode).toBe(200);
    // A teacher reading a class of another school.
    expect((await get(`/api/classes/${w.b.class}`, 'teacher')).statusCode).toBe(403);
    expect((await get(`/api/classes/${w.a.class}`, 'teacher')).statusCode).toBe(200);
    // A clerk reading another outlet's balance.
    expect((await get(`/api/outlets/${w.b.outlet}/balance`, 'clerk')).statusCode).toBe(403);
    expect((await get(`/api/outlets/${w.a.outlet}/balance`, 'clerk')).statusCode).toBe(200);
    // An agent acting on another agent's schools.
    expect((await patch(`/api/schools/${w.b.school}`, 'agent', { name: '被改名' })).statusCode).toBe(403);
    expect((await ctx.org.getSchool(w.b.school)).name).toBe('学校B');
    expect((await patch(`/api/schools/${w.a.school}`, 'agent', { district: '城关区' })).statusCode).toBe(200);
    // A student changing their own limits.
    expect((await put(`/api/students/${w.a.student}/limits`, 'student', { daily: 100_000, single: null })).statusCode).toBe(403);
    expect((await ctx.org.getStudent(w.a.student)).limits.daily).toBeNull();
    expect((await put(`/api/students/${w.a.student}/limits`, 'guardian', { daily: 2_000, single: 1_000 })).statusCode).toBe(200);
  });
});
