/** A school admin sees the school's gate readers and phones (read-only), never another school's. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { AppContext } from '../../server/src/context';
import { buildHttp } from '../../server/src/http/server';
import type { Http } from '../../server/src/http/types';
import { createTestContext } from '../helpers/context';
import { describeEachDatabase } from '../helpers/db';
import { buildWorld, type World } from '../helpers/world';

describeEachDatabase('school devices', (t) => {
  let ctx: AppContext;
  let app: Http;
  let w: World;
  let keys: string[];

  beforeEach(async () => {
    ctx = await createTestContext(t().database);
    app = await buildHttp(ctx, { consoleDir: null });
    await app.ready();
    w = await buildWorld(ctx, app);
    keys = [
      (await ctx.devices.register({ type: 'gate', name: '东门闸机', tenantType: 'school', tenantId: w.a.school })).key,
      (await ctx.devices.register({ type: 'school_phone', name: '亲情电话', tenantType: 'school', tenantId: w.a.school })).key,
    ];
    await ctx.devices.register({ type: 'gate', name: '北门闸机', tenantType: 'school', tenantId: w.b.school });
  }, 60_000);
  afterEach(async () => {
    await app.close();
  });

  it("lists the school's own devices for its admin, without their keys", async () => {
    const res = await app.inject({ url: `/api/schools/${w.a.school}/devices`, headers: w.as.school_admin });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ items: { name: string; type: string; tenantId: string }[]; total: number }>();
    expect(body.items.map((d) => d.name).sort()).toEqual(['东门闸机', '亲情电话']);
    expect(body.items.every((d) => d.tenantId === w.a.school)).toBe(true);
    for (const key of keys) {
      expect(res.body).not.toContain(key);
    }
  });

  it("refuses another school's admin, a teacher and a parent", async () => {
    expect((await app.inject({ url: `/api/schools/${w.b.school}/devices`, headers: w.as.school_admin })).statusCode).toBe(403);
    expect((await app.inject({ url: `/api/schools/${w.a.school}/devices`, headers: w.as.teacher })).statusCode).toBe(403);
    expect((await app.inject({ url: `/api/schools/${w.a.school}/devices`, headers: w.as.guardian })).statusCode).toBe(403);
    expect((await app.inject({ url: '/api/schools/no-such-school/devices', headers: w.as.operator })).statusCode).toBe(404);
  });
});
