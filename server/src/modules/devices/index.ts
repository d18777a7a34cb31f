/**
 * Devices: gate readers, POS terminals, school phones, IVR gateways, and carriers' and banks'
 * callbacks. Each is registered with an HMAC key and signs every request; `authenticate`
 * turns a signed request into a device actor (rules and a worked example: docs/devices.md).
 * The front door of the module: other code imports only this file.
 */
import { authenticateDevice, type AuthenticateOptions } from './authenticate';
import type { DevicesDeps } from './deps';
import { getDevice, listDevices, type ListDevicesOptions } from './list-devices';
import { purgeNonces } from './purge-nonces';
import { recordHeartbeat } from './record-heartbeat';
import { registerDevice, type RegisterDeviceOptions } from './register-device';
import { rotateKey } from './rotate-key';
import { setDeviceStatus } from './set-status';

export type { DevicesDeps } from './deps';
export type { AuthenticateOptions, DeviceActor } from './authenticate';
export type { ListDevicesOptions } from './list-devices';
export type { RegisterDeviceOptions } from './register-device';
export type { DeviceStatus } from './devices.repo';
export type { DeviceView } from './views';
export { DEVICE_CLOCK_SKEW_MS, KEY_ROTATION_GRACE_MS, NONCE_RETENTION_MS } from './deps';
export { DEVICE_AUTH_REASONS, DeviceErrors, deviceAuthFailed, type DeviceAuthReason } from './devices.errors';
export { DEVICE_STATUSES, DEVICE_TYPES, DEVICE_TYPE_TITLES } from './views';
export { DEVICE_HEADERS, deviceCanonicalString, deviceRequestHeaders, sha256Hex, signDeviceRequest } from './sign';

export function devicesModule(deps: DevicesDeps) {
  return {
    /** Registers a device; the key is in the result once and never again. */
    register: (o: RegisterDeviceOptions) => registerDevice(deps, o),
    list: (f: ListDevicesOptions = {}) => listDevices(deps, f),
    get: (id: string) => getDevice(deps, id),
    /** A new key, returned once; the old one works for KEY_ROTATION_GRACE_MS more. */
    rotateKey: (o: { id: string }) => rotateKey(deps, o),
    disable: (o: { id: string }) => setDeviceStatus(deps, { id: o.id, status: 'disabled' }),
    enable: (o: { id: string }) => setDeviceStatus(deps, { id: o.id, status: 'active' }),
    /** A signed request → the device actor, or DEVICE_AUTH_FAILED with details.reason. */
    authenticate: (o: AuthenticateOptions) => authenticateDevice(deps, o),
    heartbeat: (o: { deviceId: string; firmware?: string }) => recordHeartbeat(deps, o),
    /** Job body (jobs/devices.jobs.ts): forgets nonces past the replay window. */
    purgeNonces: () => purgeNonces(deps),
  };
}

export type DevicesModule = ReturnType<typeof devicesModule>;
