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
  opts: { clock?: TestClock; extraJobs?: JobDefinition<never, AppContext>[]; env?: Record<string, string> } = {},
): Promise<AppContext & { clock: TestClock }> {
  const clock = opts.clock ?? new TestClock();
  // SMS goes to the in-process simulator with its delivery reports at once (tests flush it).
  const config = loadConfig({ DATA_DIR: '/nonexistent', LOG_LEVEL: 'silent', SMS_GATEWAY: 'sim://?delay=0', ...opts.env });
  const ctx = createContext({ config, clock, database, log: createLogger('silent'), extraJobs: opts.extraJobs });
  await prepareDatabase(ctx);
  return { ...ctx, clock };
}
