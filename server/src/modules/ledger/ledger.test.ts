import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../../test/helpers/db';
import { HOUR, MINUTE, TestClock } from '../../platform/clock';
import type { Database } from '../../platform/db/database';
import { ledgerModule, type LedgerModule, type TransferRequest } from './index';

const single = (key: string, debit: string, credit: string, amount: number, code = 'TRANSFER'): TransferRequest => ({
  kind: 'single',
  scope: 'test',
  key,
  debitAccountId: debit,
  creditAccountId: credit,
  amount,
  code,
});

describeEachDatabase('ledger', (t) => {
  let ledger: LedgerModule;
  let clock: TestClock;
  const make = (database: Database = t().database) => ledgerModule({ database, clock });

  /** Bank → outlet → customer-facing accounts, with the outlet funded. */
  async function world(funds = 10_000) {
    clock = new TestClock('2026-09-01T02:00:00Z');
    ledger = make();
    const bank = await ledger.openAccount({ code: 'BANK_SETTLEMENT', ownerType: 'platform', ownerId: 'icbc', name: '工行结算户', noNegative: false });
    const outlet = await ledger.openAccount({ code: 'OUTLET_PREPAID', ownerType: 'outlet', ownerId: 'o1', name: '城关网点预存款' });
    const other = await ledger.openAccount({ code: 'OUTLET_PREPAID', ownerType: 'outlet', ownerId: 'o2', name: '西街网点预存款' });
    const clearing = await ledger.openAccount({ code: 'CARRIER_CLEARING', ownerType: 'platform', ownerId: 'cmcc', name: '移动清算户', noNegative: false });
    if (funds > 0) {
      await ledger.transfer(single('deposit-1', bank.id, outlet.id, funds, 'DEPOSIT'));
    }
    return { bank: bank.id, outlet: outlet.id, other: other.id, clearing: clearing.id };
  }

  afterEach(async () => {
    // Every test leaves a ledger whose books balance and whose chain verifies.
    if (ledger) {
      const report = await ledger.verify();
      expect(report.faults).toEqual([]);
    }
  });

  it('opens an account once per owner, and refuses bad account input', async () => {
    const a = await world(0);
    const again = await ledger.openAccount({ code: 'OUTLET_PREPAID', ownerType: 'outlet', ownerId: 'o1', name: '城关网点预存款' });
    expect(again.id).toBe(a.outlet);
    for (const bad of [
      { code: 'outlet', ownerType: 'outlet', ownerId: 'o9', name: 'x' },
      { code: 'OUTLET_PREPAID', ownerType: 'outlet', ownerId: 'o 9', name: 'x' },
      { code: 'OUTLET_PREPAID', ownerType: 'outlet', ownerId: 'o9', name: ' ' },
      { code: 'OUTLET_PREPAID', ownerType: 'outlet', ownerId: 'o9', name: 'x', overdraftLimit: -1 },
      { code: 'OUTLET_PREPAID', ownerType: 'outlet', ownerId: 'o9', name: 'x', currency: 'rmb' },
    ]) {
      await expect(ledger.openAccount(bad)).rejects.toMatchObject({ code: 'LEDGER_ACCOUNT_INVALID' });
    }
    expect(await ledger.listAccounts()).toHaveLength(4);
  });

  it('moves money between two accounts, exactly, and keeps available = posted − held', async () => {
    const a = await world();
    const { transfer, replay } = await ledger.transfer(single('t1', a.outlet, a.other, 2_550));
    expect(replay).toBe(false);
    expect(transfer).toMatchObject({ id: 2, kind: 'single', amount: 2_550, currency: 'CNY', code: 'TRANSFER' });
    expect(await ledger.getBalance(a.outlet)).toMatchObject({ posted: 7_450, pending: 0, available: 7_450 });
    expect(await ledger.getBalance(a.other)).toMatchObject({ posted: 2_550, available: 2_550 });
    expect(await ledger.getBalance(a.bank)).toMatchObject({ posted: -10_000 });
    expect(await ledger.lastTransfer(a.outlet)).toMatchObject({ id: 2 });
  });

  it('refuses bad transfers with a stable code and writes nothing', async () => {
    const a = await world();
    const bad: [TransferRequest, string][] = [
      [single('b1', a.outlet, a.other, 0), 'LEDGER_INVALID_AMOUNT'],
      [single('b2', a.outlet, a.other, -5), 'LEDGER_INVALID_AMOUNT'],
      [single('b3', a.outlet, a.other, 1.5), 'LEDGER_INVALID_AMOUNT'],
      [single('b4', a.outlet, a.other, 2 ** 53), 'LEDGER_INVALID_AMOUNT'],
      [single('b5', a.outlet, a.other, '100' as unknown as number), 'LEDGER_INVALID_AMOUNT'],
      [single('b6', a.outlet, a.outlet, 100), 'LEDGER_SAME_ACCOUNT'],
      [single('b7', a.outlet, 'no-such-account', 100), 'LEDGER_ACCOUNT_NOT_FOUND'],
      [single('b8', a.outlet, a.other, 10_001), 'LEDGER_INSUFFICIENT_FUNDS'],
      [{ ...single('b9', a.outlet, a.other, 1), code: 'lower case' }, 'LEDGER_INVALID_REQUEST'],
      [{ ...single('', a.outlet, a.other, 1) }, 'LEDGER_INVALID_REQUEST'],
      [{ kind: 'post', scope: 'test', key: 'b10', pendingId: 99, code: 'TOPUP' }, 'LEDGER_TRANSFER_NOT_FOUND'],
      [{ kind: 'post', scope: 'test', key: 'b11', pendingId: 1, code: 'TOPUP' }, 'LEDGER_NOT_PENDING'],
      [{ kind: 'reverse', scope: 'test', key: 'b12', reversesId: 42, code: 'REVERSAL' }, 'LEDGER_TRANSFER_NOT_FOUND'],
    ];
    for (const [req, code] of bad) {
      await expect(ledger.transfer(req), code).rejects.toMatchObject({ code });
    }
    await ledger.setAccountClosed(a.other, true);
    await expect(ledger.transfer(single('b13', a.outlet, a.other, 1))).rejects.toMatchObject({ code: 'LEDGER_ACCOUNT_CLOSED' });
    const usd = await ledger.openAccount({ code: 'OUTLET_PREPAID', ownerType: 'outlet', ownerId: 'o1', name: '美元户', currency: 'USD' });
    await expect(ledger.transfer(single('b14', a.outlet, usd.id, 1))).rejects.toMatchObject({ code: 'LEDGER_CURRENCY_MISMATCH' });
    expect(await ledger.getBalance(a.outlet)).toMatchObject({ posted: 10_000, available: 10_000 });
    expect((await ledger.verify()).transfers).toBe(1);
  });

  it('answers malformed requests with a code instead of failing the call, alone or in a concurrent batch', async () => {
    // Found by the model-based test (test/ledger/model.test.ts): the stores loaded ids and keys
    // before the request was checked, so PostgreSQL refused `1.5::bigint` and both stores
    // crashed on a null item: the call rejected instead of answering LEDGER_INVALID_REQUEST.
    const a = await world();
    const malformed = [
      { kind: 'post', scope: 'test', key: 'm1', pendingId: 1.5, code: 'TOPUP' },
      { kind: 'reverse', scope: 'test', key: 'm2', reversesId: 1.5, code: 'TOPUP_REVERSAL' },
      { kind: 'void', scope: 'test', key: 'm3', pendingId: NaN, code: 'TOPUP' },
      { kind: 'void', scope: 'test', key: 'm4', pendingId: 2 ** 70, code: 'TOPUP' },
      { kind: 'single', key: 'm5', debitAccountId: a.outlet, creditAccountId: a.other, amount: 1, code: 'TRANSFER' },
      null,
    ] as unknown as TransferRequest[];
    for (const r of malformed) {
      expect((await ledger.apply([r])).map((x) => (x.ok ? 'ok' : x.code)), JSON.stringify(r)).toEqual(['LEDGER_INVALID_REQUEST']);
    }
    const rs = await Promise.all([
      ledger.apply([single('m6', a.outlet, a.other, 100)]),
      ledger.apply([single('m7', a.outlet, a.other, 100), malformed[0]!]),
      ledger.apply([malformed[5]!]),
      ledger.apply([single('m8', a.outlet, a.other, 100)]),
    ]);
    expect(rs.map((r) => r.map((x) => (x.ok ? x.transfer.id : x.code)))).toEqual([[2], ['LEDGER_LINKED_EVENT_FAILED', 'LEDGER_INVALID_REQUEST'], ['LEDGER_INVALID_REQUEST'], [3]]);
  });

  it('stores keys and notes with quotes, backslashes and Chinese exactly as given', async () => {
    const a = await world();
    const key = `o'k\\x\\';drop_table_ledger_accounts;--`;
    const metadata = { note: `王老师's "note" \\n \\' 充值`, other: "';--" };
    const r = await ledger.transfer({ ...single(key, a.outlet, a.other, 100), metadata });
    const back = await ledger.findTransferByKey('test', key);
    expect(back).toMatchObject({ id: r.transfer.id, key, metadata });
    expect((await ledger.transfer({ ...single(key, a.outlet, a.other, 100), metadata })).replay).toBe(true);
    expect(await ledger.listAccounts()).toHaveLength(4);
  });

  it('keeps them exact in a large batch too (PostgreSQL sends 64 or more rows as arrays), and replays the batch', async () => {
    const a = await world();
    const reqs = Array.from({ length: 150 }, (_, i) => ({
      ...single(`big'${i}\\"{,}`, a.outlet, a.other, 1 + (i % 7)),
      metadata: { note: `第${i}笔 "quoted" \\ {a,b} NULL`, i },
    }));
    const first = await Promise.all(reqs.map((r) => ledger.apply([r])));
    expect(first.every(([r]) => r?.ok && !r.replay)).toBe(true);
    for (const i of [0, 77, 149]) {
      expect(await ledger.findTransferByKey('test', `big'${i}\\"{,}`)).toMatchObject({ amount: 1 + (i % 7), metadata: { note: `第${i}笔 "quoted" \\ {a,b} NULL`, i } });
    }
    const again = await Promise.all(reqs.map((r) => ledger.apply([r])));
    expect(again.map(([r]) => (r?.ok ? [r.replay, r.transfer.id] : r?.code))).toEqual(first.map(([r]) => (r?.ok ? [true, r.transfer.id] : r?.code)));
    expect((await ledger.verify()).ok).toBe(true);
  });

  it('lets an account with an overdraft limit go that far below zero and no further', async () => {
    const a = await world(0);
    const agent = await ledger.openAccount({ code: 'AGENT_FLOAT', ownerType: 'agency', ownerId: 'ag1', name: '代理商授信户', overdraftLimit: 500 });
    await ledger.transfer(single('od1', agent.id, a.outlet, 500));
    await expect(ledger.transfer(single('od2', agent.id, a.outlet, 1))).rejects.toMatchObject({ code: 'LEDGER_INSUFFICIENT_FUNDS' });
    expect(await ledger.getBalance(agent.id)).toMatchObject({ available: -500 });
  });

  it('replays a repeated key with the first result, and refuses the same key with another payload', async () => {
    const a = await world();
    const first = await ledger.transfer(single('sms-0001', a.outlet, a.clearing, 5_000, 'TOPUP'));
    const again = await ledger.transfer(single('sms-0001', a.outlet, a.clearing, 5_000, 'TOPUP'));
    expect(again).toEqual({ transfer: first.transfer, replay: true });
    await expect(ledger.transfer(single('sms-0001', a.outlet, a.clearing, 3_000, 'TOPUP'))).rejects.toMatchObject({
      code: 'IDEMPOTENCY_CONFLICT',
      details: { transferId: first.transfer.id },
    });
    expect(await ledger.getBalance(a.outlet)).toMatchObject({ posted: 5_000 });
    expect(await ledger.findTransferByKey('test', 'sms-0001')).toMatchObject({ id: first.transfer.id });
  });

  it('survives an idempotency storm: 50 concurrent requests with one key move money once', async () => {
    const a = await world();
    const instances = [ledger, make(t().peer()), make(t().peer())];
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => instances[i % 3]!.apply([single('storm', a.outlet, a.other, 700)])),
    );
    const ids = new Set(results.map(([r]) => (r?.ok ? r.transfer.id : -1)));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toBeGreaterThan(0);
    expect(results.filter(([r]) => r?.ok && !r.replay)).toHaveLength(1);
    const conflicts = await Promise.all(Array.from({ length: 10 }, () => ledger.apply([single('storm', a.outlet, a.other, 701)])));
    expect(conflicts.every(([r]) => !r?.ok && r?.code === 'IDEMPOTENCY_CONFLICT')).toBe(true);
    expect(await ledger.getBalance(a.outlet)).toMatchObject({ posted: 9_300 });
  });

  it('drain race: 200 concurrent debits of 1 fen from 100 fen — exactly 100 succeed', async () => {
    const a = await world(100);
    const instances = [ledger, ...Array.from({ length: 7 }, () => make(t().peer()))];
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => instances[i % instances.length]!.apply([single(`drain-${i}`, a.outlet, a.clearing, 1)])),
    );
    const ok = results.filter(([r]) => r?.ok).length;
    const refused = results.filter(([r]) => !r?.ok && r?.code === 'LEDGER_INSUFFICIENT_FUNDS').length;
    expect([ok, refused]).toEqual([100, 100]);
    expect(await ledger.getBalance(a.outlet)).toMatchObject({ posted: 0, available: 0 });
  });

  it('holds, then posts part and releases the rest; voids; refuses a second resolution', async () => {
    const a = await world();
    const hold = await ledger.transfer({ kind: 'pending', scope: 'test', key: 'h1', debitAccountId: a.outlet, creditAccountId: a.clearing, amount: 3_000, code: 'TOPUP' });
    expect(await ledger.getBalance(a.outlet)).toMatchObject({ posted: 10_000, pending: 3_000, available: 7_000 });
    await expect(ledger.transfer(single('h-spend', a.outlet, a.other, 7_001))).rejects.toMatchObject({ code: 'LEDGER_INSUFFICIENT_FUNDS' });
    await expect(ledger.transfer({ kind: 'post', scope: 'test', key: 'h1-post-big', pendingId: hold.transfer.id, amount: 3_001, code: 'TOPUP' })).rejects.toMatchObject({ code: 'LEDGER_POST_EXCEEDS_PENDING' });
    const post = await ledger.transfer({ kind: 'post', scope: 'test', key: 'h1-post', pendingId: hold.transfer.id, amount: 2_000, code: 'TOPUP' });
    expect(post.transfer).toMatchObject({ kind: 'post', amount: 2_000, pendingId: hold.transfer.id });
    expect(await ledger.getBalance(a.outlet)).toMatchObject({ posted: 8_000, pending: 0, available: 8_000 });
    expect(await ledger.getBalance(a.clearing)).toMatchObject({ posted: 2_000, creditsPending: 0 });
    await expect(ledger.transfer({ kind: 'void', scope: 'test', key: 'h1-void', pendingId: hold.transfer.id, code: 'TOPUP' })).rejects.toMatchObject({ code: 'LEDGER_ALREADY_RESOLVED' });

    const hold2 = await ledger.transfer({ kind: 'pending', scope: 'test', key: 'h2', debitAccountId: a.outlet, creditAccountId: a.clearing, amount: 1_000, code: 'TOPUP' });
    await ledger.transfer({ kind: 'void', scope: 'test', key: 'h2-void', pendingId: hold2.transfer.id, code: 'TOPUP' });
    expect(await ledger.getBalance(a.outlet)).toMatchObject({ posted: 8_000, available: 8_000 });
  });

  it('one hold, 100 concurrent posts and 100 concurrent voids: exactly one wins', async () => {
    const a = await world();
    const hold = await ledger.transfer({ kind: 'pending', scope: 'test', key: 'race', debitAccountId: a.outlet, creditAccountId: a.clearing, amount: 500, code: 'TOPUP' });
    const instances = [ledger, make(t().peer()), make(t().peer()), make(t().peer())];
    const reqs: TransferRequest[] = Array.from({ length: 200 }, (_, i) =>
      i % 2 === 0
        ? { kind: 'post', scope: 'test', key: `race-post-${i}`, pendingId: hold.transfer.id, code: 'TOPUP' }
        : { kind: 'void', scope: 'test', key: `race-void-${i}`, pendingId: hold.transfer.id, code: 'TOPUP' },
    );
    const results = await Promise.all(reqs.map((r, i) => instances[i % 4]!.apply([r])));
    const winners = results.filter(([r]) => r?.ok);
    expect(winners).toHaveLength(1);
    expect(results.filter(([r]) => !r?.ok && r?.code === 'LEDGER_ALREADY_RESOLVED')).toHaveLength(199);
    const won = winners[0]![0]!;
    const posted = won.ok && won.transfer.kind === 'post';
    expect(await ledger.getBalance(a.outlet)).toMatchObject({ posted: posted ? 9_500 : 10_000, pending: 0 });
  });

  it('releases an expired hold exactly once, and refuses to post it', async () => {
    const a = await world();
    const hold = await ledger.transfer({ kind: 'pending', scope: 'test', key: 'exp', debitAccountId: a.outlet, creditAccountId: a.clearing, amount: 900, code: 'TOPUP', expiresAt: clock.now() + 30 * MINUTE });
    expect(await ledger.expireHolds()).toBe(0);
    clock.advance(30 * MINUTE);
    await expect(ledger.transfer({ kind: 'post', scope: 'test', key: 'exp-post', pendingId: hold.transfer.id, code: 'TOPUP' })).rejects.toMatchObject({ code: 'LEDGER_PENDING_EXPIRED' });
    const [n1, n2] = await Promise.all([ledger.expireHolds(), make(t().peer()).expireHolds()]);
    expect(n1 + n2).toBe(1);
    expect(await ledger.expireHolds()).toBe(0);
    expect(await ledger.getBalance(a.outlet)).toMatchObject({ posted: 10_000, pending: 0, available: 10_000 });
    expect(await ledger.lastTransfer(a.outlet)).toMatchObject({ kind: 'expire', pendingId: hold.transfer.id });
  });

  it('applies a linked group as a whole or not at all', async () => {
    const a = await world();
    const ok = await ledger.transferLinked([single('l1', a.outlet, a.other, 100), single('l2', a.outlet, a.clearing, 200)]);
    expect(ok.transfers.map((x) => x.linkedGroup)).toEqual([ok.transfers[0]!.id, ok.transfers[0]!.id]);
    const rs = await ledger.apply([single('l3', a.outlet, a.other, 100), single('l4', a.outlet, a.clearing, 99_999), single('l5', a.other, a.clearing, 1)]);
    expect(rs.map((r) => (r.ok ? 'ok' : r.code))).toEqual(['LEDGER_LINKED_EVENT_FAILED', 'LEDGER_INSUFFICIENT_FUNDS', 'LEDGER_LINKED_EVENT_FAILED']);
    expect(await ledger.getBalance(a.outlet)).toMatchObject({ posted: 9_700 });
    expect(await ledger.findTransferByKey('test', 'l3')).toBeNull();
  });

  it('reverses once: 3 sequential and 20 concurrent attempts make one reversal; a reversal is final', async () => {
    const a = await world();
    const topup = await ledger.transfer(single('topup-1', a.outlet, a.clearing, 5_000, 'TOPUP'));
    const rev = (key: string): TransferRequest => ({ kind: 'reverse', scope: 'test', key, reversesId: topup.transfer.id, code: 'TOPUP_REVERSAL' });
    const first = await ledger.transfer(rev('rev-1'));
    expect(first.transfer).toMatchObject({ debitAccountId: a.clearing, creditAccountId: a.outlet, amount: 5_000, reversesId: topup.transfer.id });
    await expect(ledger.transfer(rev('rev-2'))).rejects.toMatchObject({ code: 'LEDGER_ALREADY_REVERSED' });
    expect((await ledger.transfer(rev('rev-1'))).replay).toBe(true);
    const storm = await Promise.all(Array.from({ length: 20 }, (_, i) => make(i % 2 ? t().peer() : t().database).apply([rev(`rev-c${i}`)])));
    expect(storm.every(([r]) => !r?.ok && r?.code === 'LEDGER_ALREADY_REVERSED')).toBe(true);
    expect(await ledger.getBalance(a.outlet)).toMatchObject({ posted: 10_000 });
    await expect(ledger.transfer({ kind: 'reverse', scope: 'test', key: 'rev-rev', reversesId: first.transfer.id, code: 'TOPUP_REVERSAL' })).rejects.toMatchObject({ code: 'LEDGER_NOT_REVERSIBLE' });
  });

  it('refuses to reverse a deposit that was already spent (no force)', async () => {
    const a = await world();
    await ledger.transfer(single('spend', a.outlet, a.other, 9_000));
    await expect(ledger.transfer({ kind: 'reverse', scope: 'test', key: 'undo-deposit', reversesId: 1, code: 'DEPOSIT_REVERSAL' })).rejects.toMatchObject({ code: 'LEDGER_INSUFFICIENT_FUNDS' });
    expect(await ledger.getBalance(a.outlet)).toMatchObject({ posted: 1_000 });
  });

  it('gives balances as of a past instant and statements with a running balance', async () => {
    const a = await world();
    const t0 = clock.now();
    clock.advance(HOUR);
    await ledger.transfer(single('s1', a.outlet, a.other, 1_000));
    clock.advance(HOUR);
    await ledger.transfer({ kind: 'pending', scope: 'test', key: 's2', debitAccountId: a.outlet, creditAccountId: a.clearing, amount: 500, code: 'TOPUP' });
    clock.advance(HOUR);
    await ledger.transfer(single('s3', a.other, a.outlet, 250));
    expect(await ledger.getBalance(a.outlet, t0)).toMatchObject({ posted: 10_000, pending: 0 });
    expect(await ledger.getBalance(a.outlet, t0 + HOUR)).toMatchObject({ posted: 9_000, pending: 0 });
    expect(await ledger.getBalance(a.outlet, t0 + 2 * HOUR)).toMatchObject({ posted: 9_000, pending: 500, available: 8_500 });
    expect(await ledger.getBalance(a.outlet)).toEqual(await ledger.getBalance(a.outlet, clock.now()));

    const st = await ledger.getStatement(a.outlet, t0 + 1, clock.now() + 1);
    expect(st.opening.posted).toBe(10_000);
    expect(st.lines.map((l) => [l.transfer.key, l.change, l.balanceAfter])).toEqual([
      ['s1', -1_000, 9_000],
      ['s2', 0, 9_000],
      ['s3', 250, 9_250],
    ]);
    expect(st.closing).toMatchObject({ posted: 9_250, pending: 500 });
    await expect(ledger.getStatement(a.outlet, 10, 5)).rejects.toMatchObject({ code: 'LEDGER_INVALID_REQUEST' });
  });

  it('keeps the journal append-only, and verify names a tampered transfer', async () => {
    const a = await world();
    await ledger.transfer(single('x1', a.outlet, a.other, 100));
    await ledger.transfer(single('x2', a.outlet, a.other, 200));
    const db = t().database.db;
    await expect(sql`update ledger_transfers set amount = 1 where id = 2`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from ledger_transfers where id = 2`.execute(db)).rejects.toThrow(/append-only/);

    // A superuser goes around the guard.
    if (t().dialect === 'postgres') {
      await sql`alter table ledger_transfers disable trigger ledger_transfers_no_change`.execute(db);
    } else {
      await sql`drop trigger ledger_transfers_no_update`.execute(db);
    }
    await sql`update ledger_transfers set amount = 150 where id = 2`.execute(db);
    const report = await ledger.verify();
    expect(report.ok).toBe(false);
    expect(report.faults[0]).toMatchObject({ check: 'hash_chain', transferId: 2 });
    expect(report.faults.some((f) => f.check === 'account_vs_journal')).toBe(true);
    ledger = undefined as unknown as LedgerModule; // the books are broken on purpose
  });
});
