/**
 * The catalog: services with their kind (paid, bundled into a paid one, free), billing cycle,
 * what they include, and versioned prices. A price change applies from the next month (the
 * month a parent has already started is billed at the price it started with).
 */
import { AppError } from '../../platform/errors';
import type { SubscriptionsDeps } from './deps';
import { MONTH, monthOf, nextMonth } from './months';
import { SubscriptionErrors as E } from './subscriptions.errors';
import { t, type PriceRow, type ServiceRow } from './tables';

export interface ServiceView {
  code: string;
  name: string;
  kind: ServiceRow['kind'];
  cycle: ServiceRow['cycle'];
  includes: string[];
  billingCode: string;
  description: string;
  onSale: boolean;
  /** This month's price, fen. */
  price: number;
  /** A price already set for a later month, if any. */
  nextPrice: { fromMonth: string; amount: number } | null;
  prices: { fromMonth: string; amount: number; createdBy: string | null; createdAt: number }[];
  updatedAt: number;
}

export interface CatalogPatch {
  name?: string;
  description?: string;
  onSale?: boolean;
  billingCode?: string;
}

/** The price of a month among a service's versions (the latest whose first month is not after it). */
export function priceIn(prices: readonly Pick<PriceRow, 'from_month' | 'amount'>[], month: string): number {
  let best: Pick<PriceRow, 'from_month' | 'amount'> | null = null;
  for (const p of prices) {
    if (p.from_month <= month && (best === null || p.from_month > best.from_month)) {
      best = p;
    }
  }
  return best ? Number(best.amount) : 0;
}

async function pricesOf(deps: SubscriptionsDeps, codes?: string[]): Promise<Map<string, PriceRow[]>> {
  let q = t(deps.db).selectFrom('subscription_prices').selectAll().orderBy('from_month');
  if (codes) {
    q = q.where('service', 'in', codes.length ? codes : ['']);
  }
  const out = new Map<string, PriceRow[]>();
  for (const r of await q.execute()) {
    out.set(r.service, [...(out.get(r.service) ?? []), { ...r, amount: Number(r.amount), created_at: Number(r.created_at) }]);
  }
  return out;
}

function view(row: ServiceRow, prices: PriceRow[], month: string): ServiceView {
  const later = prices.filter((p) => p.from_month > month).sort((a, b) => a.from_month.localeCompare(b.from_month))[0];
  return {
    code: row.code,
    name: row.name,
    kind: row.kind,
    cycle: row.cycle,
    includes: JSON.parse(row.includes) as string[],
    billingCode: row.billing_code,
    description: row.description,
    onSale: Number(row.on_sale) === 1,
    price: priceIn(prices, month),
    nextPrice: later ? { fromMonth: later.from_month, amount: Number(later.amount) } : null,
    prices: prices.map((p) => ({ fromMonth: p.from_month, amount: Number(p.amount), createdBy: p.created_by, createdAt: Number(p.created_at) })),
    updatedAt: Number(row.updated_at),
  };
}

const ORDER: Record<ServiceRow['kind'], number> = { paid: 0, bundled: 1, free: 2 };

export async function listCatalog(deps: SubscriptionsDeps): Promise<ServiceView[]> {
  const rows = await t(deps.db).selectFrom('subscription_services').selectAll().execute();
  const prices = await pricesOf(deps);
  const month = monthOf(deps.clock.now(), deps.timeZone);
  return rows.sort((a, b) => ORDER[a.kind] - ORDER[b.kind] || a.code.localeCompare(b.code)).map((r) => view(r, prices.get(r.code) ?? [], month));
}

export async function serviceRow(deps: SubscriptionsDeps, code: string): Promise<ServiceRow> {
  const row = typeof code === 'string' ? await t(deps.db).selectFrom('subscription_services').selectAll().where('code', '=', code).executeTakeFirst() : undefined;
  if (!row) {
    throw E.SUB_SERVICE_NOT_FOUND({ service: String(code) });
  }
  return row;
}

export async function getService(deps: SubscriptionsDeps, code: string): Promise<ServiceView> {
  const row = await serviceRow(deps, code);
  const prices = await pricesOf(deps, [code]);
  return view(row, prices.get(code) ?? [], monthOf(deps.clock.now(), deps.timeZone));
}

export async function updateService(deps: SubscriptionsDeps, code: string, patch: CatalogPatch, by: string): Promise<ServiceView> {
  await serviceRow(deps, code);
  const set: Partial<ServiceRow> = {};
  if (patch.name !== undefined) {
    if (typeof patch.name !== 'string' || patch.name.trim() === '' || patch.name.length > 40) {
      throw E.SUB_INVALID({ field: 'name' }, '业务名称应为 1 到 40 个字');
    }
    set.name = patch.name.trim();
  }
  if (patch.description !== undefined) {
    if (typeof patch.description !== 'string' || patch.description.length > 200) {
      throw E.SUB_INVALID({ field: 'description' }, '业务说明最多 200 个字');
    }
    set.description = patch.description.trim();
  }
  if (patch.billingCode !== undefined) {
    if (typeof patch.billingCode !== 'string' || !/^[A-Z0-9]{2,16}$/.test(patch.billingCode)) {
      throw E.SUB_INVALID({ field: 'billingCode' }, '计费代码应为 2 到 16 位大写字母或数字');
    }
    set.billing_code = patch.billingCode;
  }
  if (patch.onSale !== undefined) {
    if (typeof patch.onSale !== 'boolean') {
      throw E.SUB_INVALID({ field: 'onSale' });
    }
    set.on_sale = patch.onSale ? 1 : 0;
  }
  await t(deps.db)
    .updateTable('subscription_services')
    .set({ ...set, updated_by: by, updated_at: deps.clock.now() })
    .where('code', '=', code)
    .execute();
  return getService(deps, code);
}

/**
 * Sets a paid service's price from the next month on (the current month keeps its price).
 * Setting it again in the same month replaces the pending change.
 */
export async function setPrice(deps: SubscriptionsDeps, code: string, amount: number, by: string): Promise<ServiceView> {
  const row = await serviceRow(deps, code);
  if (!Number.isSafeInteger(amount) || amount < 0 || amount > 100_000) {
    throw E.SUB_PRICE_INVALID({ amount });
  }
  if (row.kind !== 'paid') {
    throw new AppError('SUB_INVALID', 'invalid', '只有收费业务有价格', { service: code });
  }
  const from = nextMonth(monthOf(deps.clock.now(), deps.timeZone));
  const now = deps.clock.now();
  await t(deps.db)
    .insertInto('subscription_prices')
    .values({ service: code, from_month: from, amount, created_by: by, created_at: now })
    .onConflict((oc) => oc.columns(['service', 'from_month']).doUpdateSet({ amount, created_by: by, created_at: now }))
    .execute();
  return getService(deps, code);
}

/** Every service's row by code (names, kinds and bundles for views and messages). */
export async function serviceRows(deps: SubscriptionsDeps): Promise<Map<string, ServiceRow>> {
  return new Map((await t(deps.db).selectFrom('subscription_services').selectAll().execute()).map((r) => [r.code, r]));
}

/** Every service's name by code. */
export async function serviceNames(deps: SubscriptionsDeps): Promise<Map<string, string>> {
  return new Map([...(await serviceRows(deps))].map(([code, r]) => [code, r.name]));
}

/** Every service's price versions, read once; `priceIn(versions, month)` gives a month's price. */
export async function priceVersions(deps: SubscriptionsDeps): Promise<Map<string, PriceRow[]>> {
  return pricesOf(deps);
}

/** The price of each service for a month (billing reads all of them once). */
export async function pricesForMonth(deps: SubscriptionsDeps, month: string): Promise<Map<string, number>> {
  if (!MONTH.test(month)) {
    throw E.BILLING_MONTH_INVALID({ month });
  }
  const prices = await pricesOf(deps);
  return new Map([...prices].map(([code, ps]) => [code, priceIn(ps, month)]));
}
