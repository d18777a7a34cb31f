/**
 * 学校设置与校历 over HTTP: a school admin changes gate times and school days and marks
 * holidays and make-up days; bad values are a clear 400 that change nothing; the school's
 * agent may read; a teacher and another school's admin may not.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { AppContext } from '../../server/src/context';
import { buildHttp } from '../../server/src/http/server';
import type { Http } from '../../server/src/http/types';
import type { Role } from '../../server/src/modules/identity';
import { createTestContext } from '../helpers/context';
import { describeEachDatabase } from '../helpers/db';
import { buildWorld, type World } from '../helpers/world';

describeEachDatabase('school settings and calendar over HTTP', (t) => {
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

  const get = (url: string, role: Role = 'school_admin') => app.inject({ url, headers: w.as[role] });
  const put = (url: string, payload: object, role: Role = 'school_admin') => app.inject({ method: 'PUT', url, headers: w.as[role], payload });

  it('shows the defaults, changes only what is sent, and refuses bad values without changing anything', async () => {
    const s = `/api/schools/${w.a.school}/settings`;
    expect((await get(s)).json()).toMatchObject({ gateOpen: '06:00', arriveCutoff: '08:30', familyMinutes: 60, schoolDays: '12345', updatedAt: null });
    const r = await put(s, { gateOpen: '06:30', familyMinutes: 90, schoolDays: '123456' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ gateOpen: '06:30', arriveCutoff: '08:30', familyMinutes: 90, schoolDays: '123456' });
    const bad: [object, RegExp][] = [
      [{ gateOpen: '25:00' }, /开门时间应为 24 小时制/],
      [{ gateOpen: '09:00' }, /到校截止时间应晚于开门时间/],
      [{ familyMinutes: -1 }, /亲情电话分钟数/],
      [{ schoolDays: '1189' }, /上课日/],
      [{ colour: 'red' }, /./],
    ];
    for (const [body, msg] of bad) {
      const b = await put(s, body);
      expect(b.statusCode, JSON.stringify(body)).toBe(400);
      expect(b.json<{ message: string }>().message).toMatch(msg);
    }
    expect((await get(s)).json()).toMatchObject({ gateOpen: '06:30', familyMinutes: 90, schoolDays: '123456' });
  });

  it('marks National Day as holidays and a Sunday as a make-up school day, and clears a mark', async () => {
    const c = `/api/schools/${w.a.school}/calendar`;
    for (let d = 1; d <= 7; d++) {
      expect((await put(`${c}/2026-10-0${d}`, { kind: 'holiday', note: '国庆节' })).json()).toMatchObject({ kind: 'holiday', isSchoolDay: false });
    }
    // 2026-09-27 is a Sunday: a make-up day.
    expect((await put(`${c}/2026-09-27`, { kind: 'school_day', note: '国庆调休' })).json()).toMatchObject({ kind: 'school_day', isSchoolDay: true });
    expect((await put(`${c}/2026-10-07`, { kind: null })).json()).toMatchObject({ kind: null, isSchoolDay: true });
    const list = (await get(`${c}?from=2026-09-01&to=2026-10-31`)).json<{ items: { day: string; kind: string }[] }>();
    expect(list.items.map((d) => `${d.day}:${d.kind}`)).toEqual([
      '2026-09-27:school_day',
      ...[1, 2, 3, 4, 5, 6].map((d) => `2026-10-0${d}:holiday`),
    ]);
    expect(await ctx.school.calendar.isSchoolDay(w.a.school, '2026-10-02')).toBe(false);
    for (const url of [`${c}/2026-02-30`, `${c}/tomorrow`]) {
      const r = await put(url, { kind: 'holiday' });
      expect(r.statusCode).toBe(400);
      expect(r.json<{ message: string }>().message).toMatch(/日期|day 格式/);
    }
    expect((await put(`${c}/2026-10-08`, { kind: 'weekend' })).statusCode).toBe(400);
    expect((await get(`${c}?from=2026-10-31&to=2026-10-01`)).statusCode).toBe(400);
    expect((await get(`${c}?from=2026-01-01`)).statusCode).toBe(400);
  });

  it('keeps settings to the school: a teacher and another school admin neither read nor change; its agent reads', async () => {
    expect((await get(`/api/schools/${w.a.school}/settings`, 'teacher')).statusCode).toBe(403);
    expect((await put(`/api/schools/${w.a.school}/settings`, { familyMinutes: 10 }, 'teacher')).statusCode).toBe(403);
    expect((await get(`/api/schools/${w.b.school}/settings`)).statusCode).toBe(403);
    expect((await put(`/api/schools/${w.b.school}/calendar/2026-10-01`, { kind: 'holiday' })).statusCode).toBe(403);
    expect((await get(`/api/schools/${w.a.school}/settings`, 'agent')).statusCode).toBe(200);
    expect((await put(`/api/schools/${w.a.school}/settings`, { familyMinutes: 10 }, 'agent')).statusCode).toBe(403);
  });
});
