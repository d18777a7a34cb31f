/**
 * The 64-bit CMPP Msg_Id (§2.8). Kept as a bigint or 8 bytes, never a Number: a double cannot
 * hold 64 bits, and lossy conversions are where report-correlation bugs come from.
 */
import { CmppCodecError } from './codec';

/** The ISMG's local time: CMPP timestamps and Msg_Ids are Beijing time. */
export const CMPP_TIME_ZONE = 'Asia/Shanghai';

export interface CmppLocalTime {
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/**
 * Msg_Id fields, most significant first: month 4 bits, day 5, hour 5, minute 6, second 6,
 * ISMG (gateway) code 22, sequence 16 (§2.8).
 */
export interface MsgIdParts extends CmppLocalTime {
  /** The ISMG code as a number ("079101" → 79101). */
  gateway: number;
  seq: number;
}

/** Each field's shift from the least significant bit and its width in bits (§2.8). */
const FIELDS = {
  month: [60n, 4],
  day: [55n, 5],
  hour: [50n, 5],
  minute: [44n, 6],
  second: [38n, 6],
  gateway: [16n, 22],
  seq: [0n, 16],
} as const satisfies Record<keyof MsgIdParts, readonly [bigint, number]>;

const FIELD_NAMES = Object.keys(FIELDS) as (keyof MsgIdParts)[];

const MAX_MSG_ID = 0xffffffffffffffffn;
const SEQ_MASK = 0xffff;

const localTimeFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: CMPP_TIME_ZONE,
  hourCycle: 'h23',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** Month, day and time of an instant in Beijing time. */
export function cmppLocalTime(at: number | Date): CmppLocalTime {
  const instant = typeof at === 'number' ? at : at.getTime();
  if (!Number.isFinite(instant)) {
    throw new CmppCodecError('CMPP_BAD_FIELD', { field: 'time', value: String(at), reason: 'not a valid instant' });
  }
  // Every Msg_Id of the same second has the same local time: formatted once per second.
  const second = Math.floor(instant / 1000);
  if (lastLocal !== null && lastLocal.second === second) {
    return { ...lastLocal.time };
  }
  const parts = localTimeFormat.formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  const time = { month: part('month'), day: part('day'), hour: part('hour'), minute: part('minute'), second: part('second') };
  lastLocal = { second, time };
  return { ...time };
}

let lastLocal: { second: number; time: CmppLocalTime } | null = null;

function checkMsgId(id: bigint): bigint {
  if (id < 0n || id > MAX_MSG_ID) {
    throw new CmppCodecError('CMPP_BAD_FIELD', { field: 'Msg_Id', value: id.toString(), reason: 'not 64 bits' });
  }
  return id;
}

export function packMsgId(parts: MsgIdParts): bigint {
  let id = 0n;
  for (const name of FIELD_NAMES) {
    const [shift, width] = FIELDS[name];
    const value = parts[name];
    if (!Number.isInteger(value) || value < 0 || value >= 2 ** width) {
      throw new CmppCodecError('CMPP_BAD_FIELD', { field: `Msg_Id.${name}`, value, reason: `not ${width} bits` });
    }
    id |= BigInt(value) << shift;
  }
  return id;
}

export function unpackMsgId(id: bigint | Buffer): MsgIdParts {
  const value = typeof id === 'bigint' ? checkMsgId(id) : msgIdFromBuffer(id);
  const field = (name: keyof MsgIdParts): number => {
    const [shift, width] = FIELDS[name];
    return Number((value >> shift) & ((1n << BigInt(width)) - 1n));
  };
  return {
    month: field('month'),
    day: field('day'),
    hour: field('hour'),
    minute: field('minute'),
    second: field('second'),
    gateway: field('gateway'),
    seq: field('seq'),
  };
}

export function msgIdToBuffer(id: bigint): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigUInt64BE(checkMsgId(id));
  return out;
}

export function msgIdFromBuffer(bytes: Buffer): bigint {
  if (bytes.length !== 8) {
    throw new CmppCodecError('CMPP_BAD_FIELD', { field: 'Msg_Id', length: bytes.length, reason: 'must be 8 bytes' });
  }
  return bytes.readBigUInt64BE(0);
}

/** 16 lower-case hex digits: the form to store and log (§2.8). */
export function msgIdToHex(id: bigint): string {
  return checkMsgId(id).toString(16).padStart(16, '0');
}

export function msgIdFromHex(hex: string): bigint {
  if (!/^[0-9a-fA-F]{16}$/.test(hex)) {
    throw new CmppCodecError('CMPP_BAD_FIELD', { field: 'Msg_Id', value: hex, reason: 'must be 16 hex digits' });
  }
  return BigInt(`0x${hex}`);
}

/**
 * The id of recipient `index` of a group SUBMIT: Msg_Id + index, with the 16-bit sequence
 * wrapping inside its field rather than carrying into the gateway code (§2.7 group send).
 */
export function offsetMsgId(id: bigint, index: number): bigint {
  if (!Number.isInteger(index) || index < 0) {
    throw new CmppCodecError('CMPP_BAD_FIELD', { field: 'index', value: index, reason: 'not a non-negative integer' });
  }
  const seq = (Number(checkMsgId(id) & BigInt(SEQ_MASK)) + index) & SEQ_MASK;
  return (id & ~BigInt(SEQ_MASK)) | BigInt(seq);
}

export interface MsgIdGeneratorOptions {
  /** The simulated ISMG's code, up to 22 bits. */
  gateway: number;
  /** The first sequence number; default 0. */
  firstSeq?: number;
}

/**
 * A Msg_Id source for the ISMG simulator. Each call stamps the instant (Beijing time) and
 * takes `count` sequence numbers (a group SUBMIT with n recipients takes n, §2.7); the
 * sequence wraps at 16 bits.
 */
export function createMsgIdGenerator(options: MsgIdGeneratorOptions): (at: number | Date, count?: number) => bigint {
  const { gateway } = options;
  let seq = options.firstSeq ?? 0;
  packMsgId({ month: 0, day: 0, hour: 0, minute: 0, second: 0, gateway, seq }); // validates both
  return (at, count = 1) => {
    if (!Number.isInteger(count) || count < 1 || count > SEQ_MASK + 1) {
      throw new CmppCodecError('CMPP_BAD_FIELD', { field: 'count', value: count, reason: 'between 1 and 65536' });
    }
    const id = packMsgId({ ...cmppLocalTime(at), gateway, seq });
    seq = (seq + count) & SEQ_MASK;
    return id;
  };
}
