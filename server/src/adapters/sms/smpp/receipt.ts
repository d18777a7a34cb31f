/**
 * SMSC delivery receipts (SMPP 3.4 Appendix B): the de-facto text format
 *
 *   id:IIIIIIIIII sub:SSS dlvrd:DDD submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:DDDDDDD err:E text:…
 *
 * and the `message_state` TLV. Dates carry no zone; ours is a Chinese SMSC, so they are read
 * as Asia/Shanghai time (UTC+8, no daylight saving).
 */

export interface ReceiptFields {
  id: string | null;
  stat: string | null;
  err: string | null;
  submitDate: string | null;
  doneDate: string | null;
}

const FIELD = {
  id: /(?:^|\s)id:(\S+)/i,
  stat: /(?:^|\s)stat:(\S+)/i,
  err: /(?:^|\s)err:(\S+)/i,
  submitDate: /(?:^|\s)submit[ _]date:(\d{10,12})/i,
  doneDate: /(?:^|\s)done[ _]date:(\d{10,12})/i,
} as const;

/** The fields found in a receipt text; null for those missing. */
export function parseReceiptText(text: string): ReceiptFields {
  const pick = (re: RegExp) => re.exec(text)?.[1] ?? null;
  return {
    id: pick(FIELD.id),
    stat: pick(FIELD.stat)?.toUpperCase() ?? null,
    err: pick(FIELD.err),
    submitDate: pick(FIELD.submitDate),
    doneDate: pick(FIELD.doneDate),
  };
}

/** message_state TLV (SMPP 3.4 §5.2.28) → the stat word of the text format. */
export const MESSAGE_STATE_STAT: Readonly<Record<number, string>> = {
  1: 'ENROUTE',
  2: 'DELIVRD',
  3: 'EXPIRED',
  4: 'DELETED',
  5: 'UNDELIV',
  6: 'ACCEPTD',
  7: 'UNKNOWN',
  8: 'REJECTD',
};

export const STAT_MESSAGE_STATE: Readonly<Record<string, number>> = Object.fromEntries(
  Object.entries(MESSAGE_STATE_STAT).map(([state, stat]) => [stat, Number(state)]),
);

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** 'YYMMDDhhmm' or 'YYMMDDhhmmss' in UTC+8 → epoch ms; null when it is not a real date. */
export function parseReceiptDate(text: string): number | null {
  const m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?$/.exec(text);
  if (!m) {
    return null;
  }
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? '0'));
  const ms = Date.UTC(2000 + (y ?? 0), (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0) - SHANGHAI_OFFSET_MS;
  const back = new Date(ms + SHANGHAI_OFFSET_MS);
  return back.getUTCMonth() + 1 === mo && back.getUTCDate() === d && (h ?? 0) < 24 && (mi ?? 0) < 60 ? ms : null;
}

/** epoch ms → 'YYMMDDhhmm' in UTC+8. */
export function formatReceiptDate(ms: number): string {
  const t = new Date(ms + SHANGHAI_OFFSET_MS);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(t.getUTCFullYear() % 100)}${two(t.getUTCMonth() + 1)}${two(t.getUTCDate())}${two(t.getUTCHours())}${two(t.getUTCMinutes())}`;
}

export interface ReceiptInput {
  id: string;
  stat: string;
  err: string;
  submittedAt: number;
  doneAt: number;
  /** The first characters of the message, printable ASCII only. */
  text: string;
}

/** The receipt text an SMSC writes (used by the simulator). */
export function formatReceiptText(r: ReceiptInput): string {
  const delivered = r.stat === 'DELIVRD' ? '001' : '000';
  return (
    `id:${r.id} sub:001 dlvrd:${delivered} submit date:${formatReceiptDate(r.submittedAt)} ` +
    `done date:${formatReceiptDate(r.doneAt)} stat:${r.stat} err:${r.err} text:${r.text.slice(0, 20)}`
  );
}
