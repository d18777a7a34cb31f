import type { DevicesDeps } from './deps';
import { KEY_ROTATION_GRACE_MS } from './deps';
import { DeviceErrors } from './devices.errors';
import * as repo from './devices.repo';
import { newDeviceKey } from './register-device';
import { deviceView, type DeviceView } from './views';

/**
 * Gives a device a new key, returned once. The key it had keeps working for
 * KEY_ROTATION_GRACE_MS (10 minutes) so the device can be updated; a key older than that
 * (from a rotation before) stops at once.
 */
export async function rotateKey(deps: DevicesDeps, o: { id: string }): Promise<{ device: DeviceView; key: string; previousKeyValidUntil: number }> {
  const key = newDeviceKey();
  const now = deps.clock.now();
  const validUntil = now + KEY_ROTATION_GRACE_MS;
  const row = await deps.db.transaction().execute(async (trx) => {
    const current = await repo.findDevice(trx, o.id);
    if (!current) {
      throw DeviceErrors.DEVICE_NOT_FOUND({ id: o.id });
    }
    await repo.setSecret(trx, o.id, { secret: key, previous_secret: current.secret, previous_valid_until: validUntil, now });
    return repo.findDevice(trx, o.id);
  });
  return { device: deviceView(row!, now), key, previousKeyValidUntil: validUntil };
}
