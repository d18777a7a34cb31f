import type { DevicesDeps } from './deps';
import * as repo from './devices.repo';

/** A device says it is alive (its last-seen time was set when the request was accepted); keeps its firmware version. */
export async function recordHeartbeat(deps: DevicesDeps, o: { deviceId: string; firmware?: string }): Promise<{ deviceId: string; serverTime: number }> {
  const now = deps.clock.now();
  if (o.firmware !== undefined && o.firmware.trim() !== '') {
    await repo.setFirmware(deps.db, o.deviceId, o.firmware.trim(), now);
  }
  return { deviceId: o.deviceId, serverTime: now };
}
