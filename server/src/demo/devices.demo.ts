/**
 * Device demo: a gate reader and a family phone at the demo school, and a POS at the demo
 * outlet, each with a fixed id and a fixed key, so that docs/devices.md and the README can
 * show a `yikatong device call` that works on a fresh demo. These keys are public: a real
 * deployment turns demo data off (DEMO_DATA=false) or rotates them in 设备管理.
 */
import type { AppContext } from '../context';
import { DeviceErrors } from '../modules/devices';
import type { DeviceType, TenantType } from '../modules/identity';
import { isAppError } from '../platform/errors';

export interface DemoDevice {
  id: string;
  type: DeviceType;
  name: string;
  key: string;
  tenant: 'school' | 'outlet';
}

export const DEMO_DEVICES: readonly DemoDevice[] = [
  { id: 'demo-gate-east', type: 'gate', name: '东门闸机', key: 'yk-demo-gate-east-0001-public-demo-key', tenant: 'school' },
  { id: 'demo-phone-family', type: 'school_phone', name: '亲情电话', key: 'yk-demo-phone-family-0001-public-demo-key', tenant: 'school' },
  { id: 'demo-pos-1', type: 'pos', name: '收银台1', key: 'yk-demo-pos-1-0001-public-demo-key-000', tenant: 'outlet' },
];

/** Registers the demo devices; one that is already there is left as it is. */
export async function loadDeviceDemo(ctx: AppContext, t: { schoolId: string; outletId: string }): Promise<void> {
  for (const d of DEMO_DEVICES) {
    const tenantType: TenantType = d.tenant;
    const tenantId = d.tenant === 'school' ? t.schoolId : t.outletId;
    try {
      await ctx.devices.register({ id: d.id, key: d.key, type: d.type, name: d.name, tenantType, tenantId });
    } catch (e) {
      if (!(isAppError(e) && e.code === DeviceErrors.DEVICE_ID_TAKEN().code)) {
        throw e;
      }
    }
  }
}
