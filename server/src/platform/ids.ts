import { randomBytes } from 'node:crypto';

/**
 * A UUIDv7: time-ordered (so ids sort by creation and index well) and random enough to
 * be created by several processes at once. `now` comes from the injected clock.
 */
export function newId(now: number): string {
  const b = randomBytes(16);
  const ts = BigInt(now);
  for (let i = 0; i < 6; i++) {
    b[i] = Number((ts >> BigInt(8 * (5 - i))) & 0xffn);
  }
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A random URL-safe token (session ids, CSRF tokens, one-time passwords). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
