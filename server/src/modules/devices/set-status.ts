import type { DevicesDeps } from './deps';
import { DeviceErrors } from './devices.errors';
import * as repo from './devices.repo';
import { deviceView, type DeviceView } from './views';

/**
 * Disables or enables a device. A disabled device's requests are refused (reason
 * device_disabled) until it is enabled again; its key is kept. Doing it twice is harmless.
 */
export async function setDeviceStatus(deps: DevicesDeps, o: { id: string; status: repo.DeviceStatus }): Promise<DeviceView> {
  const now = deps.clock.now();
  await repo.setStatus(deps.db, o.id, o.status, now);
  const row = await repo.findDevice(deps.db, o.id);
  if (!row) {
    throw DeviceErrors.DEVICE_NOT_FOUND({ id: o.id });
  }
  return deviceView(row, now);
}
