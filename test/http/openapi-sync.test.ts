/** The console's API types are generated from the server's OpenAPI: the committed copy must match. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { createContext } from '../../server/src/app';
import { buildHttp } from '../../server/src/http/server';
import { loadConfig } from '../../server/src/platform/config';
import { createLogger } from '../../server/src/platform/logger';

it('console/src/api/openapi.json is up to date (else run: npm run sync:api)', async () => {
  const ctx = createContext({ config: loadConfig({ DATABASE_URL: 'sqlite::memory:' }), log: createLogger('silent') });
  const app = await buildHttp(ctx, { consoleDir: null });
  await app.ready();
  const live = JSON.parse(JSON.stringify(app.swagger())) as unknown;
  await app.close();
  await ctx.database.close();
  const committed = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../console/src/api/openapi.json'), 'utf8')) as unknown;
  expect(committed).toEqual(live);
});
