/**
 * End to end over the CMPP simulator on both databases: a swipe at the gate becomes a safety
 * SMS delivered to the subscribed mother's phone; at the cut-off (the test clock) the absence
 * notice reaches both guardians of the child who did not come.
 */
import { beforeEach, expect, it } from 'vitest';
import type { IsmgSimulator } from '../../server/src/adapters/sms/cmpp/ismg-simulator';
import { TestClock } from '../../server/src/platform/clock';
import { useIsmg } from '../helpers/cmpp';
import { describeEachDatabase } from '../helpers/db';
import { until } from '../helpers/until';
import { at, buildGateWorld, GATE, GATE_PHONES } from './gate-world';

describeEachDatabase('safety SMS end to end over CMPP', (t) => {
  const cmpp = useIsmg();
  let ismg: IsmgSimulator;
  beforeEach(() => {
    ismg = cmpp.ismg();
  });

  const textOf = (s: { content: Buffer; udhi: boolean }) => Buffer.from(s.content.subarray(s.udhi ? 6 : 0)).swap16().toString('utf16le');

  it('a swipe reaches the mother’s phone; the cut-off reaches both parents of the absent child', async () => {
    const { ctx, worker } = await cmpp.start(t().database, { connections: 1, clock: new TestClock(at('07:42')) });
    const w = await buildGateWorld(ctx);

    await ctx.school.gate.recordSwipes({ schoolId: w.school, deviceId: GATE.id, swipes: [{ seq: 'e1', card: 'C3002', direction: 'in', time: at('07:42') }] });
    await ctx.subscriptions.set({ msisdn: GATE_PHONES.liQiang, service: 'jx', active: true, channel: 'test' });
    await ctx.school.gate.recordSwipes({ schoolId: w.school, deviceId: GATE.id, swipes: [{ seq: 'e2', card: 'C3002', direction: 'out', time: at('07:42') }] });
    await worker.drain();
    await until('safety SMS at the gateway', async () => ismg.submits.some((s) => s.to === GATE_PHONES.liQiang));
    expect(ismg.submits.filter((s) => s.to === GATE_PHONES.liQiang).map(textOf)).toEqual(['【阳光小学】您的孩子李想已于07:42离校。']);

    ctx.clock.set(at('08:30'));
    await ctx.school.gate.runDueCutoffs();
    await worker.drain();
    await until('absence SMS at the gateway', async () => ismg.submits.filter((s) => s.to === GATE_PHONES.liFang || s.to === GATE_PHONES.wangJian).length === 2);
    for (const phone of [GATE_PHONES.liFang, GATE_PHONES.wangJian]) {
      expect(ismg.submits.filter((s) => s.to === phone).map(textOf)).toEqual(['【阳光小学】您的孩子王小兵今天（9月1日）截至08:30未到校，也未请假，请尽快与班主任联系。']);
    }
  });
});
