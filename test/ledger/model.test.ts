/**
 * Model-based random test of the ledger (money.md C3 T1): fast-check generates sequences of
 * commands (open, transfer, hold, post, void, expire, reverse, linked groups, replays,
 * conflicting replays, bad input, closed accounts, concurrent calls, clock moves and the
 * expiry job), runs each against the real ledger on a fresh database and against the
 * reference model in ./reference-model.ts, and fails on the first reply that differs.
 * After every step it checks I1–I3 and I6–I8 on the model and through `ledger.verify()`,
 * and compares every account's counters and every new journal row with the model.
 *
 * A failure prints fast-check's seed and path, and the steps that led to it. To replay:
 *   LEDGER_MODEL_SEED=<seed> LEDGER_MODEL_PATH=<path> npx vitest run test/ledger/model.test.ts
 * The first failure is also printed at once, before shrinking (which can take minutes);
 * LEDGER_MODEL_SHRINK=0 skips shrinking.
 * Each sequence runs with a batch size drawn for it: the default (1,000: the calls of one step
 * share a batch) or 1 to 3, so the calls of one step make several batches; on PostgreSQL those
 * are pipelined (the next evaluated while one is written, server/src/modules/ledger/pipeline.ts),
 * and with two instances ('race') the other one's batches land between them.
 *
 * Deeper runs: LEDGER_MODEL_RUNS (sequences, default 30 on PostgreSQL and 100 on SQLite) and
 * LEDGER_MODEL_COMMANDS (commands per sequence, at most; default 60). LEDGER_MODEL_STATS=1 prints
 * how often each outcome was expected, to see that the generator reaches them all.
 */
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { ledgerModule, type LedgerModule, type Transfer, type TransferRequest, type TransferResult } from '../../server/src/modules/ledger/index';
import { DAY, HOUR, MINUTE, TestClock } from '../../server/src/platform/clock';
import type { Database, Dialect } from '../../server/src/platform/db/database';
import { createTestDatabase, describeEachDatabase } from '../helpers/db';
import { availableOf, LedgerModel, MAX, type AnyRequest, type Expected, type MState, type MTransfer } from './reference-model';

// ---- commands (data only; references to accounts and transfers are resolved at run time) ----

/** The debit account: the bank (may go negative), one with money to spend, any, or none at all. */
type From = { p: 'bank' | 'funded' | 'any'; i: number } | 'unknown';
/** The credit account: another account of the same currency (usually), any (maybe the same one), or none. */
type To = { p: 'peer' | 'any'; i: number } | 'unknown';
type BadAmount = 'zero' | 'neg' | 'frac' | 'nan' | 'str' | 'unsafe' | 'inf';
type Amount = { n: number } | { avail: number } | { bad: BadAmount } | 'huge';
type PostAmount = 'full' | { n: number } | { rel: number } | { bad: 'zero' | 'frac' };
type HoldPick = 'open' | 'due' | 'any' | 'latest' | 'resolved' | 'notHold' | 'unknown';
type OrigPick = 'reversible' | 'any' | 'latest' | 'reversal' | 'reversed' | 'hold' | 'unknown';
type ReplayHow = 'same' | 'meta' | 'conflict' | 'otherScope';
type Bad =
  | 'same' | 'unknownDebit' | 'unknownCredit' | 'emptyKey' | 'spaceKey' | 'longKey' | 'noScope' | 'lowerCode'
  | 'fracEventAt' | 'bigMetadata' | 'singleExpiry' | 'fracExpiry' | 'fracPendingId' | 'nanPendingId'
  | 'hugePendingId' | 'stringPendingId' | 'fracReversesId' | 'postZero' | 'bogusKind' | 'nullItem';

type Item =
  | { op: 'transfer'; from: From; to: To; amount: Amount; scope: number; meta: boolean }
  | { op: 'hold'; from: From; to: To; amount: Amount; expiresIn: number | null; scope: number; meta: boolean }
  | { op: 'post'; hold: HoldPick; i: number; amount: PostAmount; scope: number }
  | { op: 'void'; hold: HoldPick; i: number; scope: number }
  /** A caller's own expire request; `asJob`: with the expiry job's scope, key and code. */
  | { op: 'expire'; hold: HoldPick; i: number; asJob: boolean }
  | { op: 'reverse'; orig: OrigPick; i: number; scope: number }
  /**
   * Sends an earlier request again (`ok`: one that succeeded, else any): as it was, with other
   * metadata and event time, with other economic content, or in another scope.
   */
  | { op: 'replay'; ok: boolean; i: number; how: ReplayHow }
  | { op: 'bad'; what: Bad };

type Cmd =
  | { c: 'open'; noNegative: boolean; overdraft: number; currency: 'CNY' | 'USD'; again: number | null }
  /**
   * One `ledger.apply` call per unit, all at once (Promise.all): committed in call order, in one
   * batch or (small batch sizes) in several, pipelined on PostgreSQL.
   */
  | { c: 'apply'; units: Item[][] }
  | { c: 'advance'; ms: number }
  /**
   * Calls at once through two ledger instances (two server processes: on PostgreSQL two pools,
   * two group committers), so the commit order is not known: some interleaving that keeps each
   * instance's call order must explain every reply.
   */
  | { c: 'race'; units: Item[][]; second: boolean[] }
  /** ledger.expireHolds(), once or twice at the same time. */
  | { c: 'expire'; twice: boolean }
  /** Closes an account (by opening order), or reopens a closed one; 'unknown': an account that does not exist. */
  | { c: 'close'; account: number | 'unknown'; closed: boolean };

const SCOPES = ['test', 'sms:o1:13800000001', 'pos:t7', 'bank:icbc'] as const;

const w = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });
const idx = fc.nat({ max: 1000 });
const mostly = fc.oneof(w(3, fc.constant(true)), w(1, fc.constant(false)));
const fromArb = (good: boolean): fc.Arbitrary<From> =>
  fc.oneof(
    w(3, idx.map((i) => ({ p: 'bank' as const, i }))),
    w(5, idx.map((i) => ({ p: 'funded' as const, i }))),
    w(good ? 0 : 3, idx.map((i) => ({ p: 'any' as const, i }))),
    w(good ? 0 : 1, fc.constant('unknown' as const)),
  );
const toArb = (good: boolean): fc.Arbitrary<To> =>
  fc.oneof(
    w(12, idx.map((i) => ({ p: 'peer' as const, i }))),
    w(good ? 0 : 2, idx.map((i) => ({ p: 'any' as const, i }))),
    w(good ? 0 : 1, fc.constant('unknown' as const)),
  );
const amountArb = (good: boolean): fc.Arbitrary<Amount> =>
  fc.oneof(
    w(60, fc.integer({ min: 1, max: 3000 }).map((n) => ({ n }))),
    w(20, fc.integer({ min: good ? -1 : -1, max: good ? 0 : 1 }).map((avail) => ({ avail }))),
    w(good ? 0 : 6, fc.constantFrom<BadAmount>('zero', 'neg', 'frac', 'nan', 'str', 'unsafe', 'inf').map((bad) => ({ bad }))),
    w(good ? 0 : 1, fc.constant('huge' as const)),
  );
const postAmountArb = (good: boolean): fc.Arbitrary<PostAmount> =>
  fc.oneof(
    w(6, fc.constant('full' as const)),
    w(3, fc.integer({ min: -2, max: good ? 0 : 1 }).map((rel) => ({ rel }))),
    w(good ? 0 : 2, fc.integer({ min: 1, max: 3000 }).map((n) => ({ n }))),
    w(good ? 0 : 1, fc.constantFrom('zero' as const, 'frac' as const).map((bad) => ({ bad }))),
  );
const holdPick = (good: boolean) =>
  good ? fc.constantFrom<HoldPick>('open', 'open', 'latest') : fc.constantFrom<HoldPick>('open', 'open', 'open', 'open', 'due', 'any', 'latest', 'latest', 'resolved', 'notHold', 'unknown');
const origPick = (good: boolean) =>
  good ? fc.constantFrom<OrigPick>('reversible', 'reversible', 'latest') : fc.constantFrom<OrigPick>('reversible', 'reversible', 'reversible', 'reversible', 'any', 'latest', 'latest', 'reversal', 'reversed', 'hold', 'unknown');
const scopeArb = fc.nat({ max: SCOPES.length - 1 });
const expiresInArb = fc.option(fc.constantFrom(-MINUTE, 0, 1, 10 * MINUTE, 30 * MINUTE, 2 * HOUR), { nil: null, freq: 2 });
const BADS: Bad[] = [
  'same', 'unknownDebit', 'unknownCredit', 'emptyKey', 'spaceKey', 'longKey', 'noScope', 'lowerCode', 'fracEventAt',
  'bigMetadata', 'singleExpiry', 'fracExpiry', 'fracPendingId', 'nanPendingId', 'hugePendingId', 'stringPendingId',
  'fracReversesId', 'postZero', 'bogusKind', 'nullItem',
];

/** `good`: items that usually succeed (for linked groups, which fail as a whole otherwise). */
const itemArb = (good: boolean): fc.Arbitrary<Item> =>
  fc.oneof(
    w(24, fc.record({ op: fc.constant('transfer' as const), from: fromArb(good), to: toArb(good), amount: amountArb(good), scope: scopeArb, meta: fc.boolean() })),
    w(22, fc.record({ op: fc.constant('hold' as const), from: fromArb(good), to: toArb(good), amount: amountArb(good), expiresIn: expiresInArb, scope: scopeArb, meta: fc.boolean() })),
    w(14, fc.record({ op: fc.constant('post' as const), hold: holdPick(good), i: idx, amount: postAmountArb(good), scope: scopeArb })),
    w(7, fc.record({ op: fc.constant('void' as const), hold: holdPick(good), i: idx, scope: scopeArb })),
    w(good ? 0 : 4, fc.record({ op: fc.constant('expire' as const), hold: fc.constantFrom<HoldPick>('due', 'due', 'open', 'latest'), i: idx, asJob: fc.boolean() })),
    w(10, fc.record({ op: fc.constant('reverse' as const), orig: origPick(good), i: idx, scope: scopeArb })),
    w(good ? 3 : 16, fc.record({ op: fc.constant('replay' as const), ok: mostly, i: idx, how: good ? fc.constant('same' as const) : fc.constantFrom<ReplayHow>('same', 'same', 'meta', 'conflict', 'conflict', 'otherScope') })),
    w(good ? 0 : 5, fc.record({ op: fc.constant('bad' as const), what: fc.constantFrom(...BADS) })),
  );
/** One call: usually one transfer, sometimes a linked group of 2–4, rarely an empty group. */
const unitArb: fc.Arbitrary<Item[]> = fc.oneof(
  w(40, itemArb(false).map((x) => [x])),
  w(12, fc.array(fc.oneof(w(6, itemArb(true)), w(1, itemArb(false))), { minLength: 2, maxLength: 4 })),
  w(1, fc.constant<Item[]>([])),
);
const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  w(40, unitArb.map((u) => ({ c: 'apply' as const, units: [u] }))),
  w(18, fc.array(unitArb, { minLength: 2, maxLength: 6 }).map((units) => ({ c: 'apply' as const, units }))),
  // Many callers at once: with a small batch size, a queue of batches in flight one behind another.
  w(3, fc.array(unitArb, { minLength: 8, maxLength: 30 }).map((units) => ({ c: 'apply' as const, units }))),
  w(
    6,
    fc
      .array(unitArb, { minLength: 2, maxLength: 4 })
      .chain((units) => fc.array(fc.boolean(), { minLength: units.length, maxLength: units.length }).map((second) => ({ c: 'race' as const, units, second }))),
  ),
  w(8, fc.record({ c: fc.constant('advance' as const), ms: fc.constantFrom(1, MINUTE, 10 * MINUTE, 30 * MINUTE, HOUR, DAY) })),
  w(7, fc.record({ c: fc.constant('expire' as const), twice: fc.boolean() })),
  w(
    4,
    fc.record({
      c: fc.constant('open' as const),
      noNegative: mostly,
      overdraft: fc.constantFrom(0, 0, 200, 1000),
      currency: fc.constantFrom<'CNY' | 'USD'>('CNY', 'CNY', 'CNY', 'USD'),
      again: fc.option(fc.nat({ max: 11 }), { nil: null, freq: 4 }),
    }),
  ),
  w(4, fc.record({ c: fc.constant('close' as const), account: fc.oneof(w(10, fc.nat({ max: 11 })), w(1, fc.constant('unknown' as const))), closed: fc.boolean() })),
);

// ---- running one sequence ----

const START = Date.parse('2026-09-01T02:00:00Z');
const NO_ACCOUNT = 'no-such-account';

class Mismatch extends Error {}

/** How often each outcome was expected (LEDGER_MODEL_STATS=1 prints it): does the generator reach them all? */
const outcomes = new Map<string, number>();
const count = (k: string) => outcomes.set(k, (outcomes.get(k) ?? 0) + 1);

class Runner {
  readonly clock = new TestClock(START);
  readonly model = new LedgerModel(START);
  readonly ledger: LedgerModule;
  /** What happened so far, one line per request: printed on failure. */
  readonly log: string[] = [];
  /** Every request sent so far, for replays. */
  private readonly sent: AnyRequest[] = [];
  /** The requests among them that were applied (not replays, not failures). */
  private readonly succeeded: AnyRequest[] = [];
  /** The model's counters just before the clock moved: what getBalance(id, at) must say later. */
  private readonly history: { at: number; counters: Map<string, [number, number, number, number]> }[] = [];
  private nextKey = 1;
  private nextOwner = 1;
  /** Journal rows already compared with the model. */
  private checked = 0;
  private step = 0;

  /** Another instance on its own connections (PostgreSQL) or its own group committer (SQLite). */
  readonly other: LedgerModule;

  constructor(
    database: Database,
    peer: Database,
    private readonly maxBatch: number,
  ) {
    this.ledger = ledgerModule({ database, clock: this.clock, maxBatch });
    this.other = ledgerModule({ database: peer, clock: this.clock, maxBatch });
  }

  private name(id: unknown): string {
    const i = typeof id === 'string' ? this.model.s.order.indexOf(id) : -1;
    return i >= 0 ? `A${i}` : JSON.stringify(id);
  }

  /** A request on one line, accounts by their short names. */
  private show(r: unknown): string {
    return JSON.stringify(r, (k, v: unknown) => {
      if (typeof v === 'number' && !Number.isFinite(v)) {
        return String(v);
      }
      return k === 'debitAccountId' || k === 'creditAccountId' || k === 'accountId' || k === 'debit' || k === 'credit' ? this.name(v) : v;
    });
  }

  private showExpected(e: Expected): string {
    return e.ok ? `ok #${e.transfer.id}${e.replay ? ' (replay)' : ''}` : e.code;
  }

  private fail(what: string): never {
    throw new Mismatch(`step ${this.step}: ${what}\n\nSteps so far (A<n> = n-th account opened):\n${this.log.join('\n')}`);
  }

  async run(cmds: Cmd[]): Promise<void> {
    this.log.push(`setup: batches of at most ${this.maxBatch} requests`);
    this.log.push('setup: open A0 bank CNY (may go negative), A1 outlet, A2 outlet (overdraft 300), A3 clearing (may go negative), A4 bank USD, A5 outlet USD');
    await this.openNew({ code: 'BANK_SETTLEMENT', noNegative: false, overdraft: 0, currency: 'CNY' });
    await this.openNew({ code: 'OUTLET_PREPAID', noNegative: true, overdraft: 0, currency: 'CNY' });
    await this.openNew({ code: 'OUTLET_PREPAID', noNegative: true, overdraft: 300, currency: 'CNY' });
    await this.openNew({ code: 'CARRIER_CLEARING', noNegative: false, overdraft: 0, currency: 'CNY' });
    await this.openNew({ code: 'BANK_SETTLEMENT', noNegative: false, overdraft: 0, currency: 'USD' });
    await this.openNew({ code: 'OUTLET_PREPAID', noNegative: true, overdraft: 0, currency: 'USD' });
    await this.check();
    for (const cmd of cmds) {
      this.step++;
      await this.exec(cmd);
      await this.check();
    }
    await this.finalCheck();
  }

  private async exec(cmd: Cmd): Promise<void> {
    switch (cmd.c) {
      case 'open':
        if (cmd.again !== null) {
          const a = this.model.s.accounts.get(this.model.s.order[cmd.again % this.model.s.order.length]!)!;
          const [code, ownerType, ownerId, currency] = a.owner.split('|') as [string, string, string, string];
          this.log.push(`#${this.step} open ${this.name(a.id)} again (${a.owner}, asking noNegative=${cmd.noNegative})`);
          const info = await this.ledger.openAccount({ code, ownerType, ownerId, currency, name: '再开户', noNegative: cmd.noNegative, overdraftLimit: cmd.overdraft });
          if (info.id !== a.id || info.noNegative !== a.noNegative || info.overdraftLimit !== a.overdraft || info.closed !== a.closed) {
            this.fail(`opening ${a.owner} again gave ${this.show(info)}, expected the existing ${this.show(a)}`);
          }
          return;
        }
        await this.openNew({ code: 'CARD_WALLET', noNegative: cmd.noNegative, overdraft: cmd.overdraft, currency: cmd.currency });
        return;
      case 'apply':
        return this.apply(cmd.units);
      case 'race':
        return this.race(cmd.units, cmd.second);
      case 'advance':
        this.snapshot();
        this.clock.advance(cmd.ms);
        this.model.now = this.clock.now();
        this.log.push(`#${this.step} clock +${cmd.ms} ms → ${new Date(this.clock.now()).toISOString()}`);
        return;
      case 'expire': {
        const want = this.model.expireDue();
        count(`expireHolds released ${Math.min(want.released, 3)}${want.released >= 3 ? '+' : ''}`);
        this.log.push(`#${this.step} expireHolds()${cmd.twice ? ' twice at once' : ''} ⇒ expect ${want.released} released (#${want.ids.join(', #')})`);
        const got = cmd.twice ? (await Promise.all([this.ledger.expireHolds(), this.ledger.expireHolds()])).reduce((x, y) => x + y, 0) : await this.ledger.expireHolds();
        if (got !== want.released) {
          this.fail(`expireHolds released ${got}, the model ${want.released}`);
        }
        return;
      }
      case 'close': {
        const s = this.model.s;
        const closed = s.order.filter((x) => s.accounts.get(x)!.closed);
        const id = cmd.account === 'unknown' ? NO_ACCOUNT : !cmd.closed && closed.length > 0 ? closed[cmd.account % closed.length]! : s.order[cmd.account % s.order.length]!;
        this.log.push(`#${this.step} setAccountClosed(${this.name(id)}, ${cmd.closed})`);
        const a = this.model.s.accounts.get(id);
        try {
          await this.ledger.setAccountClosed(id, cmd.closed);
        } catch (e) {
          if (!a && (e as { code?: string }).code === 'LEDGER_ACCOUNT_NOT_FOUND') {
            return;
          }
          this.fail(`setAccountClosed threw ${String(e)}`);
        }
        if (!a) {
          this.fail('setAccountClosed of an unknown account did not throw LEDGER_ACCOUNT_NOT_FOUND');
        }
        a.closed = cmd.closed;
        return;
      }
    }
  }

  private async openNew(o: { code: string; noNegative: boolean; overdraft: number; currency: 'CNY' | 'USD' }): Promise<void> {
    const ownerId = `u${this.nextOwner++}`;
    const ownerType = o.code === 'CARD_WALLET' ? 'card' : o.code === 'OUTLET_PREPAID' ? 'outlet' : 'platform';
    const info = await this.ledger.openAccount({ code: o.code, ownerType, ownerId, currency: o.currency, name: `测试账户 ${ownerId}`, noNegative: o.noNegative, overdraftLimit: o.overdraft });
    const owner = `${o.code}|${ownerType}|${ownerId}|${o.currency}`;
    if (this.model.open(owner) || this.model.s.accounts.has(info.id)) {
      this.fail(`a new owner ${owner} got an existing account`);
    }
    this.model.addAccount({ id: info.id, owner, currency: o.currency, noNegative: o.noNegative, overdraft: o.overdraft });
    if (this.step > 0) {
      this.log.push(`#${this.step} open ${this.name(info.id)} ${o.code} ${o.currency} noNegative=${o.noNegative} overdraft=${o.overdraft}`);
    }
  }

  private async apply(units: Item[][]): Promise<void> {
    const planned = units.map((items) => {
      const p = this.model.apply(items.map((item) => (s: MState) => this.build(s, item)));
      p.expected.forEach((e, i) => {
        if (e.ok && !e.replay) {
          this.succeeded.push(p.requests[i]!);
        }
      });
      return p;
    });
    this.log.push(
      `#${this.step} ${units.length > 1 ? `${units.length} calls at once` : 'one call'}:\n` +
        planned
          .map(
            (p, u) =>
              `    call ${u}${p.requests.length > 1 ? ' (linked group)' : ''}:` +
              (p.requests.length === 0 ? ' []  ⇒ ' + this.showExpected(p.expected[0]!) : '') +
              p.requests.map((r, i) => `\n      ${this.show(r)}  ⇒ ${this.showExpected(p.expected[i]!)}`).join(''),
          )
          .join('\n'),
    );
    for (const p of planned) {
      count(units.length > 1 ? 'concurrent call' : 'single call');
      if (p.requests.length > 1) {
        count(p.expected[0]!.ok ? 'linked group ok' : 'linked group failed');
      }
      for (const e of p.expected) {
        count(e.ok ? `ok ${e.transfer.reversesId !== null ? 'reverse' : e.transfer.kind}${e.replay ? ' replay' : ''}` : e.code);
      }
    }
    const settled = await Promise.allSettled(planned.map((p) => this.ledger.apply(p.requests as TransferRequest[])));
    settled.forEach((s, u) => {
      if (s.status === 'rejected') {
        this.fail(`call ${u} was rejected (apply must answer every request): ${String(s.reason)}`);
      }
      const want = planned[u]!.expected;
      if (s.value.length !== want.length) {
        this.fail(`call ${u}: ${s.value.length} results for ${want.length} expected`);
      }
      s.value.forEach((got, i) => this.compare(`call ${u} item ${i}`, got, want[i]!));
    });
  }

  private async race(units: Item[][], second: boolean[]): Promise<void> {
    // The requests are built once, in call order, on a scratch copy; the order they commit in is open.
    const scratch = this.model.fork();
    const requests = units.map((items) => scratch.apply(items.map((item) => (s: MState) => this.build(s, item))).requests);
    const via = (u: number) => (second[u] ? 'B' : 'A');
    this.log.push(
      `#${this.step} ${units.length} calls at once through two instances A and B (any interleaving):\n` +
        requests.map((rs, u) => `    call ${u} via ${via(u)}${rs.length > 1 ? ' (linked group)' : ''}:${rs.length === 0 ? ' []' : ''}${rs.map((r) => `\n      ${this.show(r)}`).join('')}`).join('\n'),
    );
    const settled = await Promise.allSettled(requests.map((rs, u) => (second[u] ? this.other : this.ledger).apply(rs as TransferRequest[])));
    const got: TransferResult[][] = settled.map((x, u) => {
      if (x.status === 'rejected') {
        this.fail(`call ${u} was rejected (apply must answer every request): ${String(x.reason)}`);
      }
      return x.value;
    });
    for (const order of interleavings(units.map((_u, i) => i), (u) => second[u]!)) {
      const m = this.model.fork();
      const expected: Expected[][] = [];
      for (const u of order) {
        expected[u] = m.apply(requests[u]!.map((r) => () => r)).expected;
      }
      if (got.every((rs, u) => rs.length === expected[u]!.length && rs.every((r, i) => this.problem(r, expected[u]![i]!) === null))) {
        this.model.s = m.s;
        this.log.push(`    ⇒ committed as ${order.map((u) => `call ${u}`).join(', ')}: ${expected.map((es) => es.map((e) => this.showExpected(e)).join(' + ')).join(' | ')}`);
        requests.forEach((rs, u) =>
          rs.forEach((r, i) => {
            const e = expected[u]![i]!;
            if (e.ok && !e.replay) {
              this.succeeded.push(r);
            }
          }),
        );
        count('race explained');
        return;
      }
    }
    this.fail(`no order of the calls explains the replies: ${got.map((rs) => rs.map((r) => (r.ok ? `ok #${r.transfer.id}${r.replay ? ' (replay)' : ''}` : r.code)).join(' + ')).join(' | ')}`);
  }

  private problem(got: TransferResult, want: Expected): string | null {
    if (got.ok !== want.ok) {
      return 'ok differs';
    }
    if (!got.ok || !want.ok) {
      if (got.ok || want.ok || got.code !== want.code) {
        return 'code differs';
      }
      const off = Object.keys(want.details).filter((k) => !isDeepStrictEqual(got.details[k], want.details[k]));
      return off.length > 0 ? `details differ in ${off.join(', ')}` : null;
    }
    if (got.replay !== want.replay) {
      return 'replay flag differs';
    }
    const off = diffTransfer(got.transfer, want.transfer);
    return off.length > 0 ? `transfer differs in ${off.join(', ')}` : null;
  }

  private compare(where: string, got: TransferResult, want: Expected): void {
    const p = this.problem(got, want);
    if (p) {
      this.fail(`${where}: ${p}\n  ledger: ${this.show(got)}\n  model:  ${this.show(want)}`);
    }
  }

  /** After every step: the model's own invariants, verify(), every account, new journal rows. */
  private async check(): Promise<void> {
    const broken = this.model.invariants();
    if (broken.length > 0) {
      this.fail(`the model broke its invariants (a bug in the model): ${broken.join('; ')}`);
    }
    const report = await this.ledger.verify();
    if (!report.ok || report.faults.length > 0) {
      this.fail(`verify() found faults: ${JSON.stringify(report.faults)}`);
    }
    if (report.transfers !== this.model.s.transfers.length) {
      this.fail(`the journal has ${report.transfers} transfers, the model ${this.model.s.transfers.length}`);
    }
    for (const c of report.currencies) {
      if (c.posted !== 0 || c.pending !== 0) {
        this.fail(`I1: ${c.currency} sums to posted ${c.posted}, pending ${c.pending}`);
      }
    }
    const accounts = await this.ledger.listAccounts();
    if (accounts.length !== this.model.s.accounts.size) {
      this.fail(`${accounts.length} accounts in the ledger, ${this.model.s.accounts.size} in the model`);
    }
    for (const a of accounts) {
      const m = this.model.s.accounts.get(a.id);
      const b = a.balance;
      if (
        !m ||
        b.debitsPending !== m.dp || b.debitsPosted !== m.dpo || b.creditsPending !== m.cp || b.creditsPosted !== m.cpo ||
        b.available !== availableOf(m) || a.closed !== m.closed || a.noNegative !== m.noNegative || a.overdraftLimit !== m.overdraft || a.currency !== m.currency
      ) {
        this.fail(`account ${this.name(a.id)} differs\n  ledger: ${this.show(a)}\n  model:  ${this.show(m)}`);
      }
      if (a.noNegative && b.available < -a.overdraftLimit) {
        this.fail(`I3: ${this.name(a.id)} is below its limit: ${this.show(b)}`);
      }
    }
    // Every journal row written since the last step, including the expiry job's, as the model has it.
    for (let id = this.checked + 1; id <= this.model.s.transfers.length; id++) {
      const got = await this.ledger.getTransfer(id);
      const want = this.model.s.transfers[id - 1]!;
      const off = diffTransfer(got, want);
      if (off.length > 0) {
        this.fail(`journal row ${id} differs in ${off.join(', ')}\n  ledger: ${this.show(got)}\n  model:  ${this.show(want)}`);
      }
    }
    this.checked = this.model.s.transfers.length;
  }

  private snapshot(): void {
    const counters = new Map([...this.model.s.accounts.values()].map((a) => [a.id, [a.dp, a.dpo, a.cp, a.cpo] as [number, number, number, number]]));
    this.history.push({ at: this.clock.now(), counters });
  }

  /** At the end: balances as of past instants, and lookups by key. */
  private async finalCheck(): Promise<void> {
    this.snapshot();
    for (const h of this.history.slice(-6)) {
      for (const [id, [dp, dpo, cp, cpo]] of h.counters) {
        const b = await this.ledger.getBalance(id, h.at);
        if (b.debitsPending !== dp || b.debitsPosted !== dpo || b.creditsPending !== cp || b.creditsPosted !== cpo) {
          this.fail(`getBalance(${this.name(id)}, ${new Date(h.at).toISOString()}) = ${this.show(b)}, the model had ${JSON.stringify({ dp, dpo, cp, cpo })}`);
        }
      }
    }
    for (const t of this.model.s.transfers) {
      const got = await this.ledger.findTransferByKey(t.scope, t.key);
      if (got?.id !== t.id) {
        this.fail(`findTransferByKey(${t.scope}, ${t.key}) gave ${got?.id}, expected ${t.id}`);
      }
    }
  }

  // ---- building requests against the state the item sees ----

  private debitAccount(s: MState, f: From): string {
    if (f === 'unknown') {
      return NO_ACCOUNT;
    }
    const accounts = s.order.map((id) => s.accounts.get(id)!);
    const pool =
      f.p === 'bank' ? accounts.filter((a) => !a.noNegative && !a.closed)
      : f.p === 'funded' ? accounts.filter((a) => !a.closed && (!a.noNegative || availableOf(a) + a.overdraft > 0))
      : accounts;
    return (this.pick(pool, f.i) ?? accounts[0]!).id;
  }

  private creditAccount(s: MState, debit: string, t: To): string {
    if (t === 'unknown') {
      return NO_ACCOUNT;
    }
    const accounts = s.order.map((id) => s.accounts.get(id)!);
    const currency = s.accounts.get(debit)?.currency ?? 'CNY';
    const peers = accounts.filter((a) => a.id !== debit && a.currency === currency && !a.closed);
    const others = accounts.filter((a) => a.id !== debit);
    return (t.p === 'peer' ? (this.pick(peers, t.i) ?? this.pick(others, t.i)!) : this.pick(accounts, t.i)!).id;
  }

  private key(scope: number): { scope: string; key: string } {
    return { scope: SCOPES[scope % SCOPES.length]!, key: `k${this.nextKey++}` };
  }

  private amount(s: MState, debit: string, a: Amount): number {
    if (a === 'huge') {
      return MAX;
    }
    if ('n' in a) {
      return a.n;
    }
    if ('avail' in a) {
      // Exactly what the debit account can still spend, or one fen either side.
      const acc = s.accounts.get(debit);
      const room = acc?.noNegative ? availableOf(acc) + acc.overdraft : 1000;
      return Math.max(1, room + a.avail);
    }
    return ({ zero: 0, neg: -5, frac: 1.5, nan: NaN, str: '100' as unknown as number, unsafe: 2 ** 53, inf: Infinity } as const)[a.bad];
  }

  private unknownId(s: MState, i: number): number {
    // The next id (which this very request would get), far beyond, zero, negative.
    return [s.transfers.length + 1, s.transfers.length + 1000, 0, -1][i % 4]!;
  }

  private pick<T>(xs: T[], i: number): T | undefined {
    return xs.length === 0 ? undefined : xs[i % xs.length];
  }

  private hold(s: MState, how: HoldPick, i: number): number {
    const holds = s.transfers.filter((t) => t.kind === 'pending');
    const open = holds.filter((t) => !s.resolvedBy.has(t.id));
    const any = () => this.pick(holds, i)?.id ?? this.unknownId(s, i);
    switch (how) {
      case 'open':
        return this.pick(open, i)?.id ?? any();
      case 'due':
        return this.pick(open.filter((t) => t.expiresAt !== null && t.expiresAt <= this.model.now), i)?.id ?? any();
      case 'any':
        return any();
      case 'latest':
        return s.transfers.length || 1;
      case 'resolved':
        return this.pick(holds.filter((t) => s.resolvedBy.has(t.id)), i)?.id ?? any();
      case 'notHold':
        return this.pick(s.transfers.filter((t) => t.kind !== 'pending'), i)?.id ?? this.unknownId(s, i);
      case 'unknown':
        return this.unknownId(s, i);
    }
  }

  private original(s: MState, how: OrigPick, i: number): number {
    const any = () => this.pick(s.transfers, i)?.id ?? this.unknownId(s, i);
    const where = (f: (t: MTransfer) => boolean) => this.pick(s.transfers.filter(f), i)?.id ?? any();
    switch (how) {
      case 'reversible':
        return where((t) => (t.kind === 'single' || t.kind === 'post') && t.reversesId === null && !s.reversedBy.has(t.id));
      case 'any':
        return any();
      case 'latest':
        return s.transfers.length || 1;
      case 'reversal':
        return where((t) => t.reversesId !== null);
      case 'reversed':
        return where((t) => s.reversedBy.has(t.id));
      case 'hold':
        return where((t) => t.kind !== 'single' && t.kind !== 'post');
      case 'unknown':
        return this.unknownId(s, i);
    }
  }

  private meta(on: boolean): Pick<TransferRequest, 'metadata' | 'eventAt'> {
    return on ? { metadata: { step: this.step, note: '测试' }, eventAt: this.model.now - 5_000 } : {};
  }

  private build(s: MState, item: Item): AnyRequest {
    const r = this.buildRaw(s, item);
    this.sent.push(r);
    return r;
  }

  private buildRaw(s: MState, item: Item): AnyRequest {
    switch (item.op) {
      case 'transfer':
      case 'hold': {
        const debit = this.debitAccount(s, item.from);
        const base = { ...this.key(item.scope), debitAccountId: debit, creditAccountId: this.creditAccount(s, debit, item.to), amount: this.amount(s, debit, item.amount), ...this.meta(item.meta) };
        return item.op === 'transfer'
          ? { kind: 'single', ...base, code: 'TRANSFER' }
          : { kind: 'pending', ...base, code: 'TOPUP', ...(item.expiresIn === null ? {} : { expiresAt: this.model.now + item.expiresIn }) };
      }
      case 'post': {
        const pendingId = this.hold(s, item.hold, item.i);
        const held = s.transfers[pendingId - 1]?.amount ?? 100;
        const a = item.amount;
        const amount = a === 'full' ? undefined : 'n' in a ? a.n : 'rel' in a ? Math.max(1, held + a.rel) : a.bad === 'zero' ? 0 : 0.5;
        return { kind: 'post', ...this.key(item.scope), pendingId, code: 'TOPUP', ...(amount === undefined ? {} : { amount }) };
      }
      case 'void':
        return { kind: 'void', ...this.key(item.scope), pendingId: this.hold(s, item.hold, item.i), code: 'TOPUP_VOID' };
      case 'expire': {
        const pendingId = this.hold(s, item.hold, item.i);
        return item.asJob
          ? { kind: 'expire', scope: 'ledger:expire', key: String(pendingId), pendingId, code: 'HOLD_EXPIRED' }
          : { kind: 'expire', ...this.key(0), pendingId, code: 'HOLD_EXPIRED' };
      }
      case 'reverse':
        return { kind: 'reverse', ...this.key(item.scope), reversesId: this.original(s, item.orig, item.i), code: 'TOPUP_REVERSAL' };
      case 'replay': {
        const before = (item.ok ? this.pick(this.succeeded, item.i) : undefined) ?? this.pick(this.sent, item.i);
        if (before === undefined) {
          return this.buildRaw(s, { op: 'transfer', from: { p: 'bank', i: 0 }, to: { p: 'peer', i: 0 }, amount: { n: 1 }, scope: 0, meta: false });
        }
        if (typeof before !== 'object' || before === null || item.how === 'same') {
          return before;
        }
        const r = { ...before } as Record<string, unknown>;
        if (item.how === 'meta') {
          return { ...r, metadata: { retry: this.step }, eventAt: this.model.now - 7 };
        }
        if (item.how === 'otherScope') {
          const at = SCOPES.indexOf(r.scope as (typeof SCOPES)[number]);
          return { ...r, scope: SCOPES[(at + 1) % SCOPES.length] };
        }
        // Same key, other economic content.
        if ((r.kind === 'single' || r.kind === 'pending') && typeof r.amount === 'number') {
          return { ...r, amount: r.amount + 1 };
        }
        if (r.kind === 'post') {
          return { ...r, amount: typeof r.amount === 'number' ? r.amount + 1 : 1 };
        }
        return { ...r, code: r.code === 'CONFLICTING' ? 'CONFLICTING_TOO' : 'CONFLICTING' };
      }
      case 'bad':
        return this.bad(s, item.what);
    }
  }

  private bad(s: MState, what: Bad): AnyRequest {
    const [bank, outlet] = [s.order[0]!, s.order[1]!];
    const single = { kind: 'single', ...this.key(0), debitAccountId: bank, creditAccountId: outlet, amount: 100, code: 'TRANSFER' };
    const anyId = s.transfers.length > 0 ? s.transfers.length : 1;
    switch (what) {
      case 'same':
        return { ...single, creditAccountId: bank };
      case 'unknownDebit':
        return { ...single, debitAccountId: NO_ACCOUNT };
      case 'unknownCredit':
        return { ...single, creditAccountId: NO_ACCOUNT };
      case 'emptyKey':
        return { ...single, key: '' };
      case 'spaceKey':
        return { ...single, key: 'a b' };
      case 'longKey':
        return { ...single, key: 'k'.repeat(129) };
      case 'noScope': {
        const { scope: _scope, ...rest } = single;
        return rest;
      }
      case 'lowerCode':
        return { ...single, code: 'transfer' };
      case 'fracEventAt':
        return { ...single, eventAt: 1.5 };
      case 'bigMetadata':
        return { ...single, metadata: { note: 'x'.repeat(2001) } };
      case 'singleExpiry':
        return { ...single, expiresAt: this.model.now + HOUR };
      case 'fracExpiry':
        return { ...single, kind: 'pending', expiresAt: this.model.now + 0.5 };
      case 'fracPendingId':
        return { kind: 'post', ...this.key(0), pendingId: anyId + 0.5, code: 'TOPUP' };
      case 'nanPendingId':
        return { kind: 'void', ...this.key(0), pendingId: NaN, code: 'TOPUP_VOID' };
      case 'hugePendingId':
        return { kind: 'void', ...this.key(0), pendingId: 2 ** 70, code: 'TOPUP_VOID' };
      case 'stringPendingId':
        return { kind: 'void', ...this.key(0), pendingId: String(anyId), code: 'TOPUP_VOID' };
      case 'fracReversesId':
        return { kind: 'reverse', ...this.key(0), reversesId: anyId + 0.5, code: 'TOPUP_REVERSAL' };
      case 'postZero':
        return { kind: 'post', ...this.key(0), pendingId: anyId, amount: 0, code: 'TOPUP' };
      case 'bogusKind':
        return { ...single, kind: 'transfer' };
      case 'nullItem':
        return null;
    }
  }
}

/** Every order of `xs` that keeps the relative order of the items on each side of `side`. */
function* interleavings(xs: number[], side: (x: number) => boolean): Generator<number[]> {
  const a = xs.filter((x) => !side(x));
  const b = xs.filter((x) => side(x));
  function* go(i: number, j: number, acc: number[]): Generator<number[]> {
    if (i === a.length && j === b.length) {
      yield acc;
      return;
    }
    if (i < a.length) {
      yield* go(i + 1, j, [...acc, a[i]!]);
    }
    if (j < b.length) {
      yield* go(i, j + 1, [...acc, b[j]!]);
    }
  }
  yield* go(0, 0, []);
}

function diffTransfer(got: Transfer, want: MTransfer): string[] {
  const pairs: [string, unknown, unknown][] = [
    ['id', got.id, want.id],
    ['scope', got.scope, want.scope],
    ['key', got.key, want.key],
    ['kind', got.kind, want.kind],
    ['debitAccountId', got.debitAccountId, want.debit],
    ['creditAccountId', got.creditAccountId, want.credit],
    ['amount', got.amount, want.amount],
    ['currency', got.currency, want.currency],
    ['code', got.code, want.code],
    ['pendingId', got.pendingId, want.pendingId],
    ['reversesId', got.reversesId, want.reversesId],
    ['linkedGroup', got.linkedGroup, want.linkedGroup],
    ['expiresAt', got.expiresAt, want.expiresAt],
    ['eventAt', got.eventAt, want.eventAt],
    ['createdAt', got.createdAt, want.createdAt],
    ['metadata', got.metadata, want.metadata],
  ];
  return pairs.filter(([, g, w]) => !isDeepStrictEqual(g, w)).map(([k]) => k);
}

async function runSequence(dialect: Dialect, cmds: Cmd[], maxBatch: number): Promise<void> {
  const db = await createTestDatabase(dialect);
  try {
    await new Runner(db.database, db.peer(), maxBatch).run(cmds);
  } finally {
    await db.drop();
  }
}

const envInt = (name: string): number | undefined => {
  const v = process.env[name];
  return v === undefined || v === '' ? undefined : Number(v);
};

const RUNS = envInt('LEDGER_MODEL_RUNS');
/** Generous: a failure is shrunk (each try on a fresh database) before it is reported. */
const TIMEOUT = envInt('LEDGER_MODEL_TIMEOUT_MS') ?? Math.max(180_000, (RUNS ?? 0) * 6_000);

describeEachDatabase('ledger model-based random test', (t) => {
  const dialect = (): Dialect => t().dialect;
  it('replies and books match the reference model after every step of random command sequences', async () => {
    outcomes.clear();
    const numRuns = RUNS ?? (dialect() === 'postgres' ? 30 : 100);
    const maxCommands = envInt('LEDGER_MODEL_COMMANDS') ?? 60;
    const seed = envInt('LEDGER_MODEL_SEED');
    const path = process.env.LEDGER_MODEL_PATH;
    const started = Date.now();
    let commands = 0;
    let failed = false;
    await fc.assert(
      fc.asyncProperty(fc.array(cmdArb, { minLength: 1, maxLength: maxCommands, size: 'max' }), fc.constantFrom(1000, 1, 2, 3), async (cmds, maxBatch) => {
        commands += cmds.length;
        try {
          await runSequence(dialect(), cmds, maxBatch);
        } catch (e) {
          if (!failed) {
            // Shrinking can take minutes (a fresh database per try): say what failed right away.
            failed = true;
            process.stderr.write(`ledger model [${dialect()}]: a sequence failed; shrinking it now. First failure:\n${String(e).slice(0, 4000)}\n`);
          }
          throw e;
        }
      }),
      {
        numRuns,
        // Seed, path, counterexample and our step log are printed on any failure; verbose mode adds
        // every failing sequence met while shrinking (long): LEDGER_MODEL_VERBOSE=1.
        verbose: process.env.LEDGER_MODEL_VERBOSE === '1',
        includeErrorInReport: true,
        // Report (with the seed) before the test's own timeout strikes, even while shrinking.
        interruptAfterTimeLimit: TIMEOUT - 20_000,
        ...(seed === undefined ? {} : { seed }),
        ...(path === undefined ? {} : { path }),
        // LEDGER_MODEL_SHRINK=0: report the first failing sequence as it is (fast, but long).
        ...(path !== undefined || process.env.LEDGER_MODEL_SHRINK === '0' ? { endOnFailure: true } : {}),
      },
    );
    process.stdout.write(`ledger model [${dialect()}]: ${numRuns} sequences, ${commands} commands in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    if (process.env.LEDGER_MODEL_STATS === '1') {
      process.stdout.write([...outcomes].sort((x, y) => y[1] - x[1]).map(([k, n]) => `  ${String(n).padStart(6)}  ${k}\n`).join(''));
    }
    expect(commands).toBeGreaterThan(0);
  }, TIMEOUT);
});
