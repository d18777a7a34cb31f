/**
 * End to end over CMPP: a fresh ISMG simulator for each test (loopback, one account), and test
 * contexts whose SMS gateway is a CMPP client logged in to it, with a worker; all closed after
 * the test. Call `useIsmg()` inside a describe.
 */
import { afterEach, beforeEach } from 'vitest';
import { IsmgSimulator } from '../../server/src/adapters/sms/cmpp/ismg-simulator';
import { createWorker } from '../../server/src/app';
import type { AppContext } from '../../server/src/context';
import type { TestClock } from '../../server/src/platform/clock';
import type { Database } from '../../server/src/platform/db/database';
import { createTestContext } from './context';
import { until } from './until';

export function useIsmg() {
  let ismg: IsmgSimulator | null = null;
  const open: AppContext[] = [];
  beforeEach(async () => {
    ismg = new IsmgSimulator({ accounts: { '900001': 'secret88' }, reportDelayMs: 5 });
    await ismg.listen(0);
  });
  afterEach(async () => {
    for (const c of open.splice(0)) {
      await c.messaging.stop();
    }
    await ismg?.close();
  });
  const current = (): IsmgSimulator => {
    if (!ismg) {
      throw new Error('useIsmg: the simulator starts before each test');
    }
    return ismg;
  };
  return {
    ismg: current,
    /** A context sending over CMPP to this test's simulator, logged in, and a worker for its jobs. */
    start: async (database: Database, o: { connections?: number; clock?: TestClock } = {}) => {
      const ctx = await createTestContext(database, { clock: o.clock, env: { SMS_GATEWAY: current().clientUrl('900001', { connections: o.connections ?? 2 }) } });
      open.push(ctx);
      await ctx.messaging.start();
      await until('login', async () => ctx.messaging.gatewayStatus()[0]?.state === 'up');
      return { ctx, worker: createWorker(ctx) };
    },
  };
}
