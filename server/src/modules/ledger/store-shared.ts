/** What both ledger stores share: the interface, and turning loaded rows into the engine's state. */
import { keyOf, type Loaded, type Unit } from './engine';
import type { AccountRow, Head, TransferResult, TransferRow } from './types';

export interface LedgerStore {
  /** Applies the units in one transaction; resolves only after the commit. */
  applyBatch(units: Unit[], now: number): Promise<TransferResult[][]>;
}

/** What both stores load, in the same shape, for the engine. */
export interface LoadedRows {
  head: Head;
  byKey: TransferRow[];
  referenced: (TransferRow & { resolved: boolean | number; reversed: boolean | number })[];
  accounts: AccountRow[];
}

export function toLoaded(rows: LoadedRows): Loaded {
  return {
    head: rows.head,
    accounts: new Map(rows.accounts.map((a) => [a.id, a])),
    byKey: new Map(rows.byKey.map((t) => [keyOf(t.scope, t.key), t])),
    byId: new Map(rows.referenced.map(({ resolved: _r, reversed: _v, ...t }) => [t.id, t])),
    resolved: new Set(rows.referenced.filter((t) => Boolean(t.resolved)).map((t) => t.id)),
    reversed: new Set(rows.referenced.filter((t) => Boolean(t.reversed)).map((t) => t.id)),
  };
}
