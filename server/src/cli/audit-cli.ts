/**
 * The audit entries of state-changing CLI commands: channel `cli`, actor `system` named by
 * the operating-system user who ran the command. Recorded after the command, ok or failed
 * (with the error code); a failure to record is reported on stderr and never hides the
 * command's own outcome.
 */
import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import type { AppContext } from '../context';
import { recordAudit, type AuditEntry } from '../platform/audit';
import type { Db } from '../platform/db/database';
import { isAppError } from '../platform/errors';

/** One id for every entry of this command run, as an HTTP request has its request id. */
const RUN_ID = `cli-${randomUUID()}`;

export function osUser(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

export interface CliAudit<T> {
  /** The action's name (the policy's where there is one): `users.manage`, `sms.send`, … */
  action: string;
  /** What it was done to: the command and ids, e.g. `user add 0190…`; never a name or number. */
  target: string | ((result: T) => string);
  /** The target when the command failed before it had a result (with a function `target`). */
  command?: string;
  details?: (result: T) => Record<string, unknown>;
}

function entry(action: string, target: string, rest: Partial<AuditEntry> & Pick<AuditEntry, 'at' | 'result'>): AuditEntry {
  return { channel: 'cli', actorKind: 'system', actorId: osUser(), tenantType: 'platform', tenantId: 'platform', requestId: RUN_ID, action, target, ...rest };
}

/** Records one CLI action on `db` (e.g. right after a migration, where there is no context). */
export async function recordCliAudit(db: Db, at: number, action: string, target: string, details?: Record<string, unknown>): Promise<void> {
  try {
    await recordAudit(db, entry(action, target, { at, result: 'ok', details }));
  } catch (e) {
    process.stderr.write(`警告：审计日志写入失败：${e instanceof Error ? e.message : String(e)}\n`);
  }
}

/** Runs a state-changing command's work and records it, ok or failed. */
export async function audited<T>(ctx: AppContext, a: CliAudit<T>, work: () => Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await work();
  } catch (e) {
    const target = typeof a.target === 'string' ? a.target : (a.command ?? a.action);
    try {
      await recordAudit(ctx.database.db, entry(a.action, target, { at: ctx.clock.now(), result: 'failed', errorCode: isAppError(e) ? e.code : 'ERROR' }));
    } catch {
      // The command's own error is the one to report.
    }
    throw e;
  }
  const target = typeof a.target === 'string' ? a.target : a.target(result);
  await recordCliAudit(ctx.database.db, ctx.clock.now(), a.action, target, a.details?.(result));
  return result;
}
