/**
 * The ledger's rules, as a pure function over what a batch loaded: no I/O, no clock, no
 * database. Both stores (SQLite, PostgreSQL) load the same state, call `evaluate`, and write
 * what it returns, so the rules exist once and are tested once.
 *
 * A unit is one transfer or a linked group that succeeds or fails as a whole.
 */
import { MAX_FEN } from '../../platform/money';
import { fingerprintOf, hashOf } from './hash';
import { LedgerErrors, type LedgerErrorCode } from './ledger.errors';
import type { AccountRow, Head, Metadata, TransferRequest, TransferResult, TransferRow } from './types';
import { toTransfer } from './types';

export interface Unit {
  items: TransferRequest[];
}

export interface Loaded {
  head: Head;
  accounts: Map<string, AccountRow>;
  /** Existing transfers by `scope \0 key`. */
  byKey: Map<string, TransferRow>;
  /** Transfers referenced by id (pendings to post/void, originals to reverse). */
  byId: Map<number, TransferRow>;
  /** Pending ids that already have a post, void or expire. */
  resolved: Set<number>;
  /** Transfer ids that already have a reversal. */
  reversed: Set<number>;
}

export interface Outcome {
  results: TransferResult[][];
  inserts: TransferRow[];
  /** Accounts whose counters changed, with their new values. */
  touched: Map<string, AccountRow>;
  head: Head;
}

export const keyOf = (scope: string, key: string) => `${scope}\u0000${key}`;

/**
 * What a batch needs loaded before it can be evaluated. A request that fails `checkRequest`
 * is refused before anything loaded is read, so nothing is loaded for it: its ids and keys
 * may not even be of a type the queries accept (null, 1.5, NaN, 2^70 as a bigint).
 */
export function plan(units: Unit[]): { keys: { scope: string; key: string }[]; transferIds: number[]; accountIds: string[] } {
  const keys: { scope: string; key: string }[] = [];
  const transferIds = new Set<number>();
  const accountIds = new Set<string>();
  for (const u of units) {
    for (const r of u.items) {
      if (!wellFormed(r)) {
        continue;
      }
      keys.push({ scope: r.scope, key: r.key });
      switch (r.kind) {
        case 'single':
        case 'pending':
          accountIds.add(r.debitAccountId);
          accountIds.add(r.creditAccountId);
          break;
        case 'post':
        case 'void':
        case 'expire':
          transferIds.add(r.pendingId);
          break;
        case 'reverse':
          transferIds.add(r.reversesId);
          break;
      }
    }
  }
  return { keys, transferIds: [...transferIds], accountIds: [...accountIds] };
}

class Failure extends Error {
  constructor(
    readonly code: LedgerErrorCode,
    readonly details: Record<string, unknown> = {},
  ) {
    super(code);
  }
}

function fail(code: LedgerErrorCode, details: Record<string, unknown> = {}): never {
  throw new Failure(code, details);
}

function isAmount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
}

const SCOPE_KEY = /^[\x21-\x7e\u4e00-\u9fff]{1,128}$/;

/** Shape checks that need no state. */
export function checkRequest(r: TransferRequest): void {
  if (typeof r !== 'object' || r === null) {
    fail('LEDGER_INVALID_REQUEST');
  }
  if (typeof r.scope !== 'string' || !SCOPE_KEY.test(r.scope) || typeof r.key !== 'string' || !SCOPE_KEY.test(r.key)) {
    fail('LEDGER_INVALID_REQUEST', { field: 'scope/key', reason: '幂等范围和流水号为 1 到 128 个可见字符' });
  }
  if (typeof r.code !== 'string' || !/^[A-Z][A-Z0-9_]{1,39}$/.test(r.code)) {
    fail('LEDGER_INVALID_REQUEST', { field: 'code', reason: '业务代码为大写字母、数字和下划线，例如 TOPUP' });
  }
  if (r.eventAt !== undefined && !Number.isSafeInteger(r.eventAt)) {
    fail('LEDGER_INVALID_REQUEST', { field: 'eventAt' });
  }
  if (r.metadata !== undefined && (typeof r.metadata !== 'object' || r.metadata === null || JSON.stringify(r.metadata).length > 2000)) {
    fail('LEDGER_INVALID_REQUEST', { field: 'metadata', reason: '附加信息为不超过 2000 字符的对象' });
  }
  switch (r.kind) {
    case 'single':
    case 'pending':
      if (typeof r.debitAccountId !== 'string' || typeof r.creditAccountId !== 'string') {
        fail('LEDGER_INVALID_REQUEST', { field: 'account' });
      }
      if (!isAmount(r.amount)) {
        fail('LEDGER_INVALID_AMOUNT', { amount: String(r.amount) });
      }
      if (r.debitAccountId === r.creditAccountId) {
        fail('LEDGER_SAME_ACCOUNT', { accountId: r.debitAccountId });
      }
      if (r.kind === 'single' && r.expiresAt !== undefined) {
        fail('LEDGER_INVALID_REQUEST', { field: 'expiresAt', reason: '只有冻结交易可以设置过期时间' });
      }
      if (r.expiresAt !== undefined && !Number.isSafeInteger(r.expiresAt)) {
        fail('LEDGER_INVALID_REQUEST', { field: 'expiresAt' });
      }
      return;
    case 'post':
      if (!Number.isSafeInteger(r.pendingId) || (r.amount !== undefined && !isAmount(r.amount))) {
        fail(r.amount !== undefined && !isAmount(r.amount) ? 'LEDGER_INVALID_AMOUNT' : 'LEDGER_INVALID_REQUEST', { field: 'pendingId/amount' });
      }
      return;
    case 'void':
    case 'expire':
      if (!Number.isSafeInteger(r.pendingId)) {
        fail('LEDGER_INVALID_REQUEST', { field: 'pendingId' });
      }
      return;
    case 'reverse':
      if (!Number.isSafeInteger(r.reversesId)) {
        fail('LEDGER_INVALID_REQUEST', { field: 'reversesId' });
      }
      return;
    default:
      fail('LEDGER_INVALID_REQUEST', { field: 'kind' });
  }
}

function wellFormed(r: TransferRequest): boolean {
  try {
    checkRequest(r);
    return true;
  } catch (e) {
    if (e instanceof Failure) {
      return false;
    }
    throw e;
  }
}

/** State changes staged by one unit, applied to `Loaded` only if the whole unit succeeds. */
class Stage {
  accounts = new Map<string, AccountRow>();
  rows: TransferRow[] = [];
  keys = new Map<string, TransferRow>();
  resolved = new Set<number>();
  reversed = new Set<number>();
  head: Head;
  constructor(private readonly base: Loaded) {
    this.head = { ...base.head };
  }
  account(id: string): AccountRow {
    const staged = this.accounts.get(id);
    if (staged) {
      return staged;
    }
    const a = this.base.accounts.get(id);
    if (!a) {
      fail('LEDGER_ACCOUNT_NOT_FOUND', { accountId: id });
    }
    const copy = { ...a };
    this.accounts.set(id, copy);
    return copy;
  }
  byKey(k: string): TransferRow | undefined {
    return this.keys.get(k) ?? this.base.byKey.get(k);
  }
  transfer(id: number): TransferRow | undefined {
    return this.base.byId.get(id) ?? this.rows.find((r) => r.id === id);
  }
  isResolved(id: number): boolean {
    return this.resolved.has(id) || this.base.resolved.has(id);
  }
  isReversed(id: number): boolean {
    return this.reversed.has(id) || this.base.reversed.has(id);
  }
  commit(): void {
    for (const [id, a] of this.accounts) {
      this.base.accounts.set(id, a);
    }
    for (const [k, r] of this.keys) {
      this.base.byKey.set(k, r);
    }
    for (const r of this.rows) {
      this.base.byId.set(r.id, r);
    }
    for (const id of this.resolved) {
      this.base.resolved.add(id);
    }
    for (const id of this.reversed) {
      this.base.reversed.add(id);
    }
    this.base.head = this.head;
  }
}

function add(a: AccountRow, field: 'debits_pending' | 'debits_posted' | 'credits_pending' | 'credits_posted', delta: number): void {
  const v = a[field] + delta;
  if (v > MAX_FEN) {
    fail('LEDGER_OVERFLOW', { accountId: a.id });
  }
  if (v < 0) {
    throw new Error(`ledger invariant broken: ${a.id}.${field} would be ${v}`);
  }
  a[field] = v;
}

function usable(a: AccountRow): void {
  if (a.closed) {
    fail('LEDGER_ACCOUNT_CLOSED', { accountId: a.id });
  }
}

/** Debiting `amount` more must keep a no-negative account at or above −overdraft_limit. */
function checkFunds(a: AccountRow, amount: number): void {
  if (!a.no_negative) {
    return;
  }
  const available = a.credits_posted - a.debits_posted - a.debits_pending;
  if (available - amount < -a.overdraft_limit) {
    fail('LEDGER_INSUFFICIENT_FUNDS', { accountId: a.id, available, amount, overdraftLimit: a.overdraft_limit });
  }
}

function row(
  stage: Stage,
  r: TransferRequest,
  fields: Pick<TransferRow, 'kind' | 'debit_account_id' | 'credit_account_id' | 'amount' | 'currency'> &
    Partial<Pick<TransferRow, 'pending_id' | 'reverses_id' | 'expires_at'>>,
  now: number,
  linkedGroup: number | null,
): TransferRow {
  const id = stage.head.lastId + 1;
  const base = {
    id,
    scope: r.scope,
    key: r.key,
    fingerprint: fingerprintOf(r),
    kind: fields.kind,
    debit_account_id: fields.debit_account_id,
    credit_account_id: fields.credit_account_id,
    amount: fields.amount,
    currency: fields.currency,
    code: r.code,
    pending_id: fields.pending_id ?? null,
    reverses_id: fields.reverses_id ?? null,
    linked_group: linkedGroup,
    expires_at: fields.expires_at ?? null,
    event_at: r.eventAt ?? now,
    created_at: now,
    metadata: JSON.stringify((r.metadata ?? {}) satisfies Metadata),
    prev_hash: stage.head.lastHash,
  };
  const hash = hashOf(base);
  stage.head = { lastId: id, lastHash: hash };
  const out = { ...base, hash };
  stage.rows.push(out);
  stage.keys.set(keyOf(r.scope, r.key), out);
  return out;
}

function pendingOf(stage: Stage, pendingId: number, now: number, forPost: boolean): TransferRow {
  const p = stage.transfer(pendingId);
  if (!p) {
    fail('LEDGER_TRANSFER_NOT_FOUND', { transferId: pendingId });
  }
  if (p.kind !== 'pending') {
    fail('LEDGER_NOT_PENDING', { transferId: pendingId });
  }
  if (stage.isResolved(pendingId)) {
    fail('LEDGER_ALREADY_RESOLVED', { transferId: pendingId });
  }
  if (forPost && p.expires_at !== null && p.expires_at <= now) {
    fail('LEDGER_PENDING_EXPIRED', { transferId: pendingId, expiresAt: p.expires_at });
  }
  return p;
}

/** Applies one request to the stage; returns the new row, or the existing one for a replay. */
function applyOne(stage: Stage, r: TransferRequest, now: number, g: number | null): { row: TransferRow; replay: boolean } {
  checkRequest(r);
  const existing = stage.byKey(keyOf(r.scope, r.key));
  if (existing) {
    if (existing.fingerprint !== fingerprintOf(r)) {
      fail('IDEMPOTENCY_CONFLICT', { scope: r.scope, key: r.key, transferId: existing.id });
    }
    return { row: existing, replay: true };
  }
  switch (r.kind) {
    case 'single':
    case 'pending': {
      const d = stage.account(r.debitAccountId);
      const c = stage.account(r.creditAccountId);
      usable(d);
      usable(c);
      if (d.currency !== c.currency) {
        fail('LEDGER_CURRENCY_MISMATCH', { debit: d.currency, credit: c.currency });
      }
      checkFunds(d, r.amount);
      if (r.kind === 'single') {
        add(d, 'debits_posted', r.amount);
        add(c, 'credits_posted', r.amount);
      } else {
        add(d, 'debits_pending', r.amount);
        add(c, 'credits_pending', r.amount);
      }
      return {
        row: row(stage, r, { kind: r.kind, debit_account_id: d.id, credit_account_id: c.id, amount: r.amount, currency: d.currency, expires_at: r.kind === 'pending' ? (r.expiresAt ?? null) : null }, now, g),
        replay: false,
      };
    }
    case 'post': {
      const p = pendingOf(stage, r.pendingId, now, true);
      const amount = r.amount ?? p.amount;
      if (amount > p.amount) {
        fail('LEDGER_POST_EXCEEDS_PENDING', { pendingAmount: p.amount, amount });
      }
      const d = stage.account(p.debit_account_id);
      const c = stage.account(p.credit_account_id);
      add(d, 'debits_pending', -p.amount);
      add(c, 'credits_pending', -p.amount);
      add(d, 'debits_posted', amount);
      add(c, 'credits_posted', amount);
      stage.resolved.add(p.id);
      return { row: row(stage, r, { kind: 'post', debit_account_id: d.id, credit_account_id: c.id, amount, currency: p.currency, pending_id: p.id }, now, g), replay: false };
    }
    case 'void':
    case 'expire': {
      const p = pendingOf(stage, r.pendingId, now, false);
      if (r.kind === 'expire' && (p.expires_at === null || p.expires_at > now)) {
        fail('LEDGER_INVALID_REQUEST', { reason: '该冻结尚未到期', transferId: p.id });
      }
      const d = stage.account(p.debit_account_id);
      const c = stage.account(p.credit_account_id);
      add(d, 'debits_pending', -p.amount);
      add(c, 'credits_pending', -p.amount);
      stage.resolved.add(p.id);
      return { row: row(stage, r, { kind: r.kind, debit_account_id: d.id, credit_account_id: c.id, amount: p.amount, currency: p.currency, pending_id: p.id }, now, g), replay: false };
    }
    case 'reverse': {
      const o = stage.transfer(r.reversesId);
      if (!o) {
        fail('LEDGER_TRANSFER_NOT_FOUND', { transferId: r.reversesId });
      }
      if ((o.kind !== 'single' && o.kind !== 'post') || o.reverses_id !== null) {
        fail('LEDGER_NOT_REVERSIBLE', { transferId: o.id, reason: o.reverses_id !== null ? '冲正交易不能再冲正' : '冻结类交易请用撤销' });
      }
      if (stage.isReversed(o.id)) {
        fail('LEDGER_ALREADY_REVERSED', { transferId: o.id });
      }
      const d = stage.account(o.credit_account_id);
      const c = stage.account(o.debit_account_id);
      usable(d);
      usable(c);
      checkFunds(d, o.amount);
      add(d, 'debits_posted', o.amount);
      add(c, 'credits_posted', o.amount);
      stage.reversed.add(o.id);
      return { row: row(stage, r, { kind: 'single', debit_account_id: d.id, credit_account_id: c.id, amount: o.amount, currency: o.currency, reverses_id: o.id }, now, g), replay: false };
    }
  }
}

function failure(code: LedgerErrorCode, details: Record<string, unknown>): TransferResult {
  const e = LedgerErrors[code](details);
  return { ok: false, code: e.code, message: e.message, details: e.details };
}

/**
 * Evaluates the units in order against `loaded` (which it updates) and returns the results
 * and the writes. A unit's items all succeed, or none is written: the failing item gets its
 * own code, the others LEDGER_LINKED_EVENT_FAILED.
 */
export function evaluate(units: Unit[], loaded: Loaded, now: number): Outcome {
  const results: TransferResult[][] = [];
  const inserts: TransferRow[] = [];
  const touched = new Map<string, AccountRow>();
  for (const unit of units) {
    const stage = new Stage(loaded);
    // A linked group's rows carry the id of the first row it writes (rows are consecutive).
    const group = unit.items.length > 1 ? loaded.head.lastId + 1 : null;
    const out: TransferResult[] = [];
    let failedAt = -1;
    let failed: TransferResult | null = null;
    for (let i = 0; i < unit.items.length; i++) {
      const r = unit.items[i]!;
      try {
        const res = applyOne(stage, r, now, group);
        out.push({ ok: true, transfer: toTransfer(res.row), replay: res.replay });
      } catch (e) {
        if (!(e instanceof Failure)) {
          throw e;
        }
        failedAt = i;
        failed = failure(e.code, e.details);
        break;
      }
    }
    if (failed) {
      results.push(unit.items.map((_r, i) => (i === failedAt ? failed : failure('LEDGER_LINKED_EVENT_FAILED', { failedIndex: failedAt }))));
      continue;
    }
    stage.commit();
    for (const r of stage.rows) {
      inserts.push(r);
    }
    for (const [id, a] of stage.accounts) {
      touched.set(id, a);
    }
    results.push(out);
  }
  return { results, inserts, touched, head: loaded.head };
}
