/** The demo leaves 阳光小学 a roster preview to look at, and National Day off; loading twice adds nothing. */
import { expect, it } from 'vitest';
import { loadDemoData } from '../../server/src/demo';
import { createTestContext } from '../helpers/context';
import { describeEachDatabase } from '../helpers/db';

describeEachDatabase('roster demo', (t) => {
  it('shows a previewed import with new, changed and broken rows', async () => {
    const ctx = await createTestContext(t().database);
    await loadDemoData(ctx, { force: true });
    await loadDemoData(ctx, { force: true });
    const school = (await ctx.org.idByCode('school', 'YG001'))!;
    const list = await ctx.school.roster.list(school);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ status: 'previewed', summary: { students: { new: 2, changed: 1, unchanged: 1, error: 2 } } });
    const errs = await ctx.school.roster.lines({ schoolId: school, importId: list[0]!.id, status: 'error' });
    expect(errs.items.map((l) => l.rowNo)).toEqual([6, 7]);
    expect(await ctx.school.calendar.isSchoolDay(school, '2026-10-01')).toBe(false);
    expect(await ctx.school.calendar.isSchoolDay(school, '2026-09-27')).toBe(true);
  }, 60_000);
});
