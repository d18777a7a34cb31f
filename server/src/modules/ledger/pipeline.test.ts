/**
 * Pipelined batches on PostgreSQL (pipeline.ts): batch N+1 is evaluated against the state
 * batch N will commit, while N is being written. These tests make the cases where that
 * evaluation must be thrown away happen on purpose — N fails to commit, another process
 * writes in between, an account is closed in between — and check that the replies are those
 * of the one-batch-at-a-time ledger and that the books verify.
 */
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, PG_URL, type TestDatabase } from '../../../../test/helpers/db';
import { TestClock } from '../../platform/clock';
import { loadConfig } from '../../platform/config';
import { ledgerModule, type LedgerModule, type TransferRequest, type TransferResult } from './index';
import { PostgresLedgerStore } from './ledger.store.postgres';
import { PipelineCommitter } from './pipeline';

const single = (key: string, debit: string, credit: string, amount: number, metadata?: Record<string, boolean>): TransferRequest => ({
  kind: 'single',
  scope: 'test',
  key,
  debitAccountId: debit,
  creditAccountId: credit,
  amount,
  code: 'TRANSFER',
  ...(metadata ? { metadata } : {}),
});

const brief = (r: TransferResult | undefined) => (r?.ok ? { id: r.transfer.id, replay: r.replay } : r?.code);

if (!PG_URL) {
  describe('ledger pipeline [postgres]', () => {
    if (process.env.REQUIRE_POSTGRES === '1') {
      it('needs PostgreSQL', () => {
        throw new Error('REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set');
      });
    } else {
      it.skip('skipped: TEST_DATABASE_URL not set (the pipeline is PostgreSQL only)', () => undefined);
    }
  });
}

describe.skipIf(!PG_URL)('ledger pipeline [postgres]', () => {
  let db: (TestDatabase & { drop(): Promise<void> }) | null = null;
  let ledger: LedgerModule;
  const clock = new TestClock('2026-09-01T02:00:00Z');

  beforeEach(async () => {
    db = await createTestDatabase('postgres');
    ledger = ledgerModule({ database: db.database, clock });
  });

  afterEach(async () => {
    const report = await ledger.verify();
    expect(report.faults).toEqual([]);
    await db?.drop();
    db = null;
  });

  /** A funded outlet (no overdraft) and two more accounts. */
  async function world(funds = 1_000) {
    const bank = await ledger.openAccount({ code: 'BANK_SETTLEMENT', ownerType: 'platform', ownerId: 'icbc', name: '工行结算户', noNegative: false });
    const outlet = await ledger.openAccount({ code: 'OUTLET_PREPAID', ownerType: 'outlet', ownerId: 'o1', name: '城关网点预存款' });
    const other = await ledger.openAccount({ code: 'OUTLET_PREPAID', ownerType: 'outlet', ownerId: 'o2', name: '西街网点预存款' });
    const third = await ledger.openAccount({ code: 'OUTLET_PREPAID', ownerType: 'outlet', ownerId: 'o3', name: '南关网点预存款' });
    await ledger.transfer({ ...single('deposit', bank.id, outlet.id, funds), code: 'DEPOSIT' });
    return { bank: bank.id, outlet: outlet.id, other: other.id, third: third.id };
  }

  /**
   * A pipelined committer of its own on the test database, so the test sees its store's
   * counters; `maxBatch` 1 makes each call its own batch, so the calls of one tick become
   * batches N, N+1, … in call order, N+1 evaluated while N is written.
   */
  function pipelined(pause?: (at: 'read' | 'evaluated') => Promise<void>, maxBatch = 1) {
    const d = db!.database;
    if (d.raw.dialect !== 'postgres') {
      throw new Error('PostgreSQL only');
    }
    const store = new PostgresLedgerStore(d.raw.pool, pause);
    const committer = new PipelineCommitter(store, clock, maxBatch);
    return { store, apply: (items: TransferRequest[]) => committer.submit({ items }) };
  }

  it('evaluates each batch against the one being written and writes it as evaluated', async () => {
    const a = await world(100);
    const p = pipelined(undefined, 7);
    // 150 debits of 1 fen from 100 fen, in 22 batches: each depends on those before it.
    const rs = await Promise.all(Array.from({ length: 150 }, (_v, i) => p.apply([single(`d${i}`, a.outlet, a.other, 1)])));
    expect(rs.map(([r]) => r?.ok)).toEqual(Array.from({ length: 150 }, (_v, i) => i < 100));
    expect(rs.slice(0, 100).map(([r]) => brief(r))).toEqual(Array.from({ length: 100 }, (_v, i) => ({ id: i + 2, replay: false })));
    expect(p.store.stats.ahead).toBeGreaterThan(10);
    expect(p.store.stats).toMatchObject({ confirmed: p.store.stats.ahead, reevaluated: 0 });
    expect(await ledger.getBalance(a.outlet)).toMatchObject({ posted: 0, available: 0 });
  });

  it('evaluates the next batch again when the one ahead fails to commit: its replies and writes are those of the ledger without it', async () => {
    const a = await world(1_000);
    // The write of batch N fails (a transfer whose metadata says so cannot be inserted).
    await sql`create function fail_marked() returns trigger language plpgsql as $$
      begin
        if new.metadata like '%"fail":true%' then raise exception 'injected write failure'; end if;
        return new;
      end $$`.execute(db!.database.db);
    await sql`create trigger fail_marked before insert on ledger_transfers for each row execute function fail_marked()`.execute(db!.database.db);
    let evaluatedAhead = 0;
    const p = pipelined(async (at) => {
      evaluatedAhead += at === 'evaluated' ? 1 : 0;
    });

    const [n, n1, n2] = await Promise.allSettled([
      // N: 600 from the outlet; its write fails.
      p.apply([single('k1', a.outlet, a.other, 600, { fail: true })]),
      // N+1, evaluated against N: the same request (a replay of N's transfer, there),
      // N+2, against N+1: 300 more (there 400 − 300 is left).
      p.apply([single('k1', a.outlet, a.other, 600)]),
      p.apply([single('k2', a.outlet, a.other, 300)]),
    ]);
    expect(n.status).toBe('rejected');
    expect(evaluatedAhead).toBe(2);
    // Without N, k1 is new (not a replay of a transfer that never was) and takes id 2.
    expect(n1.status === 'fulfilled' && brief(n1.value[0])).toEqual({ id: 2, replay: false });
    expect(n2.status === 'fulfilled' && brief(n2.value[0])).toEqual({ id: 3, replay: false });
    expect(p.store.stats).toEqual({ ahead: 2, confirmed: 1, reevaluated: 1 });
    // Written once each, and nothing of N.
    expect((await ledger.verify()).transfers).toBe(3);
    expect(await ledger.findTransferByKey('test', 'k1')).toMatchObject({ id: 2, amount: 600, metadata: {} });
    expect(await ledger.getBalance(a.outlet)).toMatchObject({ posted: 100 });
    expect(await ledger.getBalance(a.other)).toMatchObject({ posted: 900 });
  });

  it('evaluates the next batch again when another process wrote after the batch ahead', async () => {
    const a = await world(1_000);
    const peer = ledgerModule({ database: db!.openAnother(), clock });
    let peerWrote = false;
    const p = pipelined(async (at) => {
      // Once N+1 has been evaluated (outlet: 900 after N), another server process takes 500
      // from the outlet: it gets the head lock when N commits, before N+1 asks for it.
      if (at === 'evaluated' && !peerWrote) {
        peerWrote = true;
        await peer.transfer(single('peer-1', a.outlet, a.third, 500));
      }
    });
    const [[n], [n1]] = await Promise.all([p.apply([single('k1', a.outlet, a.other, 100)]), p.apply([single('k2', a.outlet, a.other, 800)])]);
    expect(brief(n)).toEqual({ id: 2, replay: false });
    // Against N alone 800 of 900 would do; after the other process's 500, 400 is left.
    expect(n1).toMatchObject({ ok: false, code: 'LEDGER_INSUFFICIENT_FUNDS', details: { available: 400, amount: 800 } });
    expect(p.store.stats).toEqual({ ahead: 1, confirmed: 0, reevaluated: 1 });
    expect(await ledger.getBalance(a.outlet)).toMatchObject({ posted: 400, available: 400 });
    expect(await ledger.getTransfer(3)).toMatchObject({ key: 'peer-1' });
  });

  it('evaluates a batch again when what it read is older than the state the batch ahead was evaluated from', async () => {
    const a = await world(1_000);
    const peer = ledgerModule({ database: db!.openAnother(), clock });
    // B1 takes 100 from the outlet. B2 (evaluated while B1 is written) moves money between
    // two other accounts. B3 (read once B1 has committed) takes 800 from the outlet.
    // Between B3's read and B2's turn, another process takes 500 from the outlet: B2 sees
    // it (it is evaluated again under the lock), but B3's read does not, and B2, which does
    // not touch the outlet, cannot carry it to B3.
    let b3Read!: () => void;
    const b3HasRead = new Promise<void>((r) => (b3Read = r));
    let evaluated = 0;
    let reads = 0;
    const p = pipelined(async (at) => {
      if (at === 'read' && ++reads === 2) {
        b3Read();
      }
      if (at === 'evaluated' && ++evaluated === 1) {
        await b3HasRead;
        await peer.transfer(single('peer-1', a.outlet, a.bank, 500));
      }
    });
    const [[b1], [b2], [b3]] = await Promise.all([
      p.apply([single('k1', a.outlet, a.other, 100)]),
      p.apply([single('k2', a.other, a.third, 50)]),
      p.apply([single('k3', a.outlet, a.third, 800)]),
    ]);
    expect(brief(b1)).toEqual({ id: 2, replay: false });
    expect(brief(b2)).toEqual({ id: 4, replay: false });
    // 900 as B3 read it, 400 in truth.
    expect(b3).toMatchObject({ ok: false, code: 'LEDGER_INSUFFICIENT_FUNDS', details: { available: 400, amount: 800 } });
    expect(p.store.stats).toEqual({ ahead: 2, confirmed: 0, reevaluated: 2 });
    expect(await ledger.getBalance(a.outlet)).toMatchObject({ posted: 400, available: 400 });
  });

  it('refuses a transfer to an account closed while its batch was evaluated ahead', async () => {
    const a = await world(1_000);
    let closed = false;
    const p = pipelined(async (at) => {
      if (at === 'evaluated' && !closed) {
        closed = true;
        await ledger.setAccountClosed(a.third, true);
      }
    });
    const [[n], [n1], [n2]] = await Promise.all([
      p.apply([single('k1', a.outlet, a.other, 100)]),
      // Evaluated while the third account was open; by its turn it is closed.
      p.apply([single('k2', a.outlet, a.third, 100)]),
      p.apply([single('k3', a.outlet, a.other, 100)]),
    ]);
    expect(brief(n)).toEqual({ id: 2, replay: false });
    expect(n1).toMatchObject({ ok: false, code: 'LEDGER_ACCOUNT_CLOSED', details: { accountId: a.third } });
    expect(brief(n2)).toEqual({ id: 3, replay: false });
    expect(p.store.stats).toEqual({ ahead: 2, confirmed: 1, reevaluated: 1 });
    expect(await ledger.getBalance(a.third)).toMatchObject({ posted: 0 });
    expect(await ledger.getBalance(a.outlet)).toMatchObject({ posted: 800 });
  });

  it('is switched by LEDGER_PIPELINE (on by default); a bad value stops the start with a clear error', () => {
    expect(loadConfig({}).ledgerPipeline).toBe(true);
    expect(loadConfig({ LEDGER_PIPELINE: 'off' }).ledgerPipeline).toBe(false);
    expect(() => loadConfig({ LEDGER_PIPELINE: 'sometimes' })).toThrow(/LEDGER_PIPELINE/);
  });
});
