/**
 * Reassembling long MO messages from their segments (cmpp2.md §2.11), as pure state.
 *
 * The state is immutable: `addPart` and `expire` return a new state and never change the one
 * given, so a caller can keep it in a variable, hand it between steps, or snapshot it. Groups
 * are keyed by (sender, dest, ref, total); `dest` (the Dest_Id the MO was sent to) is optional
 * but keeps two conversations of one sender apart. Times are epoch milliseconds from the Clock.
 *
 * - A duplicate segment (same group and seq) is ignored: the first copy wins.
 * - A segment with total 1, or with numbers that make no sense (total outside 1..255, seq
 *   outside 1..total), is a message by itself and is returned at once: nothing is dropped.
 * - A duplicate arriving after its message completed starts a new group that `expire` later
 *   delivers as-is; DELIVER retransmissions should be deduplicated by Msg_Id before this step.
 */

export interface MoPart {
  /** Src_terminal_Id. */
  sender: string;
  /** Dest_Id (service code + extension); optional part of the key. */
  dest?: string;
  ref: number;
  total: number;
  seq: number;
  text: string;
  receivedAt: number;
}

export interface ReassembledMo {
  sender: string;
  dest: string | null;
  ref: number;
  total: number;
  /** The segments that arrived, joined in seq order. */
  text: string;
  /** How many segments arrived. */
  parts: number;
  /** Seqs that never arrived (empty when complete). */
  missing: number[];
  firstReceivedAt: number;
}

export interface PendingGroup {
  readonly sender: string;
  readonly dest: string | null;
  readonly ref: number;
  readonly total: number;
  readonly firstReceivedAt: number;
  readonly texts: ReadonlyMap<number, string>;
}

export type ReassemblyState = ReadonlyMap<string, PendingGroup>;

export interface AddPartResult {
  state: ReassemblyState;
  /** Set when this segment completed a message (or was a message by itself). */
  complete?: ReassembledMo;
}

export interface ExpireResult {
  state: ReassemblyState;
  /** Incomplete messages older than the limit, oldest first, to deliver with what arrived. */
  expired: ReassembledMo[];
}

/** The empty state. */
export function emptyReassembly(): ReassemblyState {
  return new Map<string, PendingGroup>();
}

export function addPart(state: ReassemblyState, part: MoPart): AddPartResult {
  const dest = part.dest ?? null;
  if (part.total === 1 || !isSensible(part)) {
    const single: PendingGroup = { sender: part.sender, dest, ref: part.ref, total: 1, firstReceivedAt: part.receivedAt, texts: new Map([[1, part.text]]) };
    return { state, complete: toMessage(single) };
  }
  const key = groupKey(part.sender, dest, part.ref, part.total);
  const existing = state.get(key);
  if (existing?.texts.has(part.seq)) {
    return { state };
  }
  const texts = new Map(existing?.texts);
  texts.set(part.seq, part.text);
  const group: PendingGroup = {
    sender: part.sender,
    dest,
    ref: part.ref,
    total: part.total,
    firstReceivedAt: Math.min(existing?.firstReceivedAt ?? part.receivedAt, part.receivedAt),
    texts,
  };
  const next = new Map(state);
  if (texts.size === part.total) {
    next.delete(key);
    return { state: next, complete: toMessage(group) };
  }
  next.set(key, group);
  return { state: next };
}

/** Removes and returns the groups whose first segment arrived more than `olderThanMs` before `now`. */
export function expire(state: ReassemblyState, now: number, olderThanMs: number): ExpireResult {
  const next = new Map(state);
  const expired: PendingGroup[] = [];
  for (const [key, group] of state) {
    if (now - group.firstReceivedAt > olderThanMs) {
      next.delete(key);
      expired.push(group);
    }
  }
  if (expired.length === 0) {
    return { state, expired: [] };
  }
  expired.sort((a, b) => a.firstReceivedAt - b.firstReceivedAt);
  return { state: next, expired: expired.map(toMessage) };
}

function isSensible(p: MoPart): boolean {
  return Number.isInteger(p.total) && Number.isInteger(p.seq) && p.total >= 1 && p.total <= 255 && p.seq >= 1 && p.seq <= p.total;
}

function groupKey(sender: string, dest: string | null, ref: number, total: number): string {
  return JSON.stringify([sender, dest, ref, total]);
}

function toMessage(g: PendingGroup): ReassembledMo {
  const texts: string[] = [];
  const missing: number[] = [];
  for (let seq = 1; seq <= g.total; seq++) {
    const t = g.texts.get(seq);
    if (t === undefined) {
      missing.push(seq);
    } else {
      texts.push(t);
    }
  }
  return {
    sender: g.sender,
    dest: g.dest,
    ref: g.ref,
    total: g.total,
    text: texts.join(''),
    parts: texts.length,
    missing,
    firstReceivedAt: g.firstReceivedAt,
  };
}
