/**
 * The HTTP application: API under /api/, OpenAPI UI at /docs, /healthz, /metrics, and the
 * console (a built single-page app) at /. Routes are grouped by audience and stay thin.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import type { AppContext } from '../context';
import { ROLE_TENANT, rolesFor } from '../modules/identity';
import { PlatformErrors } from '../platform/errors';
import { auditRoutes } from './admin/audit.routes';
import { devicesRoutes } from './admin/devices.routes';
import { jobsRoutes } from './admin/jobs.routes';
import { ledgerRoutes } from './admin/ledger.routes';
import { messagingRoutes } from './admin/messaging.routes';
import { deviceRoutes } from './device/device.routes';
import { orgRoutes } from './org/org.routes';
import { peopleRoutes } from './org/people.routes';
import { privacyRoutes } from './org/privacy.routes';
import { simRoutes } from './sim/sim.routes';
import { classworkRoutes } from './school/classwork.routes';
import { gateRoutes } from './school/gate.routes';
import { notesRoutes } from './school/notes.routes';
import { rosterRoutes } from './school/roster.routes';
import { billingRoutes } from './subscriptions/billing.routes';
import { catalogRoutes } from './subscriptions/catalog.routes';
import { portalSubscriptionRoutes } from './subscriptions/portal.routes';
import { subscriptionRoutes } from './subscriptions/subscriptions.routes';
import { sessionRoutes } from './auth/session.routes';
import { accountRoutes } from './auth/account.routes';
import { userPhoneRoutes } from './admin/users.routes';
import { registerAudit } from './plugins/audit';
import { registerAuth } from './plugins/auth';
import { registerDeviceAuth } from './plugins/device-auth';
import { registerErrorHandler } from './plugins/error-handler';
import { registerValidation } from './plugins/validation';
import { ErrorBody } from './schemas';
import { systemRoutes } from './system/system.routes';
import type { Http } from './types';

export interface HttpOptions {
  /** The built console; null serves no console (API only). */
  consoleDir: string | null;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export async function buildHttp(ctx: AppContext, opts: HttpOptions): Promise<Http> {
  const app = Fastify({
    loggerInstance: ctx.log,
    bodyLimit: 1024 * 1024,
    trustProxy: ctx.config.trustProxy,
    requestIdHeader: false,
    genReqId: (req) => {
      const h = req.headers['x-request-id'];
      return typeof h === 'string' && REQUEST_ID.test(h) ? h : randomUUID();
    },
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as Http;

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // The console and API are never framed, sniffed, or leak their URLs to other sites.
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'same-origin');
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    ctx.metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    ctx.metrics.httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });

  // Every API route names the action it performs; a route without one is a bug found at start.
  const routeTable: { method: string; url: string; action: string | undefined }[] = [];
  app.addHook('onRoute', (r) => {
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    const action = r.config?.action;
    for (const method of methods) {
      routeTable.push({ method, url: r.url, action });
    }
    if ((r.url.startsWith('/api/') || r.url === '/healthz' || r.url === '/metrics') && action === undefined) {
      throw new Error(`route ${methods.join(',')} ${r.url} declares no action`);
    }
    // A route on one resource whose action a tenant-held role may take must say where the
    // resource sits; otherwise a teacher of one school would reach another school's class.
    if (action !== undefined && r.url.includes('/:') && rolesFor(action).some((role) => ROLE_TENANT[role] !== 'platform') && r.config?.scope === undefined) {
      throw new Error(`route ${methods.join(',')} ${r.url} (${action}) is open to tenant roles but declares no scope`);
    }
  });
  app.decorate('routeTable', routeTable);

  registerErrorHandler(app);
  registerValidation(app);
  // The API speaks JSON only: anything else is 415, not a string handed to a schema.
  app.removeContentTypeParser('text/plain');
  await app.register(fastifyCookie);
  registerAuth(app, ctx);
  registerDeviceAuth(app, ctx);
  registerAudit(app, ctx);

  app.addSchema(ErrorBody);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: '一卡通 Yikatong API',
        description: '校讯通、空中充值、校园卡与多运营商账户平台的接口。错误统一返回 { code, message, details }。',
        version: ctx.version,
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'yk_session' },
          bearer: { type: 'http', scheme: 'bearer', description: 'API 令牌（我的账户 › API 令牌）' },
        },
      },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });

  sessionRoutes(app, ctx);
  accountRoutes(app, ctx);
  userPhoneRoutes(app, ctx);
  auditRoutes(app, ctx);
  systemRoutes(app, ctx);
  jobsRoutes(app, ctx);
  ledgerRoutes(app, ctx);
  messagingRoutes(app, ctx);
  simRoutes(app, ctx);
  orgRoutes(app, ctx);
  peopleRoutes(app, ctx);
  privacyRoutes(app, ctx);
  devicesRoutes(app, ctx);
  deviceRoutes(app, ctx);
  rosterRoutes(app, ctx);
  notesRoutes(app, ctx);
  gateRoutes(app, ctx);
  classworkRoutes(app, ctx);
  catalogRoutes(app, ctx);
  subscriptionRoutes(app, ctx);
  billingRoutes(app, ctx);
  portalSubscriptionRoutes(app, ctx);

  const indexHtml = opts.consoleDir && existsSync(path.join(opts.consoleDir, 'index.html'))
    ? readFileSync(path.join(opts.consoleDir, 'index.html'), 'utf8')
    : null;
  if (opts.consoleDir && indexHtml !== null) {
    await app.register(fastifyStatic, {
      root: opts.consoleDir,
      prefix: '/',
      wildcard: false,
      index: false,
      cacheControl: false,
      setHeaders: (res, file) => {
        // Hashed assets never change; everything else is revalidated.
        res.header('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }

  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0] ?? '/';
    const isApi = url === '/api' || url.startsWith('/api/');
    if (!isApi && (request.method === 'GET' || request.method === 'HEAD') && indexHtml !== null) {
      // A console route (e.g. /admin/jobs): the single-page app decides what to show.
      return reply.status(200).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(indexHtml);
    }
    const err = PlatformErrors.NOT_FOUND({ method: request.method, path: url }, isApi || indexHtml !== null ? '请求的接口不存在' : '控制台尚未构建，请先运行 npm run build');
    return reply.status(404).send({ code: err.code, message: err.message, details: err.details });
  });

  return app;
}
