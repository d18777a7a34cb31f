/**
 * How a device signs a request (docs/devices.md). Pure functions: the server, the CLI, tests
 * and device makers' documentation all use these.
 *
 *   canonical = METHOD \n PATH \n TIMESTAMP \n NONCE \n hex(SHA-256(body))
 *   signature = hex(HMAC-SHA256(key, canonical))
 *
 * METHOD is upper case; PATH is the request target exactly as sent, query string included;
 * TIMESTAMP is epoch milliseconds in decimal; the body hash is over the raw bytes (an empty
 * body hashes the empty string). The key is used as its text (UTF-8), not decoded.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const DEVICE_HEADERS = {
  deviceId: 'x-device-id',
  timestamp: 'x-timestamp',
  nonce: 'x-nonce',
  signature: 'x-signature',
} as const;

export type Body = string | Uint8Array | undefined | null;

function bytes(body: Body): Uint8Array {
  if (body === undefined || body === null) {
    return new Uint8Array(0);
  }
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
}

/** Lower-case hex SHA-256 of the raw body bytes. */
export function sha256Hex(body: Body): string {
  return createHash('sha256').update(bytes(body)).digest('hex');
}

export function deviceCanonicalString(r: { method: string; path: string; timestamp: number | string; nonce: string; bodySha256: string }): string {
  return [r.method.toUpperCase(), r.path, String(r.timestamp), r.nonce, r.bodySha256.toLowerCase()].join('\n');
}

function hmacHex(key: string, canonical: string): string {
  return createHmac('sha256', Buffer.from(key, 'utf8')).update(canonical, 'utf8').digest('hex');
}

/** The X-Signature of a request: hex HMAC-SHA256 of its canonical string under the device's key. */
export function signDeviceRequest(r: { key: string; method: string; path: string; timestamp: number | string; nonce: string; body?: Body }): string {
  return hmacHex(r.key, deviceCanonicalString({ ...r, bodySha256: sha256Hex(r.body) }));
}

/** Does `signature` (hex) sign `canonical` under `key`? Compared in constant time. */
export function signatureMatches(key: string, canonical: string, signature: string): boolean {
  const expected = Buffer.from(hmacHex(key, canonical), 'hex');
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The four headers of a signed request (for the CLI, tests and sample device code). */
export function deviceRequestHeaders(r: { deviceId: string; key: string; method: string; path: string; timestamp: number; nonce: string; body?: Body }): Record<string, string> {
  return {
    'X-Device-Id': r.deviceId,
    'X-Timestamp': String(r.timestamp),
    'X-Nonce': r.nonce,
    'X-Signature': signDeviceRequest(r),
  };
}
