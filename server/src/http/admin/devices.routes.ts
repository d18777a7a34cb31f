/**
 * Devices for operators: register (the key is shown once), list, rotate the key (the old one
 * works 10 more minutes), disable and enable. No response ever carries a stored key.
 */
import Type from 'typebox';
import type { AppContext } from '../../context';
import { registerDevice } from '../../flows/device.flow';
import { DEVICE_STATUSES, DEVICE_TYPES, type DeviceView } from '../../modules/devices';
import { TENANT_TYPES } from '../../modules/identity';
import { toIso } from '../../platform/clock';
import { errors, IsoTime, NullableIsoTime } from '../schemas';
import type { Http } from '../types';

const DeviceType = Type.Enum([...DEVICE_TYPES], { description: '闸机 gate / POS终端 pos / 学校电话 school_phone / IVR网关 ivr / 回调 callback' });
const DeviceStatus = Type.Enum([...DEVICE_STATUSES], { description: '启用 active / 停用 disabled' });
const TenantType = Type.Enum([...TENANT_TYPES], { description: '所属：平台 platform / 代理商 agency / 营业网点 outlet / 学校 school / 班级 class / 学生 student' });
const TenantId = Type.String({ minLength: 1, maxLength: 64, description: '所属编号（平台为 platform）' });

const Device = Type.Object(
  {
    id: Type.String(),
    type: DeviceType,
    name: Type.String(),
    tenantType: TenantType,
    tenantId: Type.String(),
    tenantName: Type.String({ description: '所属机构的名称（平台、学校、网点……）' }),
    status: DeviceStatus,
    firmware: Type.Union([Type.String(), Type.Null()]),
    createdAt: IsoTime,
    updatedAt: IsoTime,
    lastSeenAt: NullableIsoTime,
    lastIp: Type.Union([Type.String(), Type.Null()]),
    keyRotatedAt: NullableIsoTime,
    previousKeyValidUntil: Type.Union([IsoTime, Type.Null()], { description: '更换密钥后，旧密钥仍可使用到此时' }),
  },
  { $id: 'Device', title: 'Device' },
);

const Key = Type.String({ description: '设备密钥：只在这一次返回，之后无法再查看' });

function deviceOut(d: DeviceView, names: Map<string, string>) {
  return {
    ...d,
    tenantName: d.tenantType === 'platform' ? '平台' : (names.get(`${d.tenantType}:${d.tenantId}`) ?? d.tenantId),
    createdAt: toIso(d.createdAt),
    updatedAt: toIso(d.updatedAt),
    lastSeenAt: toIso(d.lastSeenAt),
    keyRotatedAt: toIso(d.keyRotatedAt),
    previousKeyValidUntil: toIso(d.previousKeyValidUntil),
  };
}

export function devicesRoutes(app: Http, ctx: AppContext): void {
  /** One device, with the name of the tenant it belongs to. */
  const one = async (d: DeviceView) => deviceOut(d, await ctx.org.tenantNames([d]));

  const tags = ['设备管理'];
  const IdParam = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

  app.get(
    '/api/devices',
    {
      config: { action: 'devices.read' },
      schema: {
        tags,
        summary: '设备列表（按类型、状态、所属筛选）',
        querystring: Type.Object(
          {
            type: Type.Optional(DeviceType),
            status: Type.Optional(DeviceStatus),
            tenantType: Type.Optional(TenantType),
            tenantId: Type.Optional(Type.String({ maxLength: 64 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
            offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(Device), total: Type.Integer() }), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const r = await ctx.devices.list(request.query);
      const names = await ctx.org.tenantNames(r.items);
      return { items: r.items.map((d) => deviceOut(d, names)), total: r.total };
    },
  );

  app.get(
    '/api/schools/:id/devices',
    {
      // A school admin sees the school's gate readers and phones (online or not); registering
      // and rotating keys stay with the operator.
      config: { action: 'school.settings', scope: (r) => ctx.org.scopeOf('school', (r.params as { id: string }).id) },
      schema: {
        tags,
        summary: '本校的设备（闸机、亲情电话机等）及其最近在线时间',
        params: IdParam,
        response: { 200: Type.Object({ items: Type.Array(Device), total: Type.Integer() }), ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const r = await ctx.devices.list({ tenantType: 'school', tenantId: request.params.id, limit: 200 });
      const names = await ctx.org.tenantNames(r.items);
      return { items: r.items.map((d) => deviceOut(d, names)), total: r.total };
    },
  );

  app.get(
    '/api/devices/:id',
    {
      config: { action: 'devices.read' },
      schema: { tags, summary: '一台设备', params: IdParam, response: { 200: Type.Object({ device: Device }), ...errors(401, 403, 404) } },
    },
    async (request) => ({ device: await one(await ctx.devices.get(request.params.id)) }),
  );

  app.post(
    '/api/devices',
    {
      config: { action: 'devices.manage' },
      schema: {
        tags,
        summary: '注册设备（密钥只在返回中出现这一次）',
        body: Type.Object(
          { type: DeviceType, name: Type.String({ minLength: 1, maxLength: 40, description: '设备名称，例如 东门闸机' }), tenantType: TenantType, tenantId: TenantId },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ device: Device, key: Key }), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const r = await registerDevice(ctx, request.body);
      return { device: await one(r.device), key: r.key };
    },
  );

  app.post(
    '/api/devices/:id/rotate-key',
    {
      config: { action: 'devices.manage' },
      schema: {
        tags,
        summary: '更换密钥（新密钥只显示一次；旧密钥 10 分钟内仍可使用）',
        params: IdParam,
        response: { 200: Type.Object({ device: Device, key: Key, previousKeyValidUntil: IsoTime }), ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const r = await ctx.devices.rotateKey({ id: request.params.id });
      return { device: await one(r.device), key: r.key, previousKeyValidUntil: toIso(r.previousKeyValidUntil) };
    },
  );

  app.post(
    '/api/devices/:id/disable',
    {
      config: { action: 'devices.manage' },
      schema: { tags, summary: '停用设备（其请求一律拒绝）', params: IdParam, response: { 200: Type.Object({ device: Device }), ...errors(401, 403, 404) } },
    },
    async (request) => ({ device: await one(await ctx.devices.disable({ id: request.params.id })) }),
  );

  app.post(
    '/api/devices/:id/enable',
    {
      config: { action: 'devices.manage' },
      schema: { tags, summary: '重新启用设备', params: IdParam, response: { 200: Type.Object({ device: Device }), ...errors(401, 403, 404) } },
    },
    async (request) => ({ device: await one(await ctx.devices.enable({ id: request.params.id })) }),
  );
}
