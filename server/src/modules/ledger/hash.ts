/** Fingerprints (what a request asked for) and the hash chain (what the journal holds). */
import { createHash } from 'node:crypto';
import type { TransferRequest, TransferRow } from './types';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/**
 * The economic content of a request: a replay under the same key must ask for exactly this.
 * Metadata and event time are not part of it (a retry may regenerate them).
 */
export function fingerprintOf(r: TransferRequest): string {
  switch (r.kind) {
    case 'single':
    case 'pending':
      return sha256(JSON.stringify([r.kind, r.debitAccountId, r.creditAccountId, r.amount, r.code, r.expiresAt ?? null]));
    case 'post':
      return sha256(JSON.stringify([r.kind, r.pendingId, r.amount ?? null, r.code]));
    case 'void':
    case 'expire':
      return sha256(JSON.stringify([r.kind, r.pendingId, r.code]));
    case 'reverse':
      return sha256(JSON.stringify([r.kind, r.reversesId, r.code]));
  }
}

/** The hash of a journal row: every column but the hash itself, after the previous hash. */
export function hashOf(r: Omit<TransferRow, 'hash'>): string {
  return sha256(
    [
      r.prev_hash,
      r.id,
      r.scope,
      r.key,
      r.fingerprint,
      r.kind,
      r.debit_account_id,
      r.credit_account_id,
      r.amount,
      r.currency,
      r.code,
      r.pending_id ?? '',
      r.reverses_id ?? '',
      r.linked_group ?? '',
      r.expires_at ?? '',
      r.event_at,
      r.created_at,
      r.metadata,
    ].join('\u001f'),
  );
}

export const GENESIS_HASH = '0'.repeat(64);
