/**
 * Splitting an MT text into the segments a CMPP SUBMIT carries (cmpp2.md §2.11, §4).
 *
 * - All characters printable ASCII, CR or LF → Msg_Fmt 0: 160 in one segment, 153 per segment
 *   of a long message. Anything else → UCS-2 big-endian (Msg_Fmt 8): 70 UTF-16 code units in
 *   one, 67 per segment; a character outside the BMP costs 2 units and a surrogate pair is
 *   never split (the segment ends one unit early instead).
 * - A long message carries the 6-byte concatenation UDH `05 00 03 ref total seq` at the start of
 *   every segment's Msg_Content; the caller sets TP_udhi=1, Pk_total and Pk_number.
 * - Lone surrogates cannot be shown by any handset; they are sent as U+FFFD.
 */
import { SmsTextErrors } from './errors';

export type SmsEncoding = 'ascii' | 'ucs2';

export interface SmsPart {
  /** 1-based position, the CMPP Pk_number. */
  seq: number;
  /** Number of segments, the CMPP Pk_total. */
  total: number;
  /** The concatenation header, or null for a one-segment message. */
  udh: Buffer | null;
  /** The encoded text of this segment only. */
  payload: Buffer;
  /** udh + payload: what goes into Msg_Content (Msg_Length = bytes.length). */
  bytes: Buffer;
}

export interface SmsPlan {
  encoding: SmsEncoding;
  msgFmt: 0 | 8;
  parts: SmsPart[];
  /** Characters (Unicode code points) in the text. */
  characters: number;
  /** Billable units: ASCII characters, or UTF-16 code units for UCS-2. */
  units: number;
}

export interface PlanSmsOptions {
  /** The most segments the caller will send (the CMPP limit is 255). */
  maxParts: number;
  /** The 8-bit concatenation reference, 0..255: the same for every segment, new per message. */
  reference: number;
}

/** Units per segment: a message up to `single` goes in one; a longer one takes `multi` per part. */
export const SMS_LIMITS: Readonly<Record<SmsEncoding, { single: number; multi: number }>> = {
  ascii: { single: 160, multi: 153 },
  ucs2: { single: 70, multi: 67 },
};

/** Pk_total is one byte. */
export const MAX_SMS_PARTS = 255;

const MSG_FMT: Readonly<Record<SmsEncoding, 0 | 8>> = { ascii: 0, ucs2: 8 };
const ASCII_TEXT = /^[\x20-\x7e\r\n]*$/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Plans the segments of `text`; throws SMS_EMPTY or SMS_TOO_LONG (with details.needed/allowed). */
export function planSms(text: string, opts: PlanSmsOptions): SmsPlan {
  checkOptions(opts);
  if (text.trim() === '') {
    throw SmsTextErrors.SMS_EMPTY();
  }
  const safe = toWellFormed(text);
  const encoding = smsEncodingOf(safe);
  const ranges = segmentRanges(safe, SMS_LIMITS[encoding]);
  if (ranges.length > opts.maxParts) {
    throw SmsTextErrors.SMS_TOO_LONG(
      { needed: ranges.length, allowed: opts.maxParts, encoding, units: safe.length },
      `短信内容过长：需要拆分为 ${String(ranges.length)} 条，最多允许 ${String(opts.maxParts)} 条`,
    );
  }
  const total = ranges.length;
  const parts = ranges.map(([start, end], i): SmsPart => {
    const seq = i + 1;
    const payload = encodeText(safe.slice(start, end), encoding);
    const udh = total > 1 ? concatUdh(opts.reference, total, seq) : null;
    return { seq, total, udh, payload, bytes: udh ? Buffer.concat([udh, payload]) : payload };
  });
  return { encoding, msgFmt: MSG_FMT[encoding], parts, characters: countCodePoints(safe), units: safe.length };
}

/** How many segments `text` would be billed as (0 for empty text); no part limit. For previews. */
export function countSmsParts(text: string): number {
  if (text.trim() === '') {
    return 0;
  }
  const safe = toWellFormed(text);
  return segmentRanges(safe, SMS_LIMITS[smsEncodingOf(safe)]).length;
}

/** 'ascii' when every character is printable ASCII, CR or LF; otherwise 'ucs2'. */
export function smsEncodingOf(text: string): SmsEncoding {
  return ASCII_TEXT.test(text) ? 'ascii' : 'ucs2';
}

/** The 8-bit-reference concatenation UDH: `05 00 03 ref total seq`. */
export function concatUdh(reference: number, total: number, seq: number): Buffer {
  return Buffer.from([0x05, 0x00, 0x03, reference, total, seq]);
}

/**
 * [start, end) UTF-16 offsets of each segment. A segment that would end on a high surrogate
 * ends one unit earlier, so a pair always stays together.
 */
function segmentRanges(text: string, limits: { single: number; multi: number }): [number, number][] {
  if (text.length <= limits.single) {
    return [[0, text.length]];
  }
  const ranges: [number, number][] = [];
  for (let start = 0; start < text.length; ) {
    let end = Math.min(start + limits.multi, text.length);
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) {
      end -= 1;
    }
    ranges.push([start, end]);
    start = end;
  }
  return ranges;
}

function encodeText(chunk: string, encoding: SmsEncoding): Buffer {
  return encoding === 'ascii' ? Buffer.from(chunk, 'latin1') : Buffer.from(chunk, 'utf16le').swap16();
}

function checkOptions(opts: PlanSmsOptions): void {
  if (!Number.isInteger(opts.maxParts) || opts.maxParts < 1 || opts.maxParts > MAX_SMS_PARTS) {
    throw new RangeError(`maxParts must be an integer in 1..${String(MAX_SMS_PARTS)}`);
  }
  if (!Number.isInteger(opts.reference) || opts.reference < 0 || opts.reference > 0xff) {
    throw new RangeError('reference must be an integer in 0..255');
  }
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function toWellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\ufffd');
}

function countCodePoints(text: string): number {
  let pairs = 0;
  for (let i = 0; i < text.length; i++) {
    if (isHighSurrogate(text.charCodeAt(i))) {
      pairs += 1; // well-formed: a low surrogate follows
      i += 1;
    }
  }
  return text.length - pairs;
}

const SIGNATURE_AT_START = /^\s*【[^【】\r\n]+】/;
const SIGNATURE_AT_END = /【[^【】\r\n]+】\s*$/;

/** True when the text already starts or ends with a 【…】 signature. */
export function hasSignature(text: string): boolean {
  return SIGNATURE_AT_START.test(text) || SIGNATURE_AT_END.test(text);
}

/**
 * Puts 【signature】 in front of the text unless it already starts or ends with a 【…】
 * signature. `signature` may be given with or without the brackets; it must be 2–18
 * characters (the carriers' registration rule). The signature is part of the billed text:
 * plan the result, not the bare text.
 */
export function withSignature(text: string, signature: string): string {
  const name = signature.trim().replace(/^【(.*)】$/s, '$1').trim();
  const length = countCodePoints(toWellFormed(name));
  if (length < 2 || length > 18 || /[【】\r\n]/.test(name)) {
    throw SmsTextErrors.SMS_SIGNATURE_INVALID({ signature });
  }
  return hasSignature(text) ? text : `【${name}】${text}`;
}
