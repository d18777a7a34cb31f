import { createHash } from 'node:crypto';

/** Only the hash of a session token is stored: a copy of the table logs nobody in. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
