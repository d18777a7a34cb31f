import { defineErrors } from '../../platform/errors';

export const DeviceErrors = defineErrors({
  DEVICE_NOT_FOUND: ['not_found', '设备不存在'],
  DEVICE_INVALID: ['invalid', '设备信息不正确'],
  DEVICE_ID_TAKEN: ['conflict', '设备编号已被使用'],
  /** A device request refused; `details.reason` says why (docs/devices.md). */
  DEVICE_AUTH_FAILED: ['unauthenticated', '设备签名校验未通过'],
});

/** Why a device request was refused, each with the message the device's maintainer reads. */
export const DEVICE_AUTH_REASONS = {
  missing_headers: '缺少设备签名请求头（X-Device-Id、X-Timestamp、X-Nonce、X-Signature）',
  bad_headers: '设备签名请求头格式不正确',
  unknown_device: '设备未注册',
  device_disabled: '设备已停用，请联系运营商',
  stale_timestamp: '请求时间与服务器时间相差超过 5 分钟，请校准设备时钟',
  nonce_reused: '请求随机串（X-Nonce）已使用过，疑似重放的请求',
  bad_signature: '设备签名不正确',
} as const;

export type DeviceAuthReason = keyof typeof DEVICE_AUTH_REASONS;

export function deviceAuthFailed(reason: DeviceAuthReason, details: Record<string, unknown> = {}) {
  return DeviceErrors.DEVICE_AUTH_FAILED({ reason, ...details }, DEVICE_AUTH_REASONS[reason]);
}
