/**
 * Business days: instants are UTC, but days, months and billing rules are in the business
 * time zone (TZ_BUSINESS, Asia/Shanghai by default).
 */

/**
 * Formatters are built once per (kind, zone): building an Intl.DateTimeFormat costs ~100 times
 * more than using it, and the fee rules of a billing run ask for thousands of day starts.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: string, locale: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${kind}|${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    formatters.set(key, f);
  }
  return f;
}

function offsetMs(instant: number, timeZone: string): number {
  const parts = formatter('parts', 'en-US', timeZone, {
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** "2026-09-01" → the instant that day starts in `timeZone`. */
export function startOfBusinessDay(date: string, timeZone: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) {
    throw new Error(`not a date: ${date}`);
  }
  const naive = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(naive).toISOString().slice(0, 10) !== date) {
    throw new Error(`not a date: ${date}`);
  }
  // Two passes settle the offset even on a day the zone changes its offset.
  let t = naive - offsetMs(naive, timeZone);
  t = naive - offsetMs(t, timeZone);
  return t;
}

/** The business date ("YYYY-MM-DD") of an instant. */
export function businessDate(instant: number, timeZone: string): string {
  return formatter('date', 'en-CA', timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(instant));
}

/** Formats an instant as "YYYY-MM-DD HH:mm:ss" in the business time zone. */
export function formatBusinessTime(instant: number, timeZone: string): string {
  const s = formatter('datetime', 'sv-SE', timeZone, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(new Date(instant));
  return s.replace('T', ' ');
}

/** The local clock time 'HH:MM' of an instant in the business time zone. */
export function businessTimeOfDay(instant: number, timeZone: string): string {
  return formatter('time', 'en-GB', timeZone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(instant));
}

/** The instant of a local clock time 'HH:MM' on a business date 'YYYY-MM-DD'. */
export function atBusinessTime(date: string, hhmm: string, timeZone: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return startOfBusinessDay(date, timeZone) + (h * 60 + m) * 60_000;
}

/** A calendar date `n` days after (or before) 'YYYY-MM-DD'. */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
