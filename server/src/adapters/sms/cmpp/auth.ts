/**
 * CMPP login authenticators (§2.5) and the MMDDHHMMSS timestamp they hash.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { CmppCodecError, CommandId, type CmppConnect, type CmppVersion } from './codec';
import { cmppLocalTime } from './msg-id';

const two = (n: number): string => String(n).padStart(2, '0');

/** "MMDDHHMMSS" of an instant in Beijing time: the CONNECT timestamp (§2.5). */
export function formatCmppTimestamp(at: number | Date): string {
  const t = cmppLocalTime(at);
  return `${two(t.month)}${two(t.day)}${two(t.hour)}${two(t.minute)}${two(t.second)}`;
}

/**
 * The ten-character form the authenticator hashes. The CONNECT Timestamp field carries the
 * same digits as an integer, which has only nine in January: 105123456 → "0105123456" (§2.5).
 */
export function cmppTimestampText(timestamp: string | number): string {
  const text = typeof timestamp === 'number' ? String(timestamp).padStart(10, '0') : timestamp;
  if (!/^\d{10}$/.test(text)) {
    throw new CmppCodecError('CMPP_BAD_FIELD', { field: 'Timestamp', value: timestamp, reason: 'MMDDHHMMSS' });
  }
  return text;
}

/** The CONNECT Timestamp field: MMDDHHMMSS as a decimal integer (§2.5). */
export function cmppTimestampValue(timestamp: string): number {
  return Number(cmppTimestampText(timestamp));
}

const md5 = (...parts: Buffer[]): Buffer => createHash('md5').update(Buffer.concat(parts)).digest();

export interface AuthenticatorSourceOptions {
  /** SP_Id (Source_Addr), 1–6 ASCII characters, hashed without padding, as gocmpp does. */
  sourceAddr: string;
  sharedSecret: string;
  /** "MMDDHHMMSS" or the CONNECT Timestamp integer. */
  timestamp: string | number;
}

/** AuthenticatorSource = MD5(Source_Addr + 9 × 0x00 + shared secret + "MMDDHHMMSS") (§2.5). */
export function authenticatorSource(options: AuthenticatorSourceOptions): Buffer {
  if (!/^[ -~]{1,6}$/.test(options.sourceAddr)) {
    throw new CmppCodecError('CMPP_BAD_FIELD', { field: 'Source_Addr', value: options.sourceAddr, reason: '1 to 6 ASCII characters' });
  }
  return md5(
    Buffer.from(options.sourceAddr, 'latin1'),
    Buffer.alloc(9),
    Buffer.from(options.sharedSecret, 'utf8'),
    Buffer.from(cmppTimestampText(options.timestamp), 'latin1'),
  );
}

/** For the ISMG side: does a CONNECT's authenticator match the account's secret? */
export function verifyAuthenticatorSource(options: AuthenticatorSourceOptions & { authenticatorSource: Buffer }): boolean {
  const expected = authenticatorSource(options);
  return options.authenticatorSource.length === expected.length && timingSafeEqual(options.authenticatorSource, expected);
}

export interface AuthenticatorIsmgOptions {
  status: number;
  authenticatorSource: Buffer;
  sharedSecret: string;
  /** Picks the Status width hashed: 1 byte for 2.x, 4 for 3.0. */
  version: CmppVersion;
}

/**
 * AuthenticatorISMG = MD5(Status + AuthenticatorSource + shared secret) (§2.5). Status is
 * hashed in its wire width (gocmpp); SMSGate hashes 4 bytes even for 2.x, so a client should
 * only warn on a mismatch.
 */
export function authenticatorIsmg(options: AuthenticatorIsmgOptions): Buffer {
  const width = options.version >= 0x30 ? 4 : 1;
  const { status } = options;
  if (!Number.isInteger(status) || status < 0 || status >= 2 ** (8 * width)) {
    throw new CmppCodecError('CMPP_BAD_FIELD', { field: 'Status', value: status, reason: `not ${width * 8} bits` });
  }
  const statusBytes = Buffer.alloc(width);
  statusBytes.writeUIntBE(status, 0, width);
  return md5(statusBytes, options.authenticatorSource, Buffer.from(options.sharedSecret, 'utf8'));
}

export interface BuildConnectOptions {
  sequenceId: number;
  sourceAddr: string;
  sharedSecret: string;
  /** The login instant; its Beijing time is the timestamp. */
  at: number | Date;
  /** The Version byte to ask for (0x20, 0x21, 0x30). */
  version: number;
}

/** A CONNECT whose timestamp and authenticator agree, for the client and tests. */
export function buildConnect(options: BuildConnectOptions): CmppConnect {
  const timestamp = formatCmppTimestamp(options.at);
  return {
    commandId: CommandId.CONNECT,
    sequenceId: options.sequenceId,
    sourceAddr: options.sourceAddr,
    authenticatorSource: authenticatorSource({ ...options, timestamp }),
    version: options.version,
    timestamp: cmppTimestampValue(timestamp),
  };
}
