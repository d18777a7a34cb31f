import type { DeviceType, TenantType } from '../identity';
import type { DevicesDeps } from './deps';
import { DeviceErrors } from './devices.errors';
import * as repo from './devices.repo';
import { deviceView, type DeviceView } from './views';

export interface ListDevicesOptions {
  type?: DeviceType;
  status?: repo.DeviceStatus;
  tenantType?: TenantType;
  tenantId?: string;
  limit?: number;
  offset?: number;
}

export async function listDevices(deps: DevicesDeps, f: ListDevicesOptions): Promise<{ items: DeviceView[]; total: number }> {
  const now = deps.clock.now();
  const { rows, total } = await repo.listDevices(deps.db, {
    type: f.type,
    status: f.status,
    tenantType: f.tenantType,
    tenantId: f.tenantId === undefined || f.tenantId.trim() === '' ? undefined : f.tenantId.trim(),
    limit: Math.min(Math.max(f.limit ?? 50, 1), 500),
    offset: Math.max(f.offset ?? 0, 0),
  });
  return { items: rows.map((r) => deviceView(r, now)), total };
}

export async function getDevice(deps: DevicesDeps, id: string): Promise<DeviceView> {
  const row = await repo.findDevice(deps.db, id);
  if (!row) {
    throw DeviceErrors.DEVICE_NOT_FOUND({ id });
  }
  return deviceView(row, deps.clock.now());
}
