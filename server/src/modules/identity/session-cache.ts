/**
 * Resolved console sessions, kept for a second (docs/decisions/0022).
 *
 * Every console request resolves its cookie: two statements and a hash. Under load the same
 * few sessions are resolved thousands of times a second, so a resolved session is kept for
 * `ttlMs` of real time (never the business clock, which tests stop and jump). What can change
 * it is bounded:
 * - this process's own changes (log-out, grants, a disabled user, a password reset…) clear
 *   the whole cache when they return (identity's front door does it for every method that
 *   writes);
 * - a resolution that began before such a change is not kept (the generation moved on);
 * - another process's change (a second server on PostgreSQL, the CLI) or an edit by hand is
 *   seen within `ttlMs`;
 * - idle and absolute expiry are checked on every hit against the business clock, and a hit
 *   that is due a last-seen touch goes to the database instead.
 */
import type { ResolvedSession } from './deps';

export interface CachedSession {
  session: ResolvedSession;
  lastSeenAt: number;
}

export class SessionCache {
  private readonly entries = new Map<string, { at: number; value: CachedSession }>();
  private generation = 0;

  constructor(
    readonly ttlMs = 1_000,
    private readonly max = 10_000,
    private readonly monotonic: () => number = () => performance.now(),
  ) {}

  get(idHash: string): CachedSession | null {
    const e = this.entries.get(idHash);
    if (!e) {
      return null;
    }
    if (this.monotonic() - e.at >= this.ttlMs) {
      this.entries.delete(idHash);
      return null;
    }
    return e.value;
  }

  /** A ticket taken before reading the database; `set` keeps nothing if a change came between. */
  ticket(): number {
    return this.generation;
  }

  set(idHash: string, value: CachedSession, ticket: number): void {
    if (this.ttlMs <= 0 || ticket !== this.generation) {
      return;
    }
    this.entries.delete(idHash);
    this.entries.set(idHash, { at: this.monotonic(), value });
    if (this.entries.size > this.max) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) {
        this.entries.delete(oldest.value);
      }
    }
  }

  /** Forgets everything: a session, user or grant may have changed. */
  clear(): void {
    this.generation += 1;
    this.entries.clear();
  }
}
