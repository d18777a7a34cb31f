/**
 * 设备管理页面用到的类型和中文名称（纯函数，单元测试见 data.test.ts）。
 * 类型一律取自服务端生成的 api/schema.d.ts。
 */
import type { components, paths } from '../../../api/schema';

type Json<P extends keyof paths, M extends 'get' | 'post'> = paths[P][M] extends {
  responses: { 200: { content: { 'application/json': infer T } } };
}
  ? T
  : never;

export type Device = components['schemas']['Device'];
export type DeviceType = Device['type'];
export type DeviceStatus = Device['status'];
export type TenantType = Device['tenantType'];
export type RegisterDeviceBody = NonNullable<paths['/api/devices']['post']['requestBody']>['content']['application/json'];
export type RegisterDeviceResult = Json<'/api/devices', 'post'>;
export type RotateKeyResult = Json<'/api/devices/{id}/rotate-key', 'post'>;

export const DEVICE_TYPES: Record<DeviceType, { label: string; hint: string }> = {
  gate: { label: '闸机', hint: '校门读卡器：学生进出校' },
  pos: { label: 'POS终端', hint: '食堂、超市或网点的收银终端' },
  school_phone: { label: '学校电话', hint: '校内亲情电话' },
  ivr: { label: 'IVR网关', hint: '语音充值、查询' },
  callback: { label: '回调', hint: '运营商或银行的结果通知' },
};

export const DEVICE_TYPE_CODES = Object.keys(DEVICE_TYPES) as DeviceType[];

export const deviceTypeLabel = (type: string): string =>
  Object.hasOwn(DEVICE_TYPES, type) ? DEVICE_TYPES[type as DeviceType].label : type;

export const TENANT_TYPES: Record<TenantType, string> = {
  school: '学校',
  outlet: '营业网点',
  agency: '代理商',
  class: '班级',
  student: '学生',
  platform: '平台',
};

export const TENANT_TYPE_CODES = Object.keys(TENANT_TYPES) as TenantType[];

/** 设备类型最常见的所属：闸机、电话在学校，POS 在网点，回调属于平台。 */
export const DEFAULT_TENANT: Record<DeviceType, TenantType> = {
  gate: 'school',
  pos: 'outlet',
  school_phone: 'school',
  ivr: 'platform',
  callback: 'platform',
};

/** 平台所属的设备，所属编号固定为 platform。 */
export const PLATFORM_TENANT_ID = 'platform';

/** “学校 阳光小学”；平台只显示“平台”。 */
export const tenantLabel = (device: Pick<Device, 'tenantType' | 'tenantName'>): string =>
  device.tenantType === 'platform'
    ? TENANT_TYPES.platform
    : `${Object.hasOwn(TENANT_TYPES, device.tenantType) ? TENANT_TYPES[device.tenantType] : device.tenantType} ${device.tenantName}`;

export const DEVICE_STATUS: Record<DeviceStatus, { label: string; color: string }> = {
  active: { label: '启用', color: 'success' },
  disabled: { label: '停用', color: 'default' },
};

export const DEVICE_STATUS_CODES = Object.keys(DEVICE_STATUS) as DeviceStatus[];

/** 所属编号：1 到 64 位字母、数字、下划线或连字符（与服务端一致）。 */
export const TENANT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** 注册表单 → 接口请求体：去掉首尾空格，平台所属的编号固定为 platform。 */
export const registerBody = (values: { type: DeviceType; name: string; tenantType: TenantType; tenantId?: string }): RegisterDeviceBody => ({
  type: values.type,
  name: values.name.trim(),
  tenantType: values.tenantType,
  tenantId: values.tenantType === 'platform' ? PLATFORM_TENANT_ID : (values.tenantId ?? '').trim(),
});

/** 一条最后在线时间的说明：从未上线 / 5 分钟内算在线。 */
export const ONLINE_WINDOW_MS = 5 * 60_000;

export const isOnline = (lastSeenAt: string | null, now: number): boolean =>
  lastSeenAt !== null && now - Date.parse(lastSeenAt) <= ONLINE_WINDOW_MS;
