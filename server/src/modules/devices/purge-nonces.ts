import type { DevicesDeps } from './deps';
import { NONCE_RETENTION_MS } from './deps';
import * as repo from './devices.repo';

/** Forgets nonces older than the replay window (10 minutes): a request that old is refused by its timestamp. */
export async function purgeNonces(deps: DevicesDeps): Promise<number> {
  return repo.deleteNoncesBefore(deps.db, deps.clock.now() - NONCE_RETENTION_MS);
}
