/**
 * A real server on a random port with a fresh SQLite database, demo data and the built
 * console, for browser tests. Returns the first administrator's one-time password.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer } from '../../server/src/main';
import { loadConfig } from '../../server/src/platform/config';

export interface TestServer {
  url: string;
  admin: { login: string; password: string };
  demoAccounts: { login: string; password: string; role: string }[];
  close(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'yk-server-'));
  const config = loadConfig({ DATA_DIR: dir, PORT: '1', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
  const s = await startServer({ ...config, port: 0 });
  if (!s.firstAdmin) {
    throw new Error('a fresh database should have created the first administrator');
  }
  return {
    url: s.url.replace('localhost', '127.0.0.1'),
    admin: s.firstAdmin,
    demoAccounts: s.demoAccounts,
    close: async () => {
      await s.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
