/**
 * Personal data: a guardian downloads everything held about them; an operator anonymises a
 * person who left, and what stays (ids in the audit log, counts of SMS) names nobody.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { AppContext } from '../../server/src/context';
import { buildHttp } from '../../server/src/http/server';
import type { Http } from '../../server/src/http/types';
import type { PersonalDataExport } from '../../server/src/flows/privacy.flow';
import { searchAudit } from '../../server/src/platform/audit';
import type { TestClock } from '../../server/src/platform/clock';
import { createTestContext } from '../helpers/context';
import { describeEachDatabase } from '../helpers/db';
import { buildWorld, type World } from '../helpers/world';

const MUM = '13700000006'; // the world's guardian (see test/helpers/world.ts: phones in role order)

describeEachDatabase('personal data', (t) => {
  let ctx: AppContext & { clock: TestClock };
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

  const smsTo = async (n: string) => (await ctx.messaging.personalData(n)).messages;

  it('lets a person download what is held about them, and nobody else', async () => {
    expect((await ctx.identity.getPerson(w.userIds.guardian)).phone).toBe(MUM);
    await ctx.messaging.send({ to: MUM, text: '您的孩子学生A已于07:42到校。', class: 'notice', service: 'safety', key: 'p1' });
    expect((await app.inject({ method: 'PUT', url: `/api/students/${w.a.student}/limits`, headers: w.as.guardian, payload: { daily: 2_000, single: null } })).statusCode).toBe(200);
    await app.flushAudit();

    const r = await app.inject({ url: '/api/auth/my-data', headers: w.as.guardian });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-disposition']).toMatch(/^attachment; filename="yikatong-my-data-\d{4}-\d{2}-\d{2}\.json"$/);
    const data = r.json<PersonalDataExport>();
    expect(data).toMatchObject({
      identity: { profile: { id: w.userIds.guardian, phone: MUM }, roles: [{ role: 'guardian', title: '家长', tenantId: w.a.student }] },
      children: [{ name: '学生A', school: '学校A', class: '三年级A班' }],
      sms: { messages: [{ text: '【一卡通】您的孩子学生A已于07:42到校。', service: 'safety' }] },
    });
    expect(data.identity.sessions.length).toBeGreaterThan(0);
    expect(data.actions).toContainEqual(expect.objectContaining({ action: 'student.limits', result: 'ok' }));
    // Nothing of another family's.
    expect(JSON.stringify(data)).not.toContain('学生B');
    expect((await app.inject({ url: '/api/auth/my-data' })).statusCode).toBe(401);
  });

  it('anonymises a person who left: name, number, roles, sessions and texts go; ids stay', async () => {
    await ctx.messaging.send({ to: MUM, text: '家长会通知', class: 'notice', service: 'jx', key: 'p2' });
    await app.inject({ method: 'PUT', url: `/api/students/${w.a.student}/limits`, headers: w.as.guardian, payload: { daily: 2_000, single: null } });
    await app.flushAudit();
    const url = `/api/users/${w.userIds.guardian}/anonymise`;

    // Refused without confirmation, and to anyone but an operator; nothing changes.
    expect((await app.inject({ method: 'POST', url, headers: w.as.operator, payload: {} })).statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url, headers: w.as.support, payload: { confirm: true } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url, headers: w.as.school_admin, payload: { confirm: true } })).statusCode).toBe(403);
    expect((await ctx.identity.getPerson(w.userIds.guardian)).phone).toBe(MUM);

    const r = await app.inject({ method: 'POST', url, headers: w.as.operator, payload: { confirm: true } });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ messages: 1, mo: 0 });
    const p = await ctx.identity.getPerson(w.userIds.guardian);
    expect(p).toMatchObject({ name: '已注销用户', phone: null, status: 'disabled', roles: [] });
    expect(p.login).toMatch(/^anon-[0-9a-f]{12}$/);
    // Their session is over, the number holds nothing, and the message counts remain under a pseudonym.
    expect((await app.inject({ url: '/api/students', headers: w.as.guardian })).statusCode).toBe(401);
    expect(await smsTo(MUM)).toEqual([]);
    const sms = await ctx.messaging.searchMessages({ service: 'jx' });
    expect(sms.items).toHaveLength(1);
    expect(sms.items[0]).toMatchObject({ text: '（已匿名化）' });
    expect(sms.items[0]!.to).toMatch(/^anon:[0-9a-f]{16}$/);
    // The audit log still holds their actions, by id.
    const audit = await searchAudit(ctx.database.db, { actorIds: [w.userIds.guardian] });
    expect(audit.items.map((a) => a.action)).toContain('student.limits');
    // Twice is refused, and so is bringing them back or giving them roles.
    expect((await app.inject({ method: 'POST', url, headers: w.as.operator, payload: { confirm: true } })).statusCode).toBe(400);
    const revive = await app.inject({ method: 'POST', url: `/api/users/${w.userIds.guardian}/enable`, headers: w.as.operator });
    expect(revive.statusCode).toBe(400);
    expect(revive.json()).toMatchObject({ message: '此人已匿名化，不能再更改' });
    const roles = await app.inject({ method: 'PUT', url: `/api/users/${w.userIds.guardian}/roles`, headers: w.as.operator, payload: { roles: [{ role: 'guardian', tenantType: 'student', tenantId: w.a.student }] } });
    expect(roles.statusCode).toBe(400);
    expect((await ctx.identity.getPerson(w.userIds.guardian)).roles).toEqual([]);
  });

  it('does not send what was still queued for the number', async () => {
    await ctx.messaging.send({ to: MUM, text: '明早到校', class: 'notice', service: 'jx', key: 'p3', notBefore: ctx.clock.now() + 3_600_000 });
    await app.inject({ method: 'POST', url: `/api/users/${w.userIds.guardian}/anonymise`, headers: w.as.operator, payload: { confirm: true } });
    ctx.clock.advance(4 * 3_600_000);
    await ctx.messaging.dispatchDue();
    const sms = await ctx.messaging.searchMessages({ service: 'jx' });
    expect(sms.items[0]).toMatchObject({ status: 'blocked', reason: '号码已匿名化' });
    expect(ctx.smsSim!.received.filter((m) => m.text.includes('明早到校'))).toEqual([]);
  });
});
