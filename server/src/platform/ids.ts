import { randomBytes, randomFillSync } from 'node:crypto';

/** Random bytes drawn 4 KiB at a time: one call into the CSPRNG per 256 ids instead of one each. */
const POOL = Buffer.alloc(4096);
let poolAt = POOL.length;

function random16(): Buffer {
  if (poolAt + 16 > POOL.length) {
    randomFillSync(POOL);
    poolAt = 0;
  }
  const b = Buffer.from(POOL.subarray(poolAt, poolAt + 16));
  // Used bytes are not left behind for anything that might read the pool later.
  POOL.fill(0, poolAt, poolAt + 16);
  poolAt += 16;
  return b;
}

/**
 * A UUIDv7: time-ordered (so ids sort by creation and index well) and random enough to
 * be created by several processes at once. `now` comes from the injected clock.
 */
export function newId(now: number): string {
  const b = random16();
  // 48 bits of milliseconds, big-endian (exact in a double up to 2^53).
  b.writeUIntBE(now, 0, 6);
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A random URL-safe token (session ids, CSRF tokens, one-time passwords). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
