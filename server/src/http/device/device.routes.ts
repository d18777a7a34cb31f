/**
 * The device API: what gate readers, POS terminals, school phones, IVR gateways and callbacks
 * call. Every route here has the action `device.call`: the request is signed with the
 * device's key (plugins/device-auth.ts, docs/devices.md), never a cookie or a token.
 */
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { AppContext } from '../../context';
import type { DeviceActor } from '../../modules/devices';
import { PlatformErrors } from '../../platform/errors';
import { toIso } from '../../platform/clock';
import { errors, IsoTime } from '../schemas';
import type { Http } from '../types';

const SIGNED = '设备签名：请求头 X-Device-Id、X-Timestamp（毫秒）、X-Nonce、X-Signature = hex(HMAC-SHA256(密钥, 方法\\n路径\\n时间戳\\n随机串\\nhex(SHA-256(请求体))))，见 docs/devices.md。';

/** The signed device behind a request (device-auth.ts set it before the handler runs). */
export function deviceOf(request: FastifyRequest): DeviceActor {
  if (request.actor.kind !== 'device') {
    throw PlatformErrors.AUTH_REQUIRED({ reason: 'missing_headers' }, '需要设备签名');
  }
  return request.actor;
}

export function deviceRoutes(app: Http, ctx: AppContext): void {
  const tags = ['设备接口'];

  app.post(
    '/api/device/heartbeat',
    {
      config: { action: 'device.call' },
      schema: {
        tags,
        summary: '设备心跳：报告在线（及固件版本），取得服务器时间',
        description: SIGNED,
        body: Type.Object(
          {
            firmware: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: '固件版本' })),
            status: Type.Optional(Type.String({ maxLength: 200, description: '设备自述的状态（只记入日志）' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            deviceId: Type.String(),
            serverTime: IsoTime,
            serverTimeMs: Type.Integer({ description: '服务器时间（毫秒时间戳），设备可据此校准时钟' }),
          }),
          ...errors(400, 401),
        },
      },
    },
    async (request) => {
      const device = deviceOf(request);
      if (request.body.status !== undefined) {
        request.log.info({ deviceId: device.deviceId, status: request.body.status }, 'device heartbeat');
      }
      const r = await ctx.devices.heartbeat({ deviceId: device.deviceId, firmware: request.body.firmware });
      return { deviceId: r.deviceId, serverTime: toIso(r.serverTime), serverTimeMs: r.serverTime };
    },
  );
}
