/**
 * Demo data, loaded on the first start of an empty database (DEMO_DATA=true, the default)
 * and again by `yikatong demo`. Everything goes through the modules' front doors, so the
 * demo is what a real user would have made. Each issue adds its feature's demo here.
 */
import type { AppContext } from '../context';
import { isAppError } from '../platform/errors';
import { claimSetting, putSetting } from '../platform/settings';
import { IdentityErrors } from '../modules/identity';
import { loadDeviceDemo } from './devices.demo';
import { loadLedgerDemo } from './ledger.demo';
import { loadMessagingDemo } from './messaging.demo';
import { demoPeople, loadOrgDemo } from './org.demo';
import { loadSchoolDemo } from './school.demo';
import { loadSubscriptionsDemo } from './subscriptions.demo';

const LOADED_KEY = 'demo.loaded_at';

export interface DemoAccount {
  login: string;
  name: string;
  role: string;
  password: string;
  howToLogIn: string;
}

export interface DemoResult {
  loaded: boolean;
  accounts: DemoAccount[];
}

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
  const org = await loadOrgDemo(ctx);
  const accounts: DemoAccount[] = [];
  for (const u of demoPeople(org)) {
    const role = u.roles[0]!.role;
    try {
      const r = await ctx.identity.createUser({ login: u.login, name: u.name, phone: u.phone, roles: u.roles });
      accounts.push({ login: u.login, name: u.name, role, password: r.password, howToLogIn: u.howToLogIn });
    } catch (e) {
      // Loaded before (the CLI's `demo`): the person is there; give them a new password.
      if (!(isAppError(e) && (e.code === IdentityErrors.USER_LOGIN_TAKEN().code || e.code === IdentityErrors.USER_PHONE_TAKEN().code))) {
        throw e;
      }
      const r = await ctx.identity.resetPassword({ login: u.login });
      accounts.push({ login: u.login, name: u.name, role, password: r.password, howToLogIn: u.howToLogIn });
    }
  }
  await loadLedgerDemo(ctx, org);
  await loadDeviceDemo(ctx, { schoolId: org.schools.yangguang, outletId: org.outlets.chengguan });
  await loadMessagingDemo(ctx);
  await loadSchoolDemo(ctx, org);
  await loadSubscriptionsDemo(ctx, org);
  // Run the daily housekeeping once now, so the jobs page shows the worker at work.
  await ctx.database.transaction(async (trx) => {
    await ctx.jobs.enqueue(trx, 'identity.purge-sessions', {});
    await ctx.jobs.enqueue(trx, 'platform.purge-finished-jobs', { olderThanDays: 30 });
    await putSetting(trx, LOADED_KEY, now, ctx.clock.now());
  });
  return { loaded: true, accounts };
}
