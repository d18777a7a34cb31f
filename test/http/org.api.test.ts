/**
 * The tenant tree and people over HTTP, as each kind of user sees it: lists show only one's
 * own world, creating checks its parent, staff and guardians are found by mobile number, card
 * limits are validated, and bad input is a clear 4xx that writes nothing.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { AppContext } from '../../server/src/context';
import { buildHttp } from '../../server/src/http/server';
import type { Http } from '../../server/src/http/types';
import type { Role } from '../../server/src/modules/identity';
import { createTestContext } from '../helpers/context';
import { describeEachDatabase } from '../helpers/db';
import { buildWorld, logInAs, type World } from '../helpers/world';

describeEachDatabase('org over HTTP', (t) => {
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

  const get = (url: string, role: Role) => app.inject({ url, headers: w.as[role] });
  const send = (method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, role: Role, payload?: object) =>
    app.inject({ method, url, headers: w.as[role], ...(payload ? { payload } : {}) });
  const names = (r: { json(): unknown }) => (r.json() as { items: { name: string }[] }).items.map((i) => i.name).sort();

  it('shows each role only its own world in lists', async () => {
    expect(names(await get('/api/schools', 'operator'))).toEqual(['学校A', '学校B']);
    expect(names(await get('/api/schools', 'agent'))).toEqual(['学校A']);
    expect(names(await get('/api/schools', 'school_admin'))).toEqual(['学校A']);
    expect(names(await get('/api/outlets', 'agent'))).toEqual(['网点A']);
    expect(names(await get('/api/outlets', 'clerk'))).toEqual(['网点A']);
    expect(names(await get('/api/classes', 'teacher'))).toEqual(['三年级A班']);
    expect(names(await get('/api/students', 'guardian'))).toEqual(['学生A']);
    expect(names(await get('/api/students', 'student'))).toEqual(['学生A']);
    expect(names(await get('/api/students', 'support'))).toEqual(['学生A', '学生B']);
    expect((await get('/api/agencies', 'agent')).json()).toMatchObject({ total: 1, items: [{ code: 'AG-A' }] });
    // A filter cannot widen what one may see.
    expect(names(await get(`/api/schools?agencyId=${w.b.agency}`, 'agent'))).toEqual([]);
  });

  it('creates outlets and schools under an agency, with a pre-deposit account, and refuses bad input', async () => {
    const o = await send('POST', '/api/outlets', 'agent', { agencyId: w.a.agency, code: 'cg-002', name: '城关二店', address: '庆阳路 1 号' });
    expect(o.statusCode).toBe(200);
    expect(o.json()).toMatchObject({ code: 'CG-002', name: '城关二店', agencyName: '代理A', status: 'active' });
    const bal = await get(`/api/outlets/${o.json<{ id: string }>().id}/balance`, 'agent');
    expect(bal.json()).toMatchObject({ name: '城关二店 预存款', available: 0, posted: 0, pending: 0 });
    expect(bal.json<{ accountId: string | null }>().accountId).not.toBeNull();

    const dup = await send('POST', '/api/outlets', 'agent', { agencyId: w.a.agency, code: 'CG-002', name: '又一个' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ code: 'ORG_CODE_TAKEN', message: '编码已被使用' });
    const before = (await get('/api/schools', 'operator')).json<{ total: number }>().total;
    for (const bad of [{ code: '中文', name: '学校' }, { code: 'OK1', name: '' }, { code: 'OK1', name: '学校', extra: 1 }, { code: 'OK1', name: 'x'.repeat(41) }]) {
      const r = await send('POST', '/api/schools', 'operator', bad);
      expect(r.statusCode, JSON.stringify(bad)).toBe(400);
      expect(r.json<{ message: string }>().message).toMatch(/[\u4e00-\u9fa5]/);
    }
    const ghost = await send('POST', '/api/schools', 'operator', { agencyId: 'no-such-agency', code: 'GH1', name: '幽灵学校' });
    expect(ghost.statusCode).toBe(404);
    expect((await get('/api/schools', 'operator')).json<{ total: number }>().total).toBe(before);
    // An agent creates only within their own agency, and never a school without one.
    expect((await send('POST', '/api/schools', 'agent', { code: 'FREE1', name: '无主学校' })).statusCode).toBe(403);
    expect((await send('POST', '/api/schools', 'agent', { agencyId: w.a.agency, code: 'NEW1', name: '新学校' })).statusCode).toBe(200);
  });

  it('lets a school admin build classes, students and staff, within their school only', async () => {
    const c = await send('POST', `/api/schools/${w.a.school}/classes`, 'school_admin', { grade: 4, name: '四年级(1)班' });
    expect(c.statusCode).toBe(200);
    const classId = c.json<{ id: string }>().id;
    expect((await send('POST', `/api/schools/${w.a.school}/classes`, 'school_admin', { grade: 4, name: '四年级(1)班' })).statusCode).toBe(409);
    expect((await send('POST', `/api/schools/${w.a.school}/classes`, 'school_admin', { grade: 13, name: '十三年级' })).statusCode).toBe(400);
    const s = await send('POST', `/api/classes/${classId}/students`, 'school_admin', { studentNo: 'g4001', name: '赵小明' });
    expect(s.json()).toMatchObject({ studentNo: 'G4001', className: '四年级(1)班', schoolName: '学校A' });
    expect((await send('POST', `/api/classes/${classId}/students`, 'school_admin', { studentNo: 'G4001', name: '重复' })).json()).toMatchObject({ code: 'STUDENT_NO_TAKEN' });

    // A new teacher by mobile number: created, head teacher of the new class.
    const add = await send('POST', `/api/schools/${w.a.school}/staff`, 'school_admin', { name: '陈老师', phone: '+86 139 0000 7777', admin: false, classIds: [classId] });
    expect(add.statusCode).toBe(200);
    expect(add.json()).toMatchObject({ created: true, person: { name: '陈老师', phone: '13900007777', roles: [{ role: 'teacher', tenantName: '四年级(1)班' }] } });
    const teacherId = add.json<{ person: { id: string } }>().person.id;
    // Another school's class cannot be handed out from here.
    const foreign = await send('PUT', `/api/schools/${w.a.school}/staff/${teacherId}`, 'school_admin', { admin: false, classIds: [w.b.class] });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toMatchObject({ code: 'CLASS_NOT_FOUND' });
    // Roles elsewhere survive a change of roles here.
    await ctx.identity.addGrant(teacherId, { role: 'guardian', tenantType: 'student', tenantId: w.b.student });
    const moved = await send('PUT', `/api/schools/${w.a.school}/staff/${teacherId}`, 'school_admin', { admin: true, classIds: [w.a.class] });
    expect(moved.json<{ roles: { role: string; tenantId: string }[] }>().roles.map((r) => r.role).sort()).toEqual(['school_admin', 'teacher']);
    const all = await ctx.identity.getPerson(teacherId);
    expect(all.roles.map((r) => `${r.role}@${r.tenantId}`).sort()).toEqual([`guardian@${w.b.student}`, `school_admin@${w.a.school}`, `teacher@${w.a.class}`].sort());
    const staff = await get(`/api/schools/${w.a.school}/staff`, 'school_admin');
    expect(staff.json<{ items: { name: string; roles: { tenantId: string }[] }[] }>().items.find((p) => p.name === '陈老师')!.roles.every((r) => r.tenantId !== w.b.student)).toBe(true);
  });

  it('links guardians by mobile number: one person for siblings, masked for those who do not manage people', async () => {
    const sib = (await ctx.org.createStudent({ classId: w.a.class, studentNo: 'NOA0002', name: '学生A妹妹' })).id;
    const first = await send('POST', `/api/students/${w.a.student}/guardians`, 'school_admin', { name: '李芳', phone: '13900003333' });
    expect(first.statusCode).toBe(200);
    const second = await send('POST', `/api/students/${sib}/guardians`, 'school_admin', { name: '李芳', phone: '139-0000-3333' });
    expect(second.json<{ id: string }>().id).toBe(first.json<{ id: string }>().id);
    expect((await ctx.identity.getPerson(first.json<{ id: string }>().id)).roles).toHaveLength(2);
    const mum = await logInAs(app, '13900003333', (await ctx.identity.resetPassword({ login: '13900003333', password: 'Mum-password-2026' })).password);
    const kids = await app.inject({ url: '/api/students', headers: mum });
    expect(names(kids)).toEqual(['学生A', '学生A妹妹']);
    const view = await get(`/api/students/${w.a.student}`, 'teacher');
    expect(view.json()).toMatchObject({ student: { name: '学生A' } });
    expect(view.json<{ guardians: unknown[] }>().guardians).toContainEqual(expect.objectContaining({ name: '李芳', phone: '139****3333', login: '139****3333' }));
    const asSchool = await get(`/api/students/${w.a.student}`, 'school_admin');
    expect(asSchool.json<{ guardians: unknown[] }>().guardians).toContainEqual(expect.objectContaining({ name: '李芳', phone: '13900003333' }));
    expect((await send('POST', `/api/students/${w.a.student}/guardians`, 'school_admin', { name: '坏号码', phone: '12345' })).statusCode).toBe(400);
    const removed = await send('DELETE', `/api/students/${sib}/guardians/${first.json<{ id: string }>().id}`, 'school_admin');
    expect(removed.json<{ roles: unknown[] }>().roles).toHaveLength(0);
    expect((await ctx.identity.getPerson(first.json<{ id: string }>().id)).roles).toHaveLength(1);
  });

  it('validates card limits, records who set them, and never lets the child set them', async () => {
    const ok = await send('PUT', `/api/students/${w.a.student}/limits`, 'guardian', { daily: 3_000, single: 1_500 });
    expect(ok.json()).toMatchObject({ limits: { daily: 3_000, single: 1_500 } });
    for (const bad of [{ daily: 1_000, single: 2_000 }, { daily: -1, single: null }, { daily: 1.5, single: null }, { daily: 2_000_000, single: null }, { daily: 1_000 }]) {
      const r = await send('PUT', `/api/students/${w.a.student}/limits`, 'guardian', bad);
      expect(r.statusCode, JSON.stringify(bad)).toBe(400);
    }
    expect((await ctx.org.getStudent(w.a.student)).limits).toMatchObject({ daily: 3_000, single: 1_500 });
    expect((await send('PUT', `/api/students/${w.a.student}/limits`, 'student', { daily: null, single: null })).statusCode).toBe(403);
    expect((await send('PUT', `/api/students/${w.a.student}/limits`, 'guardian', { daily: null, single: null })).json()).toMatchObject({ limits: { daily: null, single: null } });
  });

  it('lets operators manage people and roles; tenants must exist and fit the role; disabling ends sessions', async () => {
    const add = await send('POST', '/api/users', 'operator', { name: '吴经理', phone: '13800001234', roles: [{ role: 'agent', tenantType: 'agency', tenantId: w.b.agency }] });
    expect(add.statusCode).toBe(200);
    expect(add.json()).toMatchObject({ created: true, person: { login: '13800001234', roles: [{ role: 'agent', tenantName: '代理B' }] } });
    expect(add.json<{ password: string }>().password).toMatch(/^[A-Za-z0-9]{16}$/);
    const id = add.json<{ person: { id: string } }>().person.id;
    const count = async () => (await get('/api/users', 'operator')).json<{ total: number }>().total;
    const before = await count();
    expect((await send('POST', '/api/users', 'operator', { name: '错', phone: '13800004321', roles: [{ role: 'teacher', tenantType: 'school', tenantId: w.a.school }] })).json()).toMatchObject({ code: 'USER_INVALID' });
    expect((await send('POST', '/api/users', 'operator', { name: '错', phone: '13800004321', roles: [{ role: 'clerk', tenantType: 'outlet', tenantId: 'nowhere' }] })).json()).toMatchObject({ code: 'OUTLET_NOT_FOUND' });
    expect((await send('POST', '/api/users', 'operator', { name: '错', phone: '13800004321', roles: [] })).statusCode).toBe(400);
    expect(await count()).toBe(before);

    const roles = await send('PUT', `/api/users/${id}/roles`, 'operator', { roles: [{ role: 'clerk', tenantType: 'outlet', tenantId: w.a.outlet }] });
    expect(roles.json()).toMatchObject({ roles: [{ role: 'clerk', tenantName: '网点A' }] });
    expect((await get('/api/users?role=clerk', 'support')).json<{ items: { id: string }[] }>().items.map((p) => p.id)).toContain(id);
    expect((await send('PUT', `/api/users/${id}/roles`, 'support', { roles: [] })).statusCode).toBe(403);

    const disabled = await send('POST', `/api/users/${w.userIds.clerk}/disable`, 'operator');
    expect(disabled.json()).toMatchObject({ status: 'disabled' });
    expect((await get('/api/outlets', 'clerk')).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'w-clerk', password: 'World-pass-2026' } })).statusCode).not.toBe(200);
  });
});
