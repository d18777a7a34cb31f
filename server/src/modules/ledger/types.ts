/** Public shapes of the ledger. Amounts are integer fen; instants are epoch ms. */

export type TransferKind = 'single' | 'pending' | 'post' | 'void' | 'expire';

export interface AccountRow {
  id: string;
  code: string;
  owner_type: string;
  owner_id: string;
  currency: string;
  name: string;
  no_negative: number;
  overdraft_limit: number;
  closed: number;
  debits_pending: number;
  debits_posted: number;
  credits_pending: number;
  credits_posted: number;
  created_at: number;
}

export interface TransferRow {
  id: number;
  scope: string;
  key: string;
  fingerprint: string;
  kind: TransferKind;
  debit_account_id: string;
  credit_account_id: string;
  amount: number;
  currency: string;
  code: string;
  pending_id: number | null;
  reverses_id: number | null;
  linked_group: number | null;
  expires_at: number | null;
  event_at: number;
  created_at: number;
  metadata: string;
  prev_hash: string;
  hash: string;
}

export interface Head {
  lastId: number;
  lastHash: string;
}

export type Metadata = Record<string, string | number | boolean | null>;

/**
 * One request. `scope` + `key` is the idempotency key (forever unique): the SMS serial, the
 * POS sequence, the bank transaction id, the client's request id.
 */
export type TransferRequest =
  | {
      kind: 'single' | 'pending';
      scope: string;
      key: string;
      debitAccountId: string;
      creditAccountId: string;
      amount: number;
      code: string;
      /** Pending only: the hold is released by the expiry job after this instant. */
      expiresAt?: number;
      eventAt?: number;
      metadata?: Metadata;
    }
  | { kind: 'post'; scope: string; key: string; pendingId: number; amount?: number; code: string; eventAt?: number; metadata?: Metadata }
  | { kind: 'void'; scope: string; key: string; pendingId: number; code: string; eventAt?: number; metadata?: Metadata }
  | { kind: 'reverse'; scope: string; key: string; reversesId: number; code: string; eventAt?: number; metadata?: Metadata }
  | { kind: 'expire'; scope: string; key: string; pendingId: number; code: string; eventAt?: number; metadata?: Metadata };

export interface Transfer {
  id: number;
  scope: string;
  key: string;
  kind: TransferKind;
  debitAccountId: string;
  creditAccountId: string;
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
  hash: string;
}

export type TransferResult =
  | { ok: true; transfer: Transfer; replay: boolean }
  | { ok: false; code: string; message: string; details: Record<string, unknown> };

export interface Balance {
  accountId: string;
  currency: string;
  debitsPosted: number;
  creditsPosted: number;
  debitsPending: number;
  creditsPending: number;
  /** credits − debits, posted only. */
  posted: number;
  /** Held by pending transfers (debits not yet posted). */
  pending: number;
  /** What can be spent: posted − pending debits. */
  available: number;
}

export function toTransfer(r: TransferRow): Transfer {
  return {
    id: r.id,
    scope: r.scope,
    key: r.key,
    kind: r.kind,
    debitAccountId: r.debit_account_id,
    creditAccountId: r.credit_account_id,
    amount: r.amount,
    currency: r.currency,
    code: r.code,
    pendingId: r.pending_id,
    reversesId: r.reverses_id,
    linkedGroup: r.linked_group,
    expiresAt: r.expires_at,
    eventAt: r.event_at,
    createdAt: r.created_at,
    metadata: JSON.parse(r.metadata) as Metadata,
    hash: r.hash,
  };
}

export function balanceOf(a: Pick<AccountRow, 'id' | 'currency' | 'debits_posted' | 'credits_posted' | 'debits_pending' | 'credits_pending'>): Balance {
  const posted = a.credits_posted - a.debits_posted;
  return {
    accountId: a.id,
    currency: a.currency,
    debitsPosted: a.debits_posted,
    creditsPosted: a.credits_posted,
    debitsPending: a.debits_pending,
    creditsPending: a.credits_pending,
    posted,
    pending: a.debits_pending,
    available: posted - a.debits_pending,
  };
}
