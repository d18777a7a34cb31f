import { newId, randomToken } from '../../platform/ids';
import { TENANT_TYPES, type DeviceType, type TenantType } from '../identity';
import type { DevicesDeps } from './deps';
import { DeviceErrors } from './devices.errors';
import * as repo from './devices.repo';
import { DEVICE_TYPES, DEVICE_TYPE_TITLES, deviceView, type DeviceView } from './views';

export interface RegisterDeviceOptions {
  type: DeviceType;
  name: string;
  tenantType: TenantType;
  tenantId: string;
  /** A fixed id and key: only for demo data and imports (HTTP never passes them). */
  id?: string;
  key?: string;
}

const TENANT_ID = /^[A-Za-z0-9_-]{1,64}$/;
const DEVICE_ID = /^[A-Za-z0-9-]{8,64}$/;
const KEY = /^[\x21-\x7e]{32,128}$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** A new key: 32 random bytes as URL-safe text (43 characters). */
export function newDeviceKey(): string {
  return randomToken(32);
}

export function checkTenant(tenantType: string, tenantId: string): void {
  if (!(TENANT_TYPES as readonly string[]).includes(tenantType)) {
    throw DeviceErrors.DEVICE_INVALID({ field: 'tenantType', allowed: TENANT_TYPES }, `所属类型应为 ${TENANT_TYPES.join(' / ')} 之一`);
  }
  if (tenantType === 'platform' ? tenantId !== 'platform' : !TENANT_ID.test(tenantId)) {
    throw DeviceErrors.DEVICE_INVALID(
      { field: 'tenantId' },
      tenantType === 'platform' ? '所属类型为平台时，所属编号应为 platform' : '所属编号为 1 到 64 位字母、数字、下划线或连字符',
    );
  }
}

/** Registers a device; its key is returned here once and never shown again. */
export async function registerDevice(deps: DevicesDeps, o: RegisterDeviceOptions): Promise<{ device: DeviceView; key: string }> {
  if (!(DEVICE_TYPES as readonly string[]).includes(o.type)) {
    throw DeviceErrors.DEVICE_INVALID(
      { field: 'type', allowed: DEVICE_TYPES },
      `设备类型应为 ${DEVICE_TYPES.map((t) => `${t}（${DEVICE_TYPE_TITLES[t]}）`).join(' / ')} 之一`,
    );
  }
  const name = o.name.trim();
  if (name.length === 0 || name.length > 40 || CONTROL.test(name)) {
    throw DeviceErrors.DEVICE_INVALID({ field: 'name' }, '设备名称不能为空，且不超过 40 个字');
  }
  const tenantId = o.tenantId.trim();
  checkTenant(o.tenantType, tenantId);
  if (o.id !== undefined && !DEVICE_ID.test(o.id)) {
    throw DeviceErrors.DEVICE_INVALID({ field: 'id' }, '设备编号为 8 到 64 位字母、数字或连字符');
  }
  if (o.key !== undefined && !KEY.test(o.key)) {
    throw DeviceErrors.DEVICE_INVALID({ field: 'key' }, '设备密钥为 32 到 128 个可见 ASCII 字符');
  }
  const now = deps.clock.now();
  const key = o.key ?? newDeviceKey();
  const row: repo.DeviceRow = {
    id: o.id ?? newId(now),
    type: o.type,
    name,
    tenant_type: o.tenantType,
    tenant_id: tenantId,
    secret: key,
    previous_secret: null,
    previous_valid_until: null,
    key_rotated_at: null,
    status: 'active',
    firmware: null,
    created_at: now,
    updated_at: now,
    last_seen_at: null,
    last_ip: null,
  };
  if (!(await repo.insertDevice(deps.db, row))) {
    throw DeviceErrors.DEVICE_ID_TAKEN({ id: row.id });
  }
  return { device: deviceView(row, now), key };
}
