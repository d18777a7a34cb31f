import { expect, it } from 'vitest';
import { loadDemoData } from '../../server/src/demo';
import { createTestContext } from '../helpers/context';
import { describeEachDatabase } from '../helpers/db';

describeEachDatabase('demo data', (t) => {
  it('loads once on first start, even when two processes start together', async () => {
    const a = await createTestContext(t().database);
    const b = await createTestContext(t().peer());
    const [ra, rb] = await Promise.all([loadDemoData(a, { force: false }), loadDemoData(b, { force: false })]);
    expect([ra.loaded, rb.loaded].filter(Boolean)).toHaveLength(1);
    const loaded = ra.loaded ? ra : rb;
    expect(loaded.accounts.map((x) => x.login)).toEqual(['demo-teacher']);
    const teacher = loaded.accounts[0]!;
    await expect(a.identity.logIn({ login: teacher.login, password: teacher.password })).resolves.toMatchObject({
      user: { name: '王老师', roles: [{ role: 'teacher', title: '教师' }] },
    });
    const names = (await a.jobs.list(a.database.db)).items.map((j) => j.name);
    expect(names.filter((n) => !n.startsWith('messaging.')).sort()).toEqual(['identity.purge-sessions', 'platform.purge-finished-jobs']);
    // SMS demo: two MOs to route — once (the messages wait in the outbox for the dispatcher).
    expect(names.filter((n) => n === 'messaging.route-mo')).toHaveLength(2);
    expect((await loadDemoData(a, { force: false })).loaded).toBe(false);
  });

  it('reloads on demand with new demo passwords', async () => {
    const ctx = await createTestContext(t().database);
    const first = await loadDemoData(ctx, { force: false });
    const again = await loadDemoData(ctx, { force: true });
    expect(again.loaded).toBe(true);
    expect(again.accounts[0]!.password).not.toBe(first.accounts[0]!.password);
    await expect(ctx.identity.logIn({ login: 'demo-teacher', password: first.accounts[0]!.password })).rejects.toMatchObject({
      code: 'AUTH_INVALID_CREDENTIALS',
    });
    await ctx.identity.logIn({ login: 'demo-teacher', password: again.accounts[0]!.password });
  });
});
