/**
 * An outlet and its pre-deposit: org records the outlet, the ledger opens its OUTLET_PREPAID
 * account. Opening is idempotent by (code, owner), so a failure between the two steps is
 * mended by creating the account again (openAccount returns the one that exists); until then the
 * balance reads as zero. No undo is needed.
 */
import type { AppContext } from '../context';
import type { Outlet } from '../modules/org';

export const OUTLET_ACCOUNT = 'OUTLET_PREPAID';
export const AGENCY_ACCOUNT = 'AGENT_PREPAID';

export async function createOutlet(ctx: AppContext, o: { agencyId: string; code: string; name: string; address?: string | null }): Promise<Outlet> {
  const outlet = await ctx.org.createOutlet(o);
  await ctx.ledger.openAccount({ code: OUTLET_ACCOUNT, ownerType: 'outlet', ownerId: outlet.id, name: `${outlet.name} 预存款` });
  return outlet;
}

export interface PrepaidBalance {
  /** null: no account yet (nothing was ever deposited); the balance is then zero. */
  accountId: string | null;
  name: string;
  /** Spendable now (posted minus pending debits), fen. */
  available: number;
  posted: number;
  pending: number;
}

async function prepaid(ctx: AppContext, code: string, ownerType: string, ownerId: string, name: string): Promise<PrepaidBalance> {
  const account = await ctx.ledger.findAccountByOwner({ code, ownerType, ownerId });
  if (!account) {
    return { accountId: null, name, available: 0, posted: 0, pending: 0 };
  }
  const b = await ctx.ledger.getBalance(account.id);
  return { accountId: account.id, name: account.name, available: b.available, posted: b.posted, pending: b.pending };
}

export async function outletBalance(ctx: AppContext, outletId: string): Promise<PrepaidBalance> {
  const outlet = await ctx.org.getOutlet(outletId);
  return prepaid(ctx, OUTLET_ACCOUNT, 'outlet', outlet.id, `${outlet.name} 预存款`);
}

export async function agencyBalance(ctx: AppContext, agencyId: string): Promise<PrepaidBalance> {
  const agency = await ctx.org.getAgency(agencyId);
  return prepaid(ctx, AGENCY_ACCOUNT, 'agency', agency.id, `${agency.name} 预存款`);
}
