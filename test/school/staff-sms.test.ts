/**
 * 办公短信 on both databases: a school admin groups the school's staff; a member of the staff
 * texts a group and each member's phone gets it (through the SMS simulator), free and once
 * per key; the history shows each member's delivery; outsiders and bad input are refused and
 * write nothing.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { SimGateway } from '../../server/src/adapters/sms';
import type { AppContext } from '../../server/src/context';
import { buildHttp } from '../../server/src/http/server';
import type { Http } from '../../server/src/http/types';
import { createTestContext } from '../helpers/context';
import { simSettle } from '../helpers/sim-settle';
import { countRows, describeEachDatabase } from '../helpers/db';
import { logInAs, PASSWORD } from '../helpers/world';
import { buildSchoolWorld, schoolLogins, PHONES, type SchoolWorld } from './school-world';

type Headers = Record<string, string>;

describeEachDatabase('办公短信 staff SMS', (t) => {
  let ctx: AppContext;
  let app: Http;
  let w: SchoolWorld;
  let as: Awaited<ReturnType<typeof schoolLogins>> & { yucaiTeacher: Headers };
  let sim: SimGateway;
  let settle: () => Promise<void>;

  beforeEach(async () => {
    ctx = await createTestContext(t().database);
    ({ sim, settle } = await simSettle(ctx));
    app = await buildHttp(ctx, { consoleDir: null });
    await app.ready();
    w = await buildSchoolWorld(ctx);
    await ctx.identity.createUser({ login: 't-yucai', name: '赵老师', phone: '13900006666', password: PASSWORD, roles: [{ role: 'teacher', tenantType: 'class', tenantId: w.y7c3 }] });
    as = { ...(await schoolLogins(app)), yucaiTeacher: await logInAs(app, 't-yucai') };
  }, 60_000);
  afterEach(async () => {
    await ctx.messaging.stop?.();
    await app.close();
  });

  const get = (url: string, h: Headers) => app.inject({ url, headers: h });
  const send = (method: 'POST' | 'PUT' | 'DELETE', url: string, h: Headers, payload?: object) => app.inject({ method, url, headers: h, ...(payload ? { payload } : {}) });
  const count = async (table: string) => countRows(ctx.database.db, table);

  async function grade3Group(): Promise<string> {
    const r = await send('POST', `/api/schools/${w.school}/staff-groups`, as.admin, { name: '三年级组', memberIds: [w.wang, w.chen] });
    expect(r.statusCode, r.body).toBe(200);
    return r.json<{ id: string }>().id;
  }

  it("a school admin groups the school's staff; only staff can be members; teachers and parents cannot manage groups", async () => {
    const list = await get(`/api/schools/${w.school}/staff-groups`, as.admin);
    expect(list.json<{ staff: { name: string; phone: string; roles: string[] }[] }>().staff.map((s) => [s.name, s.phone])).toEqual(
      expect.arrayContaining([['王老师', '139****1111'], ['陈老师', '139****1112'], ['刘主任', '139****2222']]),
    );
    expect(list.body).not.toContain('李芳');
    const id = await grade3Group();
    // Members in pinyin order, phones masked.
    const groups = (await get(`/api/schools/${w.school}/staff-groups`, as.admin)).json<{ groups: { name: string; members: { name: string; phone: string }[] }[] }>().groups;
    expect(groups.map((g) => [g.name, g.members.map((m) => `${m.name} ${m.phone}`)])).toEqual([['三年级组', ['陈老师 139****1112', '王老师 139****1111']]]);

    const bad: [object, number, string][] = [
      [{ name: '家长组', memberIds: [w.liFang] }, 400, 'STAFF_GROUP_INVALID'],
      [{ name: '三年级组', memberIds: [w.wang] }, 409, 'STAFF_GROUP_NAME_TAKEN'],
      [{ name: '   ', memberIds: [w.wang] }, 400, 'STAFF_GROUP_INVALID'],
      [{ name: '空组', memberIds: [] }, 400, 'VALIDATION_FAILED'],
      [{ name: '别校组', memberIds: [w.zhangFather] }, 400, 'STAFF_GROUP_INVALID'],
    ];
    for (const [body, status, code] of bad) {
      const r = await send('POST', `/api/schools/${w.school}/staff-groups`, as.admin, body);
      expect([r.statusCode, r.json<{ code: string }>().code], JSON.stringify(body)).toEqual([status, code]);
    }
    expect(await count('staff_groups')).toBe(1);
    expect(await count('staff_group_members')).toBe(2);

    expect((await get(`/api/schools/${w.school}/staff-groups`, as.wang)).statusCode).toBe(403);
    expect((await send('POST', `/api/schools/${w.school}/staff-groups`, as.wang, { name: '我的组', memberIds: [w.wang] })).statusCode).toBe(403);
    expect((await send('PUT', `/api/schools/${w.school}/staff-groups/${id}`, as.liFang, { name: 'x', memberIds: [w.wang] })).statusCode).toBe(403);
    // Another school's admin path does not reach this group.
    expect((await send('DELETE', `/api/schools/${w.otherSchool}/staff-groups/${id}`, as.admin)).statusCode).toBe(403);
    // Renaming and changing members.
    const edit = await send('PUT', `/api/schools/${w.school}/staff-groups/${id}`, as.admin, { name: '三年级教研组', memberIds: [w.wang, w.chen, w.admin] });
    expect(edit.json<{ name: string }>().name).toBe('三年级教研组');
    expect(edit.json<{ members: unknown[] }>().members).toHaveLength(3);
  });

  it("a teacher texts the group: each member's phone gets it, free, once per key; the history shows delivery", async () => {
    const groupId = await grade3Group();
    // Teachers subscribe to nothing: 办公短信 is free and goes anyway.
    expect(await ctx.subscriptions.isSubscribed(PHONES.chen, 'jx')).toBe(false);
    const mine = await get('/api/staff-sms', as.wang);
    expect(mine.json<{ schools: { schoolName: string; groups: { id: string; name: string; members: number }[] }[] }>().schools).toEqual([
      expect.objectContaining({ schoolName: '阳光小学', admin: false, groups: [{ id: groupId, name: '三年级组', members: 2 }] }),
    ]);
    const msg = { groupId, text: '明天下午三点开教研会。', key: 'k-1' };
    const r = await send('POST', '/api/staff-sms', as.wang, msg);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ replay: false, message: { groupName: '三年级组', senderName: '王老师', summary: { recipients: 2 } } });
    await settle();
    expect(sim.received.map((x) => x.to).sort()).toEqual([PHONES.wang, PHONES.chen]);
    expect(sim.received[0]!.text).toContain('王老师（三年级组）：明天下午三点开教研会。');

    const again = await send('POST', '/api/staff-sms', as.wang, msg);
    expect(again.json()).toMatchObject({ replay: true });
    const conflict = await send('POST', '/api/staff-sms', as.wang, { ...msg, text: '改了内容' });
    expect([conflict.statusCode, conflict.json<{ code: string }>().code]).toEqual([409, 'STAFF_SMS_KEY_CONFLICT']);
    await settle();
    expect(sim.received).toHaveLength(2);

    const history = await get('/api/staff-sms', as.admin);
    const m = history.json<{ messages: { summary: { delivered: number }; recipients: { name: string; phone: string; state: string }[] }[] }>().messages;
    expect(m).toHaveLength(1);
    expect(m[0]!.summary.delivered).toBe(2);
    expect(m[0]!.recipients.map((x) => [x.name, x.phone, x.state]).sort()).toEqual([
      ['王老师', '139****1111', 'delivered'],
      ['陈老师', '139****1112', 'delivered'],
    ]);
  });

  it('refuses outsiders and bad input, and sends nothing', async () => {
    const groupId = await grade3Group();
    const cases: [Headers, object, number, string][] = [
      [as.liFang, { groupId, text: '你好', key: 'a' }, 403, 'FORBIDDEN'],
      [as.yucaiTeacher, { groupId, text: '你好', key: 'b' }, 403, 'STAFF_SMS_NOT_STAFF'],
      [as.wang, { groupId, text: '   ', key: 'c' }, 400, 'STAFF_SMS_INVALID'],
      [as.wang, { groupId, text: '长'.repeat(301), key: 'd' }, 400, 'VALIDATION_FAILED'],
      [as.wang, { groupId: 'no-such-group', text: '你好', key: 'e' }, 404, 'STAFF_GROUP_NOT_FOUND'],
      [as.wang, { groupId, text: '你好' }, 400, 'VALIDATION_FAILED'],
      [as.wang, { groupId, text: '你好', key: '带空格 的编号' }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [h, body, status, code] of cases) {
      const r = await send('POST', '/api/staff-sms', h, body);
      expect([r.statusCode, r.json<{ code: string }>().code], JSON.stringify(body)).toEqual([status, code]);
      expect(r.json<{ message: string }>().message).toMatch(/[\u4e00-\u9fa5]/);
    }
    await settle();
    expect(await count('staff_messages')).toBe(0);
    expect(await count('sms_messages')).toBe(0);
    expect(sim.received).toHaveLength(0);
    // A teacher of another school sees none of this school's groups or messages.
    expect((await get('/api/staff-sms', as.yucaiTeacher)).json<{ schools: { groups: unknown[] }[] }>().schools).toEqual([expect.objectContaining({ schoolName: '育才中学', groups: [] })]);
  });
});
