import type { Actor } from '../identity';
import type { DevicesDeps } from './deps';
import { DEVICE_CLOCK_SKEW_MS } from './deps';
import { deviceAuthFailed } from './devices.errors';
import * as repo from './devices.repo';
import { deviceCanonicalString, signatureMatches } from './sign';

export type DeviceActor = Extract<Actor, { kind: 'device' }>;

export interface AuthenticateOptions {
  /** The four headers as sent (X-Device-Id, X-Timestamp, X-Nonce, X-Signature). */
  deviceId: string;
  timestamp: string;
  nonce: string;
  signature: string;
  method: string;
  /** The request target exactly as sent, query string included. */
  path: string;
  /** Lower-case hex SHA-256 of the raw body bytes. */
  bodySha256: string;
  ip: string | null;
}

const DEVICE_ID = /^[A-Za-z0-9-]{1,64}$/;
const TIMESTAMP = /^\d{1,15}$/;
const NONCE = /^[A-Za-z0-9._~-]{16,64}$/;
const HEX64 = /^[0-9a-fA-F]{64}$/;

function checkFormat(o: AuthenticateOptions): void {
  const bad: [boolean, string, string][] = [
    [DEVICE_ID.test(o.deviceId), 'X-Device-Id', '设备编号'],
    [TIMESTAMP.test(o.timestamp), 'X-Timestamp', '毫秒时间戳（十进制）'],
    [NONCE.test(o.nonce), 'X-Nonce', '16 到 64 位字母、数字或 ._~- 的随机串'],
    [HEX64.test(o.signature), 'X-Signature', '64 位十六进制签名'],
  ];
  for (const [ok, header, expected] of bad) {
    if (!ok) {
      throw deviceAuthFailed('bad_headers', { header, expected });
    }
  }
}

/**
 * Checks a signed device request and accepts it once: format, device, signature (current key,
 * or the previous one during its grace), status, timestamp within 5 minutes either way, and
 * a nonce not seen before. The nonce is recorded, with the device's last-seen time, in the
 * transaction that accepts the request: of two concurrent replays one fails on the primary key.
 */
export async function authenticateDevice(deps: DevicesDeps, o: AuthenticateOptions): Promise<DeviceActor> {
  checkFormat(o);
  const device = await repo.findDevice(deps.db, o.deviceId);
  if (!device) {
    throw deviceAuthFailed('unknown_device', { deviceId: o.deviceId });
  }
  const now = deps.clock.now();
  const canonical = deviceCanonicalString({ method: o.method, path: o.path, timestamp: o.timestamp, nonce: o.nonce, bodySha256: o.bodySha256 });
  const signature = o.signature.toLowerCase();
  const signed =
    signatureMatches(device.secret, canonical, signature) ||
    (device.previous_secret !== null && device.previous_valid_until !== null && now < device.previous_valid_until && signatureMatches(device.previous_secret, canonical, signature));
  if (!signed) {
    throw deviceAuthFailed('bad_signature');
  }
  if (device.status !== 'active') {
    throw deviceAuthFailed('device_disabled');
  }
  const skew = now - Number(o.timestamp);
  if (Math.abs(skew) > DEVICE_CLOCK_SKEW_MS) {
    throw deviceAuthFailed('stale_timestamp', { serverTime: now, skewMs: skew });
  }
  await deps.db.transaction().execute(async (trx) => {
    if (!(await repo.insertNonce(trx, { device_id: device.id, nonce: o.nonce, seen_at: now }))) {
      throw deviceAuthFailed('nonce_reused');
    }
    await repo.touchDevice(trx, device.id, now, o.ip);
  });
  return { kind: 'device', deviceId: device.id, deviceType: device.type, name: device.name, tenantType: device.tenant_type, tenantId: device.tenant_id };
}
