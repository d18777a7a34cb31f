import type { Clock } from '../../platform/clock';
import { MINUTE } from '../../platform/clock';
import type { Db } from '../../platform/db/database';

export interface DevicesDeps {
  db: Db;
  clock: Clock;
}

/** A request's timestamp may differ from the server's clock by this much, either way. */
export const DEVICE_CLOCK_SKEW_MS = 5 * MINUTE;
/**
 * How long a nonce is remembered. A request is accepted at most DEVICE_CLOCK_SKEW_MS after
 * its timestamp and at most DEVICE_CLOCK_SKEW_MS before it, so a replay of a request can
 * only be accepted within twice that of the original: remembering nonces that long is enough.
 */
export const NONCE_RETENTION_MS = 2 * DEVICE_CLOCK_SKEW_MS;
/** After a key rotation the previous key keeps working this long, so a fleet can be updated. */
export const KEY_ROTATION_GRACE_MS = 10 * MINUTE;
