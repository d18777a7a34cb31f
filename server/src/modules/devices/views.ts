import type { DeviceType, TenantType } from '../identity';
import type { DeviceRow, DeviceStatus } from './devices.repo';

export const DEVICE_TYPES = ['gate', 'pos', 'school_phone', 'ivr', 'callback'] as const satisfies readonly DeviceType[];

export const DEVICE_TYPE_TITLES: Record<DeviceType, string> = {
  gate: '闸机',
  pos: 'POS终端',
  school_phone: '学校电话',
  ivr: 'IVR网关',
  callback: '回调',
};

export const DEVICE_STATUSES = ['active', 'disabled'] as const satisfies readonly DeviceStatus[];

/** A device as shown to operators: never its key. */
export interface DeviceView {
  id: string;
  type: DeviceType;
  name: string;
  tenantType: TenantType;
  tenantId: string;
  status: DeviceStatus;
  firmware: string | null;
  createdAt: number;
  updatedAt: number;
  lastSeenAt: number | null;
  lastIp: string | null;
  keyRotatedAt: number | null;
  /** Until when the key before the last rotation still works (null: it no longer does). */
  previousKeyValidUntil: number | null;
}

export function deviceView(r: DeviceRow, now: number): DeviceView {
  const grace = r.previous_secret !== null && r.previous_valid_until !== null && r.previous_valid_until > now ? r.previous_valid_until : null;
  return {
    id: r.id,
    type: r.type,
    name: r.name,
    tenantType: r.tenant_type,
    tenantId: r.tenant_id,
    status: r.status,
    firmware: r.firmware,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    lastSeenAt: r.last_seen_at,
    lastIp: r.last_ip,
    keyRotatedAt: r.key_rotated_at,
    previousKeyValidUntil: grace,
  };
}
