/**
 * Normalising MO text for keyword routing (cmpp2.md §2.12, messaging.md §5.6). Parents type
 * on phones with full-width input modes on: 'ｊｘ', 'ＴＤ' + U+3000 and ' Jx ' all mean JX / TD.
 */

const FULLWIDTH = /[\uff01-\uff5e\u3000]/g;
const ASCII_LOWER = /[a-z]+/g;
const LEADING_ASCII_WORD = /^[A-Za-z0-9]+/;

/**
 * Full-width ASCII (U+FF01–U+FF5E) → half-width and the ideographic space U+3000 → space.
 * Maps one UTF-16 unit to one, so offsets in the result are offsets in the input.
 */
export function foldWidth(text: string): string {
  return text.replace(FULLWIDTH, (c) => (c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
}

/** Width-folded, trimmed, inner whitespace runs collapsed to one space, ASCII letters uppercased. */
export function normalizeMo(text: string): string {
  return foldWidth(text)
    .trim()
    .replace(/\s+/g, ' ')
    .replace(ASCII_LOWER, (s) => s.toUpperCase());
}

export interface ParsedKeyword {
  /** The normalised keyword ('JX', 'BZR', '退订'), or null when the text starts with neither. */
  keyword: string | null;
  /** The text after the keyword, trimmed but otherwise as the sender wrote it. */
  rest: string;
}

/**
 * Splits off the leading keyword: the run of ASCII letters and digits at the start (width-folded,
 * uppercased), or else the longest of `chineseKeywords` the text starts with. `rest` keeps the
 * sender's own characters (full-width punctuation, case, line breaks) because it is usually a
 * message for a person ('BZR 老师，明天请假'); run normalizeMo on it for command arguments.
 */
export function parseKeyword(text: string, chineseKeywords: readonly string[] = []): ParsedKeyword {
  const folded = foldWidth(text);
  const start = folded.length - folded.trimStart().length;
  const head = folded.slice(start);
  const word = LEADING_ASCII_WORD.exec(head)?.[0] ?? longestPrefix(head, chineseKeywords);
  if (word === null) {
    return { keyword: null, rest: text.trim() };
  }
  return { keyword: word.toUpperCase(), rest: text.slice(start + word.length).trim() };
}

function longestPrefix(head: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  for (const c of candidates) {
    const k = foldWidth(c).trim();
    if (k !== '' && head.startsWith(k) && (best === null || k.length > best.length)) {
      best = k;
    }
  }
  return best;
}
