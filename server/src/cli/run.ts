/** Shared plumbing for CLI commands: config, a context on a migrated database, error output. */
import { createContext, prepareDatabase } from '../app';
import type { AppContext } from '../context';
import { ConfigError, loadConfig, loadDotEnv, type Config } from '../platform/config';
import { isAppError } from '../platform/errors';
import { createLogger } from '../platform/logger';

export class CliExit extends Error {
  constructor(readonly exitCode: number, message: string) {
    super(message);
  }
}

export function cliConfig(): Config {
  loadDotEnv();
  return loadConfig();
}

/** Runs `fn` with a context whose database is migrated; closes it after. Logs only warnings. */
export async function withContext<T>(fn: (ctx: AppContext) => Promise<T>): Promise<T> {
  const config = cliConfig();
  const ctx = createContext({ config, log: createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel) });
  try {
    await prepareDatabase(ctx);
    return await fn(ctx);
  } finally {
    await ctx.database.close();
  }
}

/** Turns any error into one readable line and an exit code. */
export function reportError(e: unknown): number {
  if (e instanceof ConfigError) {
    process.stderr.write(`${e.message}\n`);
    return 2;
  }
  if (e instanceof CliExit) {
    process.stderr.write(`${e.message}\n`);
    return e.exitCode;
  }
  if (isAppError(e)) {
    const details = Object.keys(e.details).length > 0 ? ` ${JSON.stringify(e.details)}` : '';
    process.stderr.write(`错误 [${e.code}] ${e.message}${details}\n`);
    return 1;
  }
  process.stderr.write(`错误: ${e instanceof Error ? e.message : String(e)}\n`);
  return 1;
}

export function print(line = ''): void {
  process.stdout.write(`${line}\n`);
}
