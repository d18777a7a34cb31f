/**
 * Turning an inbound (MO) Msg_Content into text (cmpp2.md §2.11, §2.12). Nothing here throws:
 * a gateway can send anything, and a bad byte must not cost the message.
 */
import iconv from 'iconv-lite';

/** Msg_Fmt values with their own decoding. */
export const MSG_FMT = { ascii: 0, binary: 4, ucs2: 8, gbk: 15 } as const;

/** Prefix of the text made from a binary (Msg_Fmt 4) payload: `[hex]` + lowercase hex digits. */
export const BINARY_TEXT_PREFIX = '[hex]';

export interface ConcatInfo {
  /** The concatenation reference: 0..255 (IEI 0x00) or 0..65535 (IEI 0x08). */
  ref: number;
  total: number;
  /** 1-based. */
  seq: number;
}

export interface SplitUdhResult {
  udh: ConcatInfo | null;
  body: Buffer;
}

/**
 * Decodes Msg_Content (without UDH) by Msg_Fmt: 0 ASCII (read as latin1 so no byte is lost),
 * 8 UCS-2 big-endian (an odd trailing byte is dropped), 15 GBK (decoded as GB18030, its
 * superset), 4 binary → `[hex]…`, anything else latin1.
 */
export function decodeSmsPayload(bytes: Buffer, msgFmt: number): string {
  switch (msgFmt) {
    case MSG_FMT.ucs2:
      return decodeUcs2(bytes);
    case MSG_FMT.gbk:
      return iconv.decode(bytes, 'gb18030');
    case MSG_FMT.binary:
      return BINARY_TEXT_PREFIX + bytes.toString('hex');
    default:
      return bytes.toString('latin1');
  }
}

/** CMPP's TP_udhi: the standard says 0x01, most gateways send 0x40 (the SMPP esm_class bit). */
export function hasUdh(tpUdhi: number): boolean {
  return (tpUdhi & 0x41) !== 0;
}

/**
 * Separates the user data header from the body. Understands the concatenation elements
 * IEI 0x00 (`05 00 03 ref total seq`) and IEI 0x08 (`06 08 04 refHi refLo total seq`); the last
 * one wins if several are present (TS 23.040 §9.2.3.24). A header that does not parse is not a
 * header: the whole content is the body. A well-formed header without a usable concatenation
 * element (other elements only, total 0, seq outside 1..total) gives `udh: null` and the body
 * after the header.
 */
export function splitUdh(bytes: Buffer, udhi: boolean): SplitUdhResult {
  const whole: SplitUdhResult = { udh: null, body: bytes };
  if (!udhi || bytes.length === 0) {
    return whole;
  }
  const udhl = bytes.readUInt8(0);
  const headerEnd = 1 + udhl;
  if (udhl === 0 || headerEnd > bytes.length) {
    return whole;
  }
  const elements = readElements(bytes.subarray(1, headerEnd));
  if (elements === null) {
    return whole;
  }
  let concat: ConcatInfo | null = null;
  for (const e of elements) {
    concat = concatOf(e) ?? concat;
  }
  const body = bytes.subarray(headerEnd);
  return { udh: concat && isValidConcat(concat) ? concat : null, body };
}

interface InfoElement {
  iei: number;
  data: Buffer;
}

/** The header's information elements, or null when their lengths do not add up. */
function readElements(header: Buffer): InfoElement[] | null {
  const out: InfoElement[] = [];
  let i = 0;
  while (i < header.length) {
    const iei = header[i];
    const len = header[i + 1];
    if (len === undefined || iei === undefined || i + 2 + len > header.length) {
      return null;
    }
    out.push({ iei, data: header.subarray(i + 2, i + 2 + len) });
    i += 2 + len;
  }
  return out;
}

function concatOf(e: InfoElement): ConcatInfo | null {
  const d = e.data;
  if (e.iei === 0x00 && d.length === 3) {
    return { ref: d.readUInt8(0), total: d.readUInt8(1), seq: d.readUInt8(2) };
  }
  if (e.iei === 0x08 && d.length === 4) {
    return { ref: d.readUInt16BE(0), total: d.readUInt8(2), seq: d.readUInt8(3) };
  }
  return null;
}

function isValidConcat(c: ConcatInfo): boolean {
  return c.total >= 1 && c.seq >= 1 && c.seq <= c.total;
}

function decodeUcs2(bytes: Buffer): string {
  const even = bytes.length - (bytes.length % 2);
  // Copy first: swap16 works in place and the caller's buffer is not ours.
  return Buffer.from(bytes.subarray(0, even)).swap16().toString('utf16le');
}
