/**
 * An in-memory reference model of the ledger, written from the rules (docs, money.md E3) and
 * NOT from engine.ts: the point is an independent second implementation to compare with.
 * It is deliberately naive: each unit (one transfer or a linked group) works on a deep copy
 * of the whole state, which replaces the state only if every item succeeded.
 *
 * Rules, in the order they are checked for one request:
 *  1. shape (no state): scope/key, code, eventAt, metadata, then per kind: accounts are
 *     strings, amount a positive safe integer (LEDGER_INVALID_AMOUNT), debit ≠ credit
 *     (LEDGER_SAME_ACCOUNT), only a pending may expire, ids are safe integers.
 *  2. idempotency: (scope, key) already used → same economic content = replay of the first
 *     result, else IDEMPOTENCY_CONFLICT. Failed requests use up no key.
 *  3. the kind's own rules (see `step`).
 * A linked group (more than one item) succeeds as a whole: the first failing item gets its
 * code, every other item LEDGER_LINKED_EVENT_FAILED, and nothing is written.
 */
import type { Metadata, TransferKind, TransferRequest } from '../../server/src/modules/ledger/index';

export const MAX = Number.MAX_SAFE_INTEGER;

export interface MAccount {
  id: string;
  /** code|ownerType|ownerId|currency: opening the same owner again returns this account. */
  owner: string;
  currency: string;
  noNegative: boolean;
  overdraft: number;
  closed: boolean;
  dp: number;
  dpo: number;
  cp: number;
  cpo: number;
}

export interface MTransfer {
  id: number;
  scope: string;
  key: string;
  /** The economic content a replay must repeat. */
  content: string;
  kind: TransferKind;
  debit: string;
  credit: string;
  amount: number;
  currency: string;
  code: string;
  pendingId: number | null;
  reversesId: number | null;
  linkedGroup: number | null;
  expiresAt: number | null;
  eventAt: number;
  createdAt: number;
  metadata: Metadata;
}

export interface MState {
  accounts: Map<string, MAccount>;
  /** Account ids in the order they were opened (commands pick accounts by index). */
  order: string[];
  /** transfers[id - 1]. */
  transfers: MTransfer[];
  byKey: Map<string, number>;
  /** pending id → id of its post, void or expire. */
  resolvedBy: Map<number, number>;
  /** original id → id of its reversal. */
  reversedBy: Map<number, number>;
}

export type Expected =
  | { ok: true; transfer: MTransfer; replay: boolean }
  | { ok: false; code: string; details: Record<string, unknown> };

/** A request as the test builds it: usually a TransferRequest, sometimes deliberately not one. */
export type AnyRequest = TransferRequest | Record<string, unknown> | null;

class Refusal extends Error {
  constructor(
    readonly code: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(code);
  }
}

const refuse = (code: string, details: Record<string, unknown> = {}): never => {
  throw new Refusal(code, details);
};

const isFen = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= MAX;
const isSafeInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= MAX;

/** 1–128 characters, each visible ASCII (no space) or a CJK ideograph. */
function isScopeOrKey(v: unknown): boolean {
  if (typeof v !== 'string' || v.length < 1 || v.length > 128) {
    return false;
  }
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (!((c >= 0x21 && c <= 0x7e) || (c >= 0x4e00 && c <= 0x9fff))) {
      return false;
    }
  }
  return true;
}

/** An upper-case letter, then 1–39 upper-case letters, digits or underscores. */
function isCode(v: unknown): boolean {
  if (typeof v !== 'string' || v.length < 2 || v.length > 40) {
    return false;
  }
  for (let i = 0; i < v.length; i++) {
    const ch = v[i]!;
    const upper = ch >= 'A' && ch <= 'Z';
    if (i === 0 ? !upper : !(upper || (ch >= '0' && ch <= '9') || ch === '_')) {
      return false;
    }
  }
  return true;
}

type R = Record<string, unknown>;

/** Stateless checks; throws a Refusal. */
function checkShape(req: AnyRequest): void {
  if (typeof req !== 'object' || req === null) {
    refuse('LEDGER_INVALID_REQUEST');
  }
  const r = req as R;
  if (!isScopeOrKey(r.scope) || !isScopeOrKey(r.key)) {
    refuse('LEDGER_INVALID_REQUEST');
  }
  if (!isCode(r.code)) {
    refuse('LEDGER_INVALID_REQUEST');
  }
  if (r.eventAt !== undefined && !isSafeInt(r.eventAt)) {
    refuse('LEDGER_INVALID_REQUEST');
  }
  if (r.metadata !== undefined && (typeof r.metadata !== 'object' || r.metadata === null || JSON.stringify(r.metadata).length > 2000)) {
    refuse('LEDGER_INVALID_REQUEST');
  }
  switch (r.kind) {
    case 'single':
    case 'pending':
      if (typeof r.debitAccountId !== 'string' || typeof r.creditAccountId !== 'string') {
        refuse('LEDGER_INVALID_REQUEST');
      }
      if (!isFen(r.amount)) {
        refuse('LEDGER_INVALID_AMOUNT');
      }
      if (r.debitAccountId === r.creditAccountId) {
        refuse('LEDGER_SAME_ACCOUNT', { accountId: r.debitAccountId });
      }
      if (r.expiresAt !== undefined && (r.kind === 'single' || !isSafeInt(r.expiresAt))) {
        refuse('LEDGER_INVALID_REQUEST');
      }
      return;
    case 'post':
      if (r.amount !== undefined && !isFen(r.amount)) {
        refuse('LEDGER_INVALID_AMOUNT');
      }
      if (!isSafeInt(r.pendingId)) {
        refuse('LEDGER_INVALID_REQUEST');
      }
      return;
    case 'void':
    case 'expire':
      if (!isSafeInt(r.pendingId)) {
        refuse('LEDGER_INVALID_REQUEST');
      }
      return;
    case 'reverse':
      if (!isSafeInt(r.reversesId)) {
        refuse('LEDGER_INVALID_REQUEST');
      }
      return;
    default:
      refuse('LEDGER_INVALID_REQUEST');
  }
}

/** What a replay must repeat: the money movement asked for, not metadata or event time. */
export function contentOf(r: TransferRequest): string {
  switch (r.kind) {
    case 'single':
    case 'pending':
      return JSON.stringify({ k: r.kind, d: r.debitAccountId, c: r.creditAccountId, a: r.amount, code: r.code, x: r.expiresAt ?? null });
    case 'post':
      return JSON.stringify({ k: r.kind, p: r.pendingId, a: r.amount ?? null, code: r.code });
    case 'void':
    case 'expire':
      return JSON.stringify({ k: r.kind, p: r.pendingId, code: r.code });
    case 'reverse':
      return JSON.stringify({ k: r.kind, o: r.reversesId, code: r.code });
  }
}

export function availableOf(a: MAccount): number {
  return a.cpo - a.dpo - a.dp;
}

/** Exact (BigInt) check that debiting `amount` keeps a no-negative account at or above −overdraft. */
function hasFunds(a: MAccount, amount: number): boolean {
  return !a.noNegative || BigInt(a.cpo) - BigInt(a.dpo) - BigInt(a.dp) - BigInt(amount) >= -BigInt(a.overdraft);
}

function bump(a: MAccount, field: 'dp' | 'dpo' | 'cp' | 'cpo', delta: number): void {
  const v = a[field] + delta;
  if (v > MAX) {
    refuse('LEDGER_OVERFLOW', { accountId: a.id });
  }
  if (v < 0) {
    throw new Error(`model bug: ${a.id}.${field} would be ${v}`);
  }
  a[field] = v;
}

export class LedgerModel {
  s: MState = { accounts: new Map(), order: [], transfers: [], byKey: new Map(), resolvedBy: new Map(), reversedBy: new Map() };
  now: number;

  constructor(now: number) {
    this.now = now;
  }

  /** An independent copy, to try one possible order of concurrent calls. */
  fork(): LedgerModel {
    const m = new LedgerModel(this.now);
    m.s = structuredClone(this.s);
    return m;
  }

  /** Records an opened account; returns the existing one for the same owner. */
  open(owner: string): MAccount | undefined {
    return [...this.s.accounts.values()].find((a) => a.owner === owner);
  }

  addAccount(a: Omit<MAccount, 'dp' | 'dpo' | 'cp' | 'cpo' | 'closed'>): void {
    this.s.accounts.set(a.id, { ...a, closed: false, dp: 0, dpo: 0, cp: 0, cpo: 0 });
    this.s.order.push(a.id);
  }

  /**
   * Applies one `ledger.apply(items)` call. Each item is built by a function of the state the
   * item sees (earlier items of the same group included), so commands can refer to "the hold
   * just made". Returns the requests to send and the replies to expect.
   */
  apply(builders: ((s: MState) => AnyRequest)[]): { requests: AnyRequest[]; expected: Expected[] } {
    if (builders.length === 0 || builders.length > 100) {
      return { requests: [], expected: [{ ok: false, code: 'LEDGER_INVALID_REQUEST', details: {} }] };
    }
    const draft = structuredClone(this.s);
    const group = builders.length > 1 ? draft.transfers.length + 1 : null;
    const requests: AnyRequest[] = [];
    const done: Expected[] = [];
    let failedAt = -1;
    let failure: Expected | null = null;
    for (let i = 0; i < builders.length; i++) {
      const req = builders[i]!(draft);
      requests.push(req);
      if (failure) {
        continue;
      }
      try {
        done.push(this.step(draft, req, group));
      } catch (e) {
        if (!(e instanceof Refusal)) {
          throw e;
        }
        failedAt = i;
        failure = { ok: false, code: e.code, details: e.details };
      }
    }
    if (failure) {
      const f = failure;
      return { requests, expected: requests.map((_r, i) => (i === failedAt ? f : { ok: false, code: 'LEDGER_LINKED_EVENT_FAILED', details: { failedIndex: failedAt } })) };
    }
    this.s = draft;
    return { requests, expected: done };
  }

  /** What `ledger.expireHolds()` must do: release every due, unresolved hold once, oldest first. */
  expireDue(limit = 500): { released: number; ids: number[] } {
    const due = this.s.transfers.filter((t) => t.kind === 'pending' && t.expiresAt !== null && t.expiresAt <= this.now && !this.s.resolvedBy.has(t.id)).slice(0, limit);
    let released = 0;
    const ids: number[] = [];
    for (const p of due) {
      const { expected } = this.apply([() => ({ kind: 'expire', scope: 'ledger:expire', key: String(p.id), pendingId: p.id, code: 'HOLD_EXPIRED' })]);
      const r = expected[0]!;
      if (r.ok && !r.replay) {
        released++;
        ids.push(r.transfer.id);
      }
    }
    return { released, ids };
  }

  private account(s: MState, id: string): MAccount {
    const a = s.accounts.get(id);
    if (!a) {
      return refuse('LEDGER_ACCOUNT_NOT_FOUND', { accountId: id });
    }
    return a;
  }

  private transfer(s: MState, id: number): MTransfer {
    const t = id >= 1 ? s.transfers[id - 1] : undefined;
    if (!t) {
      return refuse('LEDGER_TRANSFER_NOT_FOUND', { transferId: id });
    }
    return t;
  }

  /** An unresolved hold, or the reason it can't be resolved. */
  private openHold(s: MState, id: number): MTransfer {
    const p = this.transfer(s, id);
    if (p.kind !== 'pending') {
      refuse('LEDGER_NOT_PENDING', { transferId: id });
    }
    if (s.resolvedBy.has(id)) {
      refuse('LEDGER_ALREADY_RESOLVED', { transferId: id });
    }
    return p;
  }

  private record(s: MState, r: TransferRequest, group: number | null, t: Pick<MTransfer, 'kind' | 'debit' | 'credit' | 'amount' | 'currency'> & Partial<MTransfer>): MTransfer {
    const row: MTransfer = {
      pendingId: null,
      reversesId: null,
      expiresAt: null,
      ...t,
      id: s.transfers.length + 1,
      scope: r.scope,
      key: r.key,
      content: contentOf(r),
      code: r.code,
      linkedGroup: group,
      eventAt: r.eventAt ?? this.now,
      createdAt: this.now,
      metadata: r.metadata ?? {},
    };
    s.transfers.push(row);
    s.byKey.set(`${r.scope}\u0000${r.key}`, row.id);
    return row;
  }

  private step(s: MState, req: AnyRequest, group: number | null): Expected {
    checkShape(req);
    const r = req as TransferRequest;
    const used = s.byKey.get(`${r.scope}\u0000${r.key}`);
    if (used !== undefined) {
      const first = s.transfers[used - 1]!;
      if (first.content !== contentOf(r)) {
        refuse('IDEMPOTENCY_CONFLICT', { transferId: first.id });
      }
      return { ok: true, transfer: first, replay: true };
    }
    const now = this.now;
    switch (r.kind) {
      case 'single':
      case 'pending': {
        const d = this.account(s, r.debitAccountId);
        const c = this.account(s, r.creditAccountId);
        if (d.closed) {
          refuse('LEDGER_ACCOUNT_CLOSED', { accountId: d.id });
        }
        if (c.closed) {
          refuse('LEDGER_ACCOUNT_CLOSED', { accountId: c.id });
        }
        if (d.currency !== c.currency) {
          refuse('LEDGER_CURRENCY_MISMATCH');
        }
        if (!hasFunds(d, r.amount)) {
          refuse('LEDGER_INSUFFICIENT_FUNDS', { accountId: d.id, available: availableOf(d), amount: r.amount, overdraftLimit: d.overdraft });
        }
        bump(d, r.kind === 'single' ? 'dpo' : 'dp', r.amount);
        bump(c, r.kind === 'single' ? 'cpo' : 'cp', r.amount);
        const t = this.record(s, r, group, { kind: r.kind, debit: d.id, credit: c.id, amount: r.amount, currency: d.currency, expiresAt: r.kind === 'pending' ? (r.expiresAt ?? null) : null });
        return { ok: true, transfer: t, replay: false };
      }
      case 'post': {
        const p = this.openHold(s, r.pendingId);
        if (p.expiresAt !== null && p.expiresAt <= now) {
          refuse('LEDGER_PENDING_EXPIRED', { transferId: p.id });
        }
        const amount = r.amount ?? p.amount;
        if (amount > p.amount) {
          refuse('LEDGER_POST_EXCEEDS_PENDING', { pendingAmount: p.amount, amount });
        }
        const d = this.account(s, p.debit);
        const c = this.account(s, p.credit);
        bump(d, 'dp', -p.amount);
        bump(c, 'cp', -p.amount);
        bump(d, 'dpo', amount);
        bump(c, 'cpo', amount);
        const t = this.record(s, r, group, { kind: 'post', debit: d.id, credit: c.id, amount, currency: p.currency, pendingId: p.id });
        s.resolvedBy.set(p.id, t.id);
        return { ok: true, transfer: t, replay: false };
      }
      case 'void':
      case 'expire': {
        const p = this.openHold(s, r.pendingId);
        if (r.kind === 'expire' && (p.expiresAt === null || p.expiresAt > now)) {
          refuse('LEDGER_INVALID_REQUEST', { transferId: p.id });
        }
        const d = this.account(s, p.debit);
        const c = this.account(s, p.credit);
        bump(d, 'dp', -p.amount);
        bump(c, 'cp', -p.amount);
        const t = this.record(s, r, group, { kind: r.kind, debit: d.id, credit: c.id, amount: p.amount, currency: p.currency, pendingId: p.id });
        s.resolvedBy.set(p.id, t.id);
        return { ok: true, transfer: t, replay: false };
      }
      case 'reverse': {
        const o = this.transfer(s, r.reversesId);
        if ((o.kind !== 'single' && o.kind !== 'post') || o.reversesId !== null) {
          refuse('LEDGER_NOT_REVERSIBLE', { transferId: o.id });
        }
        if (s.reversedBy.has(o.id)) {
          refuse('LEDGER_ALREADY_REVERSED', { transferId: o.id });
        }
        // Money goes back: the original's credit account pays.
        const d = this.account(s, o.credit);
        const c = this.account(s, o.debit);
        if (d.closed) {
          refuse('LEDGER_ACCOUNT_CLOSED', { accountId: d.id });
        }
        if (c.closed) {
          refuse('LEDGER_ACCOUNT_CLOSED', { accountId: c.id });
        }
        if (!hasFunds(d, o.amount)) {
          refuse('LEDGER_INSUFFICIENT_FUNDS', { accountId: d.id, available: availableOf(d), amount: o.amount, overdraftLimit: d.overdraft });
        }
        bump(d, 'dpo', o.amount);
        bump(c, 'cpo', o.amount);
        const t = this.record(s, r, group, { kind: 'single', debit: d.id, credit: c.id, amount: o.amount, currency: o.currency, reversesId: o.id });
        s.reversedBy.set(o.id, t.id);
        return { ok: true, transfer: t, replay: false };
      }
    }
  }

  /**
   * The invariants of money.md C2 on the model itself (I1–I3, I6–I8). Returns the broken
   * ones; an empty list means the model is consistent.
   */
  invariants(): string[] {
    const s = this.s;
    const bad: string[] = [];
    // I1: per currency, Σ(credits − debits) = 0, posted and pending. In BigInt: near 2^53 a
    // floating-point sum is off by one.
    const sums = new Map<string, { posted: bigint; pending: bigint }>();
    for (const a of s.accounts.values()) {
      const x = sums.get(a.currency) ?? { posted: 0n, pending: 0n };
      x.posted += BigInt(a.cpo) - BigInt(a.dpo);
      x.pending += BigInt(a.cp) - BigInt(a.dp);
      sums.set(a.currency, x);
    }
    for (const [cur, x] of sums) {
      if (x.posted !== 0n || x.pending !== 0n) {
        bad.push(`I1 ${cur}: Σposted ${x.posted}, Σpending ${x.pending}`);
      }
    }
    // I2: the counters equal the journal, summed again from scratch.
    const j = new Map<string, { dp: number; dpo: number; cp: number; cpo: number }>();
    const leg = (id: string) => {
      let x = j.get(id);
      if (!x) {
        x = { dp: 0, dpo: 0, cp: 0, cpo: 0 };
        j.set(id, x);
      }
      return x;
    };
    const released = new Set(s.transfers.flatMap((t) => (t.pendingId === null ? [] : [t.pendingId])));
    for (const t of s.transfers) {
      if (t.kind === 'single' || t.kind === 'post') {
        leg(t.debit).dpo += t.amount;
        leg(t.credit).cpo += t.amount;
      } else if (t.kind === 'pending' && !released.has(t.id)) {
        leg(t.debit).dp += t.amount;
        leg(t.credit).cp += t.amount;
      }
    }
    for (const a of s.accounts.values()) {
      const x = j.get(a.id) ?? { dp: 0, dpo: 0, cp: 0, cpo: 0 };
      if (x.dp !== a.dp || x.dpo !== a.dpo || x.cp !== a.cp || x.cpo !== a.cpo) {
        bad.push(`I2 ${a.id}: counters ${JSON.stringify([a.dp, a.dpo, a.cp, a.cpo])} ≠ journal ${JSON.stringify([x.dp, x.dpo, x.cp, x.cpo])}`);
      }
      // I3: no-negative accounts stay at or above −overdraft.
      if (a.noNegative && availableOf(a) < -a.overdraft) {
        bad.push(`I3 ${a.id}: available ${availableOf(a)} < −${a.overdraft}`);
      }
    }
    // I6: a hold resolves at most once, posts at most its amount, expires only when due.
    const resolutions = new Map<number, number>();
    for (const t of s.transfers) {
      if (t.pendingId === null) {
        continue;
      }
      resolutions.set(t.pendingId, (resolutions.get(t.pendingId) ?? 0) + 1);
      const p = s.transfers[t.pendingId - 1];
      if (!p || p.kind !== 'pending' || p.id >= t.id) {
        bad.push(`I6 ${t.id}: resolves ${t.pendingId}, which is not an earlier hold`);
        continue;
      }
      if (t.kind === 'post' && t.amount > p.amount) {
        bad.push(`I6 ${t.id}: posts ${t.amount} of a ${p.amount} hold`);
      }
      if ((t.kind === 'void' || t.kind === 'expire') && t.amount !== p.amount) {
        bad.push(`I6 ${t.id}: releases ${t.amount} of a ${p.amount} hold`);
      }
      if (t.kind === 'expire' && (p.expiresAt === null || p.expiresAt > t.createdAt)) {
        bad.push(`I6 ${t.id}: expires hold ${p.id} before it is due`);
      }
      if (t.debit !== p.debit || t.credit !== p.credit) {
        bad.push(`I6 ${t.id}: resolves hold ${p.id} on other accounts`);
      }
    }
    for (const [id, n] of resolutions) {
      if (n > 1) {
        bad.push(`I6 hold ${id} resolved ${n} times`);
      }
    }
    // I7: at most one reversal per original, same amount, legs swapped, never of a reversal.
    const reversals = new Map<number, number>();
    for (const t of s.transfers) {
      if (t.reversesId === null) {
        continue;
      }
      reversals.set(t.reversesId, (reversals.get(t.reversesId) ?? 0) + 1);
      const o = s.transfers[t.reversesId - 1];
      if (!o || (o.kind !== 'single' && o.kind !== 'post') || o.reversesId !== null || o.id >= t.id) {
        bad.push(`I7 ${t.id}: reverses ${t.reversesId}, which is not reversible`);
        continue;
      }
      if (t.amount !== o.amount || t.debit !== o.credit || t.credit !== o.debit || t.kind !== 'single') {
        bad.push(`I7 ${t.id}: does not mirror ${o.id}`);
      }
    }
    for (const [id, n] of reversals) {
      if (n > 1) {
        bad.push(`I7 ${id} reversed ${n} times`);
      }
    }
    // I8: ids 1..n, no gaps; keys unique.
    s.transfers.forEach((t, i) => {
      if (t.id !== i + 1) {
        bad.push(`I8 transfer at ${i + 1} has id ${t.id}`);
      }
    });
    if (new Set(s.transfers.map((t) => `${t.scope}\u0000${t.key}`)).size !== s.transfers.length) {
      bad.push('I4 a (scope, key) is used twice');
    }
    return bad;
  }
}
