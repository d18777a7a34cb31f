/**
 * Devices over HTTP: operators register, list, rotate keys, disable and enable; devices sign
 * every request (HMAC over method, path, timestamp, nonce and body hash) and each refusal
 * says why. Cookies never open a device route, signatures never open an admin route.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { AppContext } from '../../server/src/context';
import { DEMO_DEVICES, loadDeviceDemo } from '../../server/src/demo/devices.demo';
import { buildHttp } from '../../server/src/http/server';
import type { Http } from '../../server/src/http/types';
import { deviceRequestHeaders } from '../../server/src/modules/devices';
import type { TestClock } from '../../server/src/platform/clock';
import { createTestContext } from '../helpers/context';
import { countRows, describeEachDatabase } from '../helpers/db';

const MINUTE = 60_000;
const HEARTBEAT = '/api/device/heartbeat';

interface DeviceOut {
  id: string;
  type: string;
  name: string;
  status: string;
  tenantType: string;
  tenantId: string;
  firmware: string | null;
  lastSeenAt: string | null;
  lastIp: string | null;
  previousKeyValidUntil: string | null;
}

describeEachDatabase('devices over HTTP', (t) => {
  let ctx: AppContext & { clock: TestClock };
  let app: Http;
  let op: Record<string, string>;
  let school = '';
  let outlet = '';

  const logIn = async (login: string, password: string) => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login, password } });
    expect(res.statusCode).toBe(200);
    return { cookie: res.cookies.map((c) => `${c.name}=${c.value}`).join('; '), 'x-csrf-token': res.json<{ csrfToken: string }>().csrfToken };
  };

  beforeEach(async () => {
    ctx = await createTestContext(t().database);
    const admin = await ctx.identity.ensureFirstAdmin();
    app = await buildHttp(ctx, { consoleDir: null });
    await app.ready();
    op = await logIn('admin', admin!.password);
    // Devices are registered in tenants that exist.
    const agency = (await ctx.org.createAgency({ code: 'AG1', name: '通达代理' })).id;
    school = (await ctx.org.createSchool({ agencyId: agency, code: 'SCH1', name: '阳光小学' })).id;
    outlet = (await ctx.org.createOutlet({ agencyId: agency, code: 'OUT1', name: '城关网点' })).id;
  });
  afterEach(async () => {
    await app.close();
  });

  const post = (url: string, payload?: unknown, headers = op) => app.inject({ method: 'POST', url, ...(payload === undefined ? {} : { payload: payload as object }), headers });
  const get = (url: string, headers = op) => app.inject({ url, headers });
  const rows = async (table: string) => countRows(ctx.database.db, table);

  const register = async (body: Record<string, string> = { type: 'gate', name: '东门闸机', tenantType: 'school', tenantId: school }) => {
    const r = await post('/api/devices', body);
    expect(r.statusCode, r.body).toBe(200);
    return r.json<{ device: DeviceOut; key: string }>();
  };

  /** A signed request; `send*` change what goes on the wire after signing (tampering). */
  const call = (o: {
    id: string;
    key: string;
    method?: 'GET' | 'POST';
    path?: string;
    body?: string;
    timestamp?: number;
    nonce?: string;
    sendPath?: string;
    sendBody?: string;
    extra?: Record<string, string>;
  }) => {
    const method = o.method ?? 'POST';
    const path = o.path ?? HEARTBEAT;
    const body = method === 'GET' ? undefined : (o.body ?? '{}');
    const headers = deviceRequestHeaders({ deviceId: o.id, key: o.key, method, path, body, timestamp: o.timestamp ?? ctx.clock.now(), nonce: o.nonce ?? randomUUID() });
    const payload = o.sendBody ?? body;
    return app.inject({
      method,
      url: o.sendPath ?? path,
      headers: { ...headers, ...(payload === undefined ? {} : { 'content-type': 'application/json' }), ...o.extra },
      ...(payload === undefined ? {} : { payload }),
    });
  };

  const refused = (r: { statusCode: number; json: () => unknown }, reason: string) => {
    expect(r.statusCode).toBe(401);
    expect(r.json()).toMatchObject({ code: 'DEVICE_AUTH_FAILED', details: { reason } });
  };

  it('a signed heartbeat is accepted and updates the device\'s last-seen time and firmware', async () => {
    const { device, key } = await register();
    expect(device).toMatchObject({ type: 'gate', name: '东门闸机', tenantType: 'school', tenantId: school, status: 'active', lastSeenAt: null });
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);

    ctx.clock.advance(90_000);
    const r = await call({ id: device.id, key, body: JSON.stringify({ firmware: 'G2-1.4.0', status: '正常' }) });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ deviceId: device.id, serverTime: new Date(ctx.clock.now()).toISOString(), serverTimeMs: ctx.clock.now() });

    const after = (await get(`/api/devices/${device.id}`)).json<{ device: DeviceOut }>().device;
    expect(after).toMatchObject({ lastSeenAt: new Date(ctx.clock.now()).toISOString(), firmware: 'G2-1.4.0', lastIp: '127.0.0.1' });
    // A bad body from a signed device is a 400, not a 401; nothing else changes.
    const bad = await call({ id: device.id, key, body: JSON.stringify({ firmware: 42 }) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    const malformed = await call({ id: device.id, key, body: '{"firmware":' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ code: 'BAD_REQUEST', message: '请求体不是有效的 JSON' });
  });

  it('accepts a timestamp up to 5 minutes off either way and refuses 5 minutes and 1 ms', async () => {
    const { device, key } = await register();
    const now = ctx.clock.now();
    refused(await call({ id: device.id, key, timestamp: now - 5 * MINUTE - 1 }), 'stale_timestamp');
    const future = await call({ id: device.id, key, timestamp: now + 5 * MINUTE + 1 });
    refused(future, 'stale_timestamp');
    expect(future.json()).toMatchObject({ message: '请求时间与服务器时间相差超过 5 分钟，请校准设备时钟', details: { serverTime: now, skewMs: -5 * MINUTE - 1 } });
    expect((await call({ id: device.id, key, timestamp: now - 4 * MINUTE - 59_000 })).statusCode).toBe(200);
    expect((await call({ id: device.id, key, timestamp: now + 4 * MINUTE + 59_000 })).statusCode).toBe(200);
    expect((await call({ id: device.id, key, timestamp: now - 5 * MINUTE })).statusCode).toBe(200);
  });

  it('refuses a replayed nonce, and forgets nonces once the window has passed', async () => {
    const { device, key } = await register();
    const nonce = randomUUID();
    const timestamp = ctx.clock.now();
    expect((await call({ id: device.id, key, nonce, timestamp })).statusCode).toBe(200);
    const replay = await call({ id: device.id, key, nonce, timestamp });
    refused(replay, 'nonce_reused');
    expect(replay.json()).toMatchObject({ message: '请求随机串（X-Nonce）已使用过，疑似重放的请求' });
    // Two copies at once: exactly one is accepted (the nonce's primary key decides).
    const twin = randomUUID();
    const both = await Promise.all([call({ id: device.id, key, nonce: twin, timestamp }), call({ id: device.id, key, nonce: twin, timestamp })]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 401]);
    expect(await rows('device_nonces')).toBe(2);

    ctx.clock.advance(10 * MINUTE);
    expect(await ctx.devices.purgeNonces()).toBe(0);
    ctx.clock.advance(1);
    expect(await ctx.devices.purgeNonces()).toBe(2);
    // The old request is refused by its timestamp now, not by its nonce.
    refused(await call({ id: device.id, key, nonce, timestamp }), 'stale_timestamp');
  });

  it('refuses tampering, a wrong key, unknown and disabled devices, each with its reason', async () => {
    const { device, key } = await register();
    const other = await register({ type: 'pos', name: '收银台1', tenantType: 'outlet', tenantId: outlet });

    refused(await call({ id: device.id, key, body: '{"firmware":"1.0"}', sendBody: '{"firmware":"6.6"}' }), 'bad_signature');
    refused(await call({ id: device.id, key, path: HEARTBEAT, sendPath: `${HEARTBEAT}?x=1` }), 'bad_signature');
    refused(await call({ id: device.id, key: other.key }), 'bad_signature');
    const unknown = await call({ id: '0190f000-0000-7000-8000-000000000000', key });
    refused(unknown, 'unknown_device');
    expect(unknown.json()).toMatchObject({ message: '设备未注册' });

    // Headers missing or malformed.
    refused(await app.inject({ method: 'POST', url: HEARTBEAT, payload: {} }), 'missing_headers');
    refused(await call({ id: device.id, key, extra: { 'x-signature': 'zz' } }), 'bad_headers');
    refused(await call({ id: device.id, key, nonce: 'short' }), 'bad_headers');
    refused(await call({ id: device.id, key, extra: { 'x-timestamp': '2026-09-01T00:00:00Z' } }), 'bad_headers');
    // A refused request is refused before its body is read as JSON: no hint about the schema.
    refused(await call({ id: device.id, key: other.key, body: '{"firmware":' }), 'bad_signature');

    expect((await post(`/api/devices/${device.id}/disable`)).json()).toMatchObject({ device: { status: 'disabled' } });
    const disabled = await call({ id: device.id, key });
    refused(disabled, 'device_disabled');
    expect(disabled.json()).toMatchObject({ message: '设备已停用，请联系运营商' });
    expect((await get(`/api/devices?status=disabled`)).json()).toMatchObject({ total: 1, items: [{ id: device.id }] });
    expect((await post(`/api/devices/${device.id}/enable`)).json()).toMatchObject({ device: { status: 'active' } });
    expect((await call({ id: device.id, key })).statusCode).toBe(200);
    // Nothing refused left a nonce or a last-seen time behind.
    expect(await rows('device_nonces')).toBe(1);
    expect((await get(`/api/devices/${other.device.id}`)).json()).toMatchObject({ device: { lastSeenAt: null } });
  });

  it('after a key rotation the old key works for 10 minutes and not after', async () => {
    const { device, key: oldKey } = await register();
    const r = await post(`/api/devices/${device.id}/rotate-key`);
    expect(r.statusCode).toBe(200);
    const rotated = r.json<{ device: DeviceOut; key: string; previousKeyValidUntil: string }>();
    expect(rotated.key).not.toBe(oldKey);
    const graceEnd = ctx.clock.now() + 10 * MINUTE;
    expect(rotated.previousKeyValidUntil).toBe(new Date(graceEnd).toISOString());
    expect(rotated.device.previousKeyValidUntil).toBe(rotated.previousKeyValidUntil);

    expect((await call({ id: device.id, key: rotated.key })).statusCode).toBe(200);
    expect((await call({ id: device.id, key: oldKey })).statusCode).toBe(200);
    ctx.clock.set(graceEnd - 1);
    expect((await call({ id: device.id, key: oldKey })).statusCode).toBe(200);
    ctx.clock.set(graceEnd);
    refused(await call({ id: device.id, key: oldKey }), 'bad_signature');
    expect((await call({ id: device.id, key: rotated.key })).statusCode).toBe(200);
    expect((await get(`/api/devices/${device.id}`)).json()).toMatchObject({ device: { previousKeyValidUntil: null } });

    // Rotating twice: the first key stops at once, the second gets the grace.
    const second = (await post(`/api/devices/${device.id}/rotate-key`)).json<{ key: string }>();
    const third = (await post(`/api/devices/${device.id}/rotate-key`)).json<{ key: string }>();
    refused(await call({ id: device.id, key: rotated.key }), 'bad_signature');
    expect((await call({ id: device.id, key: second.key })).statusCode).toBe(200);
    expect((await call({ id: device.id, key: third.key })).statusCode).toBe(200);
    expect((await post('/api/devices/nope-nope/rotate-key')).statusCode).toBe(404);
  });

  it('a console session cannot call a device route, and a signed device cannot call an admin route', async () => {
    const { device, key } = await register();
    const cookie = await app.inject({ method: 'POST', url: HEARTBEAT, payload: {}, headers: op });
    refused(cookie, 'missing_headers');
    const admin = await call({ id: device.id, key, method: 'GET', path: '/api/devices' });
    expect(admin.statusCode).toBe(401);
    expect(admin.json()).toMatchObject({ code: 'AUTH_REQUIRED' });
    const register2 = await call({ id: device.id, key, path: '/api/devices', body: JSON.stringify({ type: 'gate', name: 'x', tenantType: 'school', tenantId: 's' }) });
    expect(register2.statusCode).toBe(401);
    expect(await rows('devices')).toBe(1);
  });

  it('admin routes: operators only; bad input is a 400 that writes nothing; keys never come back', async () => {
    await ctx.identity.createUser({ login: 'wang', name: '王老师', password: 'Teacher-pass-1', roles: [{ role: 'school_admin', tenantType: 'school', tenantId: school }] });
    const sa = await logIn('wang', 'Teacher-pass-1');
    expect((await get('/api/devices', sa)).statusCode).toBe(403);
    expect((await post('/api/devices', { type: 'gate', name: '东门闸机', tenantType: 'school', tenantId: school }, sa)).statusCode).toBe(403);
    expect((await app.inject('/api/devices')).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/api/devices', headers: { cookie: op.cookie! }, payload: { type: 'gate', name: 'x', tenantType: 'school', tenantId: 's' } })).json()).toMatchObject({
      code: 'CSRF_INVALID',
    });

    const good = { type: 'gate', name: '东门闸机', tenantType: 'school', tenantId: school };
    const cases: [unknown, string][] = [
      [{ ...good, type: 'toaster' }, 'VALIDATION_FAILED'],
      [{ ...good, name: '' }, 'VALIDATION_FAILED'],
      [{ ...good, name: '闸'.repeat(41) }, 'VALIDATION_FAILED'],
      [{ ...good, name: '   ' }, 'DEVICE_INVALID'],
      [{ ...good, tenantType: 'planet' }, 'VALIDATION_FAILED'],
      [{ ...good, tenantType: 'platform', tenantId: school }, 'DEVICE_INVALID'],
      [{ ...good, key: 'my-own-key-my-own-key-my-own-key-1234' }, 'VALIDATION_FAILED'],
      [{ type: 'gate', name: '东门闸机' }, 'VALIDATION_FAILED'],
      [{ ...good, name: 7 }, 'VALIDATION_FAILED'],
    ];
    for (const [body, code] of cases) {
      const r = await post('/api/devices', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json(), JSON.stringify(body)).toMatchObject({ code });
    }
    expect((await post('/api/devices', { ...good, name: '   ' })).json()).toMatchObject({ message: '设备名称不能为空，且不超过 40 个字', details: { field: 'name' } });
    expect((await get('/api/devices?type=toaster')).statusCode).toBe(400);
    const nowhere = await post('/api/devices', { ...good, tenantId: 'no-such-school' });
    expect(nowhere.statusCode).toBe(404);
    expect(nowhere.json()).toMatchObject({ code: 'SCHOOL_NOT_FOUND' });
    expect(await rows('devices')).toBe(0);

    const a = await register();
    ctx.clock.advance(1000);
    const b = await register({ type: 'callback', name: '工行回调', tenantType: 'platform', tenantId: 'platform' });
    ctx.clock.advance(1000);
    const c = await register({ type: 'pos', name: '收银台1', tenantType: 'outlet', tenantId: outlet });
    const rotated = (await post(`/api/devices/${c.device.id}/rotate-key`)).json<{ key: string }>();
    const keys = [a.key, b.key, c.key, rotated.key];

    const list = await get('/api/devices');
    expect(list.json()).toMatchObject({ total: 3, items: [{ id: c.device.id }, { id: b.device.id }, { id: a.device.id }] });
    expect((await get('/api/devices?type=pos')).json()).toMatchObject({ total: 1, items: [{ name: '收银台1' }] });
    expect((await get(`/api/devices?tenantType=school&tenantId=${school}`)).json()).toMatchObject({ total: 1, items: [{ id: a.device.id }] });
    expect((await get('/api/devices?limit=1&offset=1')).json()).toMatchObject({ total: 3, items: [{ id: b.device.id }] });
    const reads = [list, await get(`/api/devices/${a.device.id}`), await get(`/api/devices/${c.device.id}`), await post(`/api/devices/${a.device.id}/disable`), await post(`/api/devices/${a.device.id}/enable`)];
    for (const r of reads) {
      expect(r.statusCode).toBe(200);
      for (const key of keys) {
        expect(r.body).not.toContain(key);
      }
      expect(r.body).not.toMatch(/secret|"key"/);
    }
    expect((await get('/api/devices/nope-nope')).json()).toMatchObject({ code: 'DEVICE_NOT_FOUND', message: '设备不存在' });
    expect((await post('/api/devices/nope-nope/disable')).statusCode).toBe(404);
  });

  it('demo devices: three with fixed keys that work, loaded twice without harm', async () => {
    await loadDeviceDemo(ctx, { schoolId: 'demo-school', outletId: 'demo-outlet' });
    await loadDeviceDemo(ctx, { schoolId: 'demo-school', outletId: 'demo-outlet' });
    const list = (await get('/api/devices')).json<{ items: DeviceOut[]; total: number }>();
    expect(list.total).toBe(3);
    expect(list.items.map((d) => [d.name, d.type, d.tenantType, d.tenantId]).sort()).toEqual([
      ['东门闸机', 'gate', 'school', 'demo-school'],
      ['亲情电话', 'school_phone', 'school', 'demo-school'],
      ['收银台1', 'pos', 'outlet', 'demo-outlet'],
    ].sort());
    for (const d of DEMO_DEVICES) {
      expect((await call({ id: d.id, key: d.key })).json()).toMatchObject({ deviceId: d.id });
    }
  });

  it('refuses a body over the size limit before reading all of it', async () => {
    const { device, key } = await register();
    const body = JSON.stringify({ status: 'x'.repeat(1024 * 1024 + 10) });
    const r = await call({ id: device.id, key, body });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });
});
