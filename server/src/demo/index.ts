/**
 * Demo data, loaded on the first start of an empty database (DEMO_DATA=true, the default)
 * and again by `yikatong demo`. Everything goes through the modules' front doors, so the
 * demo is what a real user would have made. Each issue adds its feature's demo here.
 */
import type { AppContext } from '../context';
import { isAppError } from '../platform/errors';
import { claimSetting, putSetting } from '../platform/settings';
import { IdentityErrors } from '../modules/identity';
import { loadLedgerDemo } from './ledger.demo';
import { loadMessagingDemo } from './messaging.demo';

const LOADED_KEY = 'demo.loaded_at';

export interface DemoAccount {
  login: string;
  name: string;
  role: string;
  password: string;
}

export interface DemoResult {
  loaded: boolean;
  accounts: DemoAccount[];
}

const DEMO_USERS = [
  {
    login: 'demo-teacher',
    name: '王老师',
    /** Log in with an SMS code: the code arrives at this number in 短信模拟器. */
    phone: '13900001111',
    role: 'teacher' as const,
    tenantType: 'school' as const,
    tenantId: 'demo-school',
  },
];

/**
 * Loads the demo. `force` reloads it (the CLI's `demo`): accounts that exist get a new
 * password, printed once, as the first admin's was.
 */
export async function loadDemoData(ctx: AppContext, opts: { force: boolean }): Promise<DemoResult> {
  const db = ctx.database.db;
  const now = new Date(ctx.clock.now()).toISOString();
  // Several processes starting on one empty database: the one that claims the marker loads.
  if (!opts.force && !(await claimSetting(db, LOADED_KEY, now, ctx.clock.now()))) {
    return { loaded: false, accounts: [] };
  }
  const accounts: DemoAccount[] = [];
  for (const u of DEMO_USERS) {
    try {
      const r = await ctx.identity.createUser({
        login: u.login,
        name: u.name,
        phone: u.phone,
        roles: [{ role: u.role, tenantType: u.tenantType, tenantId: u.tenantId }],
      });
      accounts.push({ login: u.login, name: u.name, role: u.role, password: r.password });
    } catch (e) {
      if (!(isAppError(e) && e.code === IdentityErrors.USER_LOGIN_TAKEN().code)) {
        throw e;
      }
      const r = await ctx.identity.resetPassword({ login: u.login });
      accounts.push({ login: u.login, name: u.name, role: u.role, password: r.password });
    }
  }
  await loadLedgerDemo(ctx);
  await loadMessagingDemo(ctx);
  // Run the daily housekeeping once now, so the jobs page shows the worker at work.
  await ctx.database.transaction(async (trx) => {
    await ctx.jobs.enqueue(trx, 'identity.purge-sessions', {});
    await ctx.jobs.enqueue(trx, 'platform.purge-finished-jobs', { olderThanDays: 30 });
    await putSetting(trx, LOADED_KEY, now, ctx.clock.now());
  });
  return { loaded: true, accounts };
}
