/**
 * The billing tests' world: the small school of the school tests (阳光小学 under 通达代理, 育才中学
 * under 远航代理), more guardians to subscribe at a month's edges, and helpers to read what the
 * ledger moved. The clock starts on 2026-09-01 09:00 Beijing time, when 李芳 (阳光小学) and 张建国
 * (育才中学) already take 家校互动.
 */
import { sql } from 'kysely';
import { createWorker } from '../../server/src/app';
import type { AppContext } from '../../server/src/context';
import { TestClock } from '../../server/src/platform/clock';
import type { Database } from '../../server/src/platform/db/database';
import { newId } from '../../server/src/platform/ids';
import { createTestContext } from '../helpers/context';
import { PASSWORD } from '../helpers/world';
import { buildSchoolWorld, PHONES } from '../school/school-world';
import { countRows } from '../helpers/db';

export { PHONES };
/** A Beijing wall-clock time: bj('2026-10-20 23:59:59'). */
export const bj = (s: string) => new Date(`${s.replace(' ', 'T')}${s.length === 16 ? ':00' : ''}+08:00`).getTime();

export type BillingWorld = Awaited<ReturnType<typeof billingWorld>>;

export async function billingWorld(database: Database, start = '2026-09-01 09:00') {
  const clock = new TestClock(bj(start));
  const ctx = await createTestContext(database, { clock });
  await ctx.messaging.start({ dispatcher: false });
  const worker = createWorker(ctx);
  const w = await buildSchoolWorld(ctx);
  const tongda = (await ctx.org.createAgency({ code: 'TD001', name: '通达代理' })).id;
  const yuanhang = (await ctx.org.createAgency({ code: 'YH001', name: '远航代理' })).id;
  await sql`update schools set agency_id = ${tongda} where id = ${w.school}`.execute(ctx.database.db);
  await sql`update schools set agency_id = ${yuanhang} where id = ${w.otherSchool}`.execute(ctx.database.db);
  // The world's first subscriptions were set before the schools had agencies.
  await sql`update subscriptions set agency_id = ${tongda} where school_id = ${w.school}`.execute(ctx.database.db);
  await sql`update subscriptions set agency_id = ${yuanhang} where school_id = ${w.otherSchool}`.execute(ctx.database.db);

  /** Guardians g[0..n): even ones of 王小兵 (阳光小学), odd ones of 张伟 (育才中学); phones 1390000600x. */
  const g: string[] = [];
  for (let i = 0; i < 10; i++) {
    const phone = `139000060${String(i).padStart(2, '0')}`;
    await ctx.identity.createUser({ login: `p-g${i}`, name: `家长${i}`, phone, password: PASSWORD, roles: [{ role: 'guardian', tenantType: 'student', tenantId: i % 2 === 0 ? w.wangXiaobing : w.zhangWei }] });
    g.push(phone);
  }

  const set = (when: string) => clock.set(bj(when));
  const subscribe = async (msisdn: string, when: string) => {
    set(when);
    return ctx.subscriptions.subscribe({ msisdn, service: 'jx', channel: 'portal', raw: '家长网校：订购家校互动' });
  };
  const cancel = async (msisdn: string, when: string) => {
    set(when);
    return ctx.subscriptions.cancel({ msisdn, service: 'jx', channel: 'portal' });
  };
  const count = async (table: string, where = sql`1 = 1`) => countRows(ctx.database.db, table, where);
  const subscriptionId = async (msisdn: string) =>
    (await sql<{ id: string }>`select id from subscriptions where msisdn = ${msisdn} and service = 'jx'`.execute(ctx.database.db)).rows[0]!.id;

  return { ctx, clock, worker, w, tongda, yuanhang, g, set, subscribe, cancel, count, subscriptionId, ...ledgerReads(ctx) };
}

/** What the ledger holds for subscription fees and commissions. */
export function ledgerReads(ctx: AppContext) {
  const posted = async (code: string, ownerType: string, ownerId: string) => {
    const a = await ctx.ledger.findAccountByOwner({ code, ownerType, ownerId });
    return a ? (await ctx.ledger.getBalance(a.id)).posted : 0;
  };
  return {
    /** Fee income, fen. */
    income: () => posted('FEE_INCOME', 'platform', 'platform'),
    /** What the carrier owes us (negative: a debit balance), fen. */
    receivable: () => posted('CARRIER_RECEIVABLE', 'platform', 'carrier'),
    commissionOf: (agencyId: string) => posted('AGENT_COMMISSION', 'agency', agencyId),
    /** Every SUB_FEE transfer: [scope, key, amount]. */
    feeTransfers: async () =>
      (await sql<{ scope: string; key: string; amount: number }>`select scope, ${sql.ref('key')}, amount from ledger_transfers where code = 'SUB_FEE' order by id`.execute(ctx.database.db)).rows.map((r) => [r.scope, r.key, Number(r.amount)] as const),
  };
}

/**
 * `n` subscriptions to 家校互动 inserted as rows with their subscribe event at `since` (volume for the
 * runs' paging and concurrency; 11-digit numbers after `prefix`, 1370000xxxx by default).
 */
export async function seedSubscriptions(ctx: AppContext, n: number, o: { since: number; schoolId?: string | null; agencyId?: string | null; prefix?: string }) {
  const ids: string[] = [];
  const rows = [];
  const events = [];
  for (let i = 0; i < n; i++) {
    const id = newId(o.since);
    ids.push(id);
    const prefix = o.prefix ?? '1370000';
    const msisdn = `${prefix}${String(i).padStart(11 - prefix.length, '0')}`;
    rows.push({ id, msisdn, service: 'jx', status: 'active', channel: 'demo', school_id: o.schoolId ?? null, agency_id: o.agencyId ?? null, since: o.since, created_at: o.since, updated_at: o.since });
    events.push({ id: newId(o.since), subscription_id: id, msisdn, service: 'jx', kind: 'subscribe', at: o.since, channel: 'demo', actor_id: null, note: null, consent_id: null });
  }
  for (let i = 0; i < n; i += 500) {
    await ctx.database.db.insertInto('subscriptions').values(rows.slice(i, i + 500)).execute();
    await ctx.database.db.insertInto('subscription_events').values(events.slice(i, i + 500)).execute();
  }
  return ids;
}
