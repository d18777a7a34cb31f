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
    // One account per role below the operator (README lists them and how each logs in).
    expect(loaded.accounts.map((x) => `${x.role} ${x.login}`)).toEqual([
      'support demo-support',
      'agent demo-agent',
      'agent demo-agent2',
      'clerk demo-clerk',
      'school_admin demo-school-admin',
      'teacher demo-teacher',
      'guardian 13900003333',
      'teacher demo-teacher2',
      'guardian 13900004444',
      'student demo-student',
    ]);
    for (const acc of loaded.accounts) {
      await expect(a.identity.logIn({ login: acc.login, password: acc.password })).resolves.toMatchObject({ user: { login: acc.login } });
    }
    const teacher = loaded.accounts.find((x) => x.login === 'demo-teacher')!;
    // A head teacher at one school who is a parent at another: one person, two roles.
    await expect(a.identity.logIn({ login: teacher.login, password: teacher.password })).resolves.toMatchObject({
      user: { name: '王老师' },
    });
    expect((await a.identity.findPersonByPhone('13900001111'))!.roles.map((r) => `${r.role}@${r.tenantType}`).sort()).toEqual(['guardian@student', 'teacher@class']);
    const names = (await a.jobs.list(a.database.db)).items.map((j) => j.name);
    expect(names.filter((n) => !n.startsWith('messaging.') && !n.startsWith('school.')).sort()).toEqual(['identity.purge-sessions', 'platform.purge-finished-jobs']);
    expect((await a.org.listSchools({ grants: [{ role: 'operator', tenantType: 'platform', tenantId: 'platform' }] })).items.map((x) => x.name)).toEqual(['育才中学', '阳光小学']);
    // SMS demo: two MOs to route — once (the messages wait in the outbox for the dispatcher).
    expect(names.filter((n) => n === 'messaging.route-mo')).toHaveLength(2);
    expect((await loadDemoData(a, { force: false })).loaded).toBe(false);
  });

  it('reloads on demand with new demo passwords', async () => {
    const ctx = await createTestContext(t().database);
    const first = await loadDemoData(ctx, { force: false });
    const again = await loadDemoData(ctx, { force: true });
    expect(again.loaded).toBe(true);
    const pw = (r: typeof first) => r.accounts.find((x) => x.login === 'demo-teacher')!.password;
    expect(pw(again)).not.toBe(pw(first));
    await expect(ctx.identity.logIn({ login: 'demo-teacher', password: pw(first) })).rejects.toMatchObject({
      code: 'AUTH_INVALID_CREDENTIALS',
    });
    await ctx.identity.logIn({ login: 'demo-teacher', password: pw(again) });
    // Reloading made nothing twice.
    expect((await ctx.org.listStudents({ grants: [{ role: 'operator', tenantType: 'platform', tenantId: 'platform' }] })).total).toBe(4);
    expect((await ctx.devices.list({})).total).toBe(3);
  });
});
