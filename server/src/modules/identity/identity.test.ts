import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../../test/helpers/db';
import { HOUR, MINUTE, TestClock } from '../../platform/clock';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from './deps';
import { identityModule } from './index';
import { SessionCache } from './session-cache';

const school = { role: 'teacher' as const, tenantType: 'class' as const, tenantId: 'c1' };

describeEachDatabase('identity', (t) => {
  const make = () => {
    const clock = new TestClock();
    return { clock, identity: identityModule({ db: t().database.db, clock }) };
  };

  it('creates the first administrator once, with a random password that logs in', async () => {
    const { identity } = make();
    const peer = identityModule({ db: t().peer().db, clock: new TestClock() });
    const [a, b] = await Promise.all([identity.ensureFirstAdmin(), peer.ensureFirstAdmin()]);
    const created = [a, b].filter((x) => x !== null);
    expect(created).toHaveLength(1);
    const admin = created[0]!;
    expect(admin.user.login).toBe('admin');
    expect(admin.password).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(await identity.ensureFirstAdmin()).toBeNull();
    const s = await identity.logIn({ login: 'admin', password: admin.password });
    expect(s.user.roles).toEqual([{ role: 'operator', title: '运营商管理员', tenantType: 'platform', tenantId: 'platform' }]);
    // Generated passwords are random, not a default.
    expect(admin.password).not.toBe((await identity.createUser({ login: 'other', name: '另一个', roles: [school] })).password);
  });

  it('refuses bad user input with a clear error and writes nothing', async () => {
    const { identity } = make();
    const cases: [Parameters<typeof identity.createUser>[0], string][] = [
      [{ login: 'a', name: '张三', roles: [school] }, 'USER_INVALID'],
      [{ login: 'zhang san', name: '张三', roles: [school] }, 'USER_INVALID'],
      [{ login: 'zhangsan', name: '  ', roles: [school] }, 'USER_INVALID'],
      [{ login: 'zhangsan', name: '张三', phone: '12345', roles: [school] }, 'USER_INVALID'],
      [{ login: 'zhangsan', name: '张三', roles: [] }, 'USER_INVALID'],
      [{ login: 'zhangsan', name: '张三', roles: [{ ...school, role: 'king' as never }] }, 'USER_INVALID'],
      [{ login: 'zhangsan', name: '张三', password: 'short1', roles: [school] }, 'PASSWORD_TOO_WEAK'],
      [{ login: 'zhangsan', name: '张三', password: 'onlyletterslong', roles: [school] }, 'PASSWORD_TOO_WEAK'],
    ];
    for (const [opts, code] of cases) {
      await expect(identity.createUser(opts)).rejects.toMatchObject({ code });
    }
    await expect(identity.logIn({ login: 'zhangsan', password: 'x' })).rejects.toMatchObject({ code: 'AUTH_INVALID_CREDENTIALS' });
    await identity.createUser({ login: 'zhangsan', name: '张三', roles: [school] });
    await expect(identity.createUser({ login: 'zhangsan', name: '李四', roles: [school] })).rejects.toMatchObject({ code: 'USER_LOGIN_TAKEN' });
  });

  it('says the same thing for an unknown account and a wrong password', async () => {
    const { identity } = make();
    await identity.createUser({ login: 'wang', name: '王老师', password: 'Correct-horse-9', roles: [school] });
    const unknown = await identity.logIn({ login: 'nobody', password: 'Correct-horse-9' }).catch((e: Error) => e);
    const wrong = await identity.logIn({ login: 'wang', password: 'Wrong-horse-9' }).catch((e: Error) => e);
    expect(unknown).toMatchObject({ code: 'AUTH_INVALID_CREDENTIALS', message: '账号或密码错误' });
    expect(wrong).toMatchObject({ code: 'AUTH_INVALID_CREDENTIALS', message: '账号或密码错误' });
  });

  it('ends a session after 2 idle hours, after 12 hours in any case, and at log-out', async () => {
    const { identity, clock } = make();
    await identity.createUser({ login: 'wang', name: '王老师', password: 'Correct-horse-9', roles: [school] });
    const s = await identity.logIn({ login: 'wang', password: 'Correct-horse-9' });
    expect(await identity.resolveSession({ token: s.sessionToken })).toMatchObject({ user: { login: 'wang' }, csrfToken: s.csrfToken });
    expect(await identity.resolveSession({ token: `${s.sessionToken}x` })).toBeNull();

    clock.advance(SESSION_IDLE_MS + 1);
    expect(await identity.resolveSession({ token: s.sessionToken })).toBeNull();

    const s2 = await identity.logIn({ login: 'wang', password: 'Correct-horse-9' });
    for (let elapsed = 0; elapsed < SESSION_ABSOLUTE_MS - HOUR; elapsed += HOUR) {
      clock.advance(HOUR);
      expect(await identity.resolveSession({ token: s2.sessionToken })).not.toBeNull();
    }
    clock.advance(HOUR);
    expect(await identity.resolveSession({ token: s2.sessionToken })).toBeNull();

    const s3 = await identity.logIn({ login: 'wang', password: 'Correct-horse-9' });
    await identity.logOut({ token: s3.sessionToken });
    expect(await identity.resolveSession({ token: s3.sessionToken })).toBeNull();
  });

  it('a password reset ends every session and only the new password works', async () => {
    const { identity, clock } = make();
    await identity.createUser({ login: 'wang', name: '王老师', password: 'Correct-horse-9', roles: [school] });
    const s = await identity.logIn({ login: 'wang', password: 'Correct-horse-9' });
    clock.advance(MINUTE);
    const r = await identity.resetPassword({ login: 'wang' });
    expect(r.sessionsEnded).toBe(1);
    expect(await identity.resolveSession({ token: s.sessionToken })).toBeNull();
    await expect(identity.logIn({ login: 'wang', password: 'Correct-horse-9' })).rejects.toMatchObject({ code: 'AUTH_INVALID_CREDENTIALS' });
    await identity.logIn({ login: 'wang', password: r.password });
    await expect(identity.resetPassword({ login: 'ghost' })).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
  });

  it('purges sessions that ended more than a week ago', async () => {
    const { identity, clock } = make();
    await identity.createUser({ login: 'wang', name: '王老师', password: 'Correct-horse-9', roles: [school] });
    await identity.logIn({ login: 'wang', password: 'Correct-horse-9' });
    expect(await identity.purgeSessions()).toBe(0);
    clock.advance(SESSION_ABSOLUTE_MS + 8 * 24 * HOUR);
    expect(await identity.purgeSessions()).toBe(1);
  });

  it('keeps a resolved session for a second: its own changes are seen at once, a change by hand within the second', async () => {
    const clock = new TestClock();
    const identity = identityModule({ db: t().database.db, clock }, { sessionCacheMs: 300 });
    const { user } = await identity.createUser({ login: 'wang', name: '王老师', password: 'Correct-horse-9', roles: [school] });
    const s = await identity.logIn({ login: 'wang', password: 'Correct-horse-9' });
    expect((await identity.resolveSession({ token: s.sessionToken }))?.user.roles).toHaveLength(1);

    // A grant added through the module: the next request sees it.
    await identity.addGrant(user.id, { ...school, tenantId: 'c2' });
    expect((await identity.resolveSession({ token: s.sessionToken }))?.user.roles.map((r) => r.tenantId)).toEqual(['c1', 'c2']);

    // A session ended by hand (or by another server): served from the cache for at most the second.
    await sql`update sessions set revoked_at = ${clock.now()}`.execute(t().database.db);
    expect(await identity.resolveSession({ token: s.sessionToken })).not.toBeNull();
    await new Promise((r) => setTimeout(r, 350));
    expect(await identity.resolveSession({ token: s.sessionToken })).toBeNull();

    // Expiry is checked on every hit, against the business clock.
    const s2 = await identity.logIn({ login: 'wang', password: 'Correct-horse-9' });
    expect(await identity.resolveSession({ token: s2.sessionToken })).not.toBeNull();
    clock.advance(SESSION_ABSOLUTE_MS);
    expect(await identity.resolveSession({ token: s2.sessionToken })).toBeNull();

    // Disabled through the module: at once.
    const s3 = await identity.logIn({ login: 'wang', password: 'Correct-horse-9' });
    expect(await identity.resolveSession({ token: s3.sessionToken })).not.toBeNull();
    await identity.setStatus(user.id, 'disabled');
    expect(await identity.resolveSession({ token: s3.sessionToken })).toBeNull();
  });

  it('a session cache of 0 ms reads the database every time', async () => {
    const clock = new TestClock();
    const identity = identityModule({ db: t().database.db, clock }, { sessionCacheMs: 0 });
    await identity.createUser({ login: 'wang', name: '王老师', password: 'Correct-horse-9', roles: [school] });
    const s = await identity.logIn({ login: 'wang', password: 'Correct-horse-9' });
    expect(await identity.resolveSession({ token: s.sessionToken })).not.toBeNull();
    await sql`update sessions set revoked_at = ${clock.now()}`.execute(t().database.db);
    expect(await identity.resolveSession({ token: s.sessionToken })).toBeNull();
  });
});

describe('SessionCache', () => {
  const entry = { session: { user: { id: 'u', login: 'u', name: 'u', roles: [] }, csrfToken: 'c', expiresAt: 1 }, lastSeenAt: 0 };

  it('keeps nothing read before a change', () => {
    let now = 0;
    const cache = new SessionCache(1_000, 10, () => now);
    const ticket = cache.ticket();
    cache.clear();
    cache.set('a', entry, ticket);
    expect(cache.get('a')).toBeNull();
    cache.set('a', entry, cache.ticket());
    expect(cache.get('a')).toBe(entry);
    now = 999;
    expect(cache.get('a')).toBe(entry);
    now = 1_000;
    expect(cache.get('a')).toBeNull();
  });

  it('holds at most its size, the oldest out first', () => {
    const cache = new SessionCache(1_000, 2, () => 0);
    for (const k of ['a', 'b', 'c']) {
      cache.set(k, entry, cache.ticket());
    }
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([null, entry, entry]);
  });
});
