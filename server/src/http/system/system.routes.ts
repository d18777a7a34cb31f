/** Health, metrics and system information. */
import Type from 'typebox';
import type { AppContext } from '../../context';
import { toIso } from '../../platform/clock';
import { PlatformErrors } from '../../platform/errors';
import { errors, IsoTime } from '../schemas';
import type { Http } from '../types';

export function systemRoutes(app: Http, ctx: AppContext): void {
  app.get(
    '/healthz',
    {
      config: { action: 'public' },
      schema: {
        tags: ['系统'],
        summary: '健康检查（含数据库）',
        response: {
          200: Type.Object({ status: Type.Literal('ok'), database: Type.String(), time: IsoTime }),
          ...errors(503),
        },
      },
    },
    async (request) => {
      try {
        await ctx.database.ping();
      } catch (e) {
        request.log.error({ err: e }, '健康检查：数据库不可用');
        throw PlatformErrors.UNAVAILABLE({ database: ctx.database.dialect }, '数据库不可用');
      }
      return { status: 'ok' as const, database: ctx.database.dialect, time: toIso(ctx.clock.now()) };
    },
  );

  app.get(
    '/metrics',
    { config: { action: 'public' }, schema: { tags: ['系统'], summary: 'Prometheus 指标', hide: true } },
    async (_request, reply) => {
      reply.header('content-type', ctx.metrics.registry.contentType);
      return ctx.metrics.registry.metrics();
    },
  );

  app.get(
    '/api/system/info',
    {
      config: { action: 'system.read' },
      schema: {
        tags: ['系统'],
        summary: '系统信息',
        response: {
          200: Type.Object({
            name: Type.String(),
            version: Type.String(),
            database: Type.Union([Type.Literal('sqlite'), Type.Literal('postgres')]),
            businessTimezone: Type.String(),
            now: IsoTime,
            startedAt: IsoTime,
          }),
          ...errors(401),
        },
      },
    },
    async () => ({
      name: '一卡通',
      version: ctx.version,
      database: ctx.database.dialect,
      businessTimezone: ctx.config.businessTimezone,
      now: toIso(ctx.clock.now()),
      startedAt: toIso(ctx.startedAt),
    }),
  );
}
