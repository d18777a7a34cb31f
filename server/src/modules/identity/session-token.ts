import { createHash } from 'node:crypto';

/** Only the hash of a session token is stored: a copy of the table logs nobody in. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/**
 * The id a person sees for a session (in "my devices"): the first 16 hex digits of the
 * stored hash. It names the session without being able to log anyone in.
 */
export function publicSessionId(idHash: string): string {
  return Buffer.from(idHash, 'base64url').subarray(0, 8).toString('hex');
}
