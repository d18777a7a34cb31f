/**
 * Devices (gate readers, POS, school phones, IVR, carrier and bank callbacks) sign every
 * request; routes whose action rule is `device` are authenticated here, and only here: no
 * cookie, no CSRF token, no bearer token (docs/devices.md).
 *
 * The signature covers the raw body bytes, which Fastify has parsed and thrown away by the
 * time a route sees its body. So for device routes only, a preParsing hook reads the body
 * (within the same size limit), checks the signature, sets request.actor, and hands Fastify
 * the same bytes to parse as it would have. Other routes' parsing is untouched. A refused
 * request gets 401 DEVICE_AUTH_FAILED with details.reason, before its body is parsed or
 * validated: a stranger learns nothing about the body's schema.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyRequest, preParsingAsyncHookHandler } from 'fastify';
import type { AppContext } from '../../context';
import { DEVICE_HEADERS, deviceAuthFailed } from '../../modules/devices';
import { ACTIONS } from '../../modules/identity';
import { isAppError, PlatformErrors } from '../../platform/errors';
import type { Http } from '../types';

function isDeviceRoute(request: FastifyRequest): boolean {
  const action = request.routeOptions.config.action;
  return action !== undefined && ACTIONS[action] === 'device';
}

/** The body as sent, up to `limit` bytes (413 beyond). */
async function readBody(payload: NodeJS.ReadableStream, declared: number, limit: number): Promise<Buffer> {
  if (declared > limit) {
    throw PlatformErrors.PAYLOAD_TOO_LARGE({ limit });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of payload) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += b.length;
    if (size > limit) {
      throw PlatformErrors.PAYLOAD_TOO_LARGE({ limit });
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks, size);
}

function header(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  return typeof v === 'string' ? v.trim() : undefined;
}

export function registerDeviceAuth(app: Http, ctx: AppContext): void {
  const limit = app.initialConfig.bodyLimit ?? 1024 * 1024;

  const verify: preParsingAsyncHookHandler = async (request, reply, payload) => {
    const deviceId = header(request, DEVICE_HEADERS.deviceId);
    const timestamp = header(request, DEVICE_HEADERS.timestamp);
    const nonce = header(request, DEVICE_HEADERS.nonce);
    const signature = header(request, DEVICE_HEADERS.signature);
    if (!deviceId || !timestamp || !nonce || !signature) {
      throw deviceAuthFailed('missing_headers');
    }
    const body = await readBody(payload, Number(request.headers['content-length'] ?? 0), limit).catch((e: unknown) => {
      // The rest of the body is not read: this connection cannot carry another request.
      reply.header('connection', 'close');
      throw e;
    });
    try {
      request.actor = await ctx.devices.authenticate({
        deviceId,
        timestamp,
        nonce,
        signature,
        method: request.method,
        path: request.url,
        bodySha256: createHash('sha256').update(body).digest('hex'),
        ip: request.ip,
      });
    } catch (e) {
      if (isAppError(e) && e.kind === 'unauthenticated') {
        // Operators see refused devices in the log (a wrong clock, an old key, a replay).
        request.log.warn({ deviceId, reason: e.details.reason, ip: request.ip }, 'device request refused');
      }
      throw e;
    }
    return Readable.from(body.length > 0 ? [body] : [], { objectMode: false });
  };

  // Only device routes get the hook: every other route parses as it always did, at no cost.
  app.addHook('onRoute', (route) => {
    const action = route.config?.action;
    if (action !== undefined && ACTIONS[action] === 'device') {
      const own = route.preParsing === undefined ? [] : Array.isArray(route.preParsing) ? route.preParsing : [route.preParsing];
      route.preParsing = [verify, ...own];
    }
  });

  // A device route reached without passing the hook above (never expected): refuse it.
  app.addHook('preValidation', async (request) => {
    if (isDeviceRoute(request) && request.actor.kind !== 'device') {
      throw deviceAuthFailed('missing_headers');
    }
  });
}
