/** An application context on a test database with a TestClock and a silent (or captured) logger. */
import { createContext, prepareDatabase } from '../../server/src/app';
import type { AppContext } from '../../server/src/context';
import { TestClock } from '../../server/src/platform/clock';
import { loadConfig } from '../../server/src/platform/config';
import type { Database } from '../../server/src/platform/db/database';
import type { JobDefinition } from '../../server/src/platform/jobs';
import { createLogger } from '../../server/src/platform/logger';

export async function createTestContext(
  database: Database,
  opts: { clock?: TestClock; extraJobs?: JobDefinition<never, AppContext>[] } = {},
): Promise<AppContext & { clock: TestClock }> {
  const clock = opts.clock ?? new TestClock();
  const config = loadConfig({ DATA_DIR: '/nonexistent', LOG_LEVEL: 'silent' });
  const ctx = createContext({ config, clock, database, log: createLogger('silent'), extraJobs: opts.extraJobs });
  await prepareDatabase(ctx);
  return { ...ctx, clock };
}
