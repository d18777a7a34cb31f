/**
 * The audit trail of the HTTP API: every state-changing request (any method but GET, HEAD and
 * OPTIONS) to an /api/ route is recorded once its response is sent — allowed or refused, done
 * or failed — with who (an id, never a name), the role and tenant the action was taken in,
 * the action, the route and its ids, the channel, the outcome and the request id.
 *
 * Recording never slows or breaks the request: entries are written in batches after the
 * response (platform/audit.ts AuditWriter), and a failed write is logged, not thrown.
 * Bodies are never recorded (passwords, codes and numbers live there); a route may add an id
 * or a pseudonymous reference with `noteAudit`.
 */
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context';
import { actorRef, grantReaches, grantsFor, isAction, TENANT_TYPES, type Actor, type Resource, type RoleGrant } from '../../modules/identity';
import { AuditWriter, type AuditChannel, type AuditEntry, type AuditResult } from '../../platform/audit';
import type { Http } from '../types';

declare module 'fastify' {
  interface FastifyInstance {
    /** Waits until the audit entries of the requests answered so far are written (tests, close). */
    flushAudit(): Promise<void>;
  }
  interface FastifyRequest {
    /** What a route adds to its audit entry (see noteAudit). */
    auditNote: AuditNote | null;
  }
}

export interface AuditNote {
  /** The user a public route acted for (log-in: the user who logged in). */
  actorId?: string;
  /** Small facts: ids, counts, pseudonymous references (platform/audit.ts phoneRef). */
  details?: Record<string, unknown>;
}

/** Adds to this request's audit entry: who it turned out to be, or which record it touched. */
export function noteAudit(request: FastifyRequest, note: AuditNote): void {
  const prev = request.auditNote;
  request.auditNote = {
    actorId: note.actorId ?? prev?.actorId,
    details: prev?.details || note.details ? { ...prev?.details, ...note.details } : undefined,
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Most specific first: a grant or resource in a class says more than one in its school. */
const SPECIFICITY = new Map<string, number>(TENANT_TYPES.map((tt, i) => [tt, i]));

const SCOPE_KEYS: [keyof Resource, string][] = [
  ['studentId', 'student'],
  ['classId', 'class'],
  ['schoolId', 'school'],
  ['outletId', 'outlet'],
  ['agencyId', 'agency'],
];

export function resultOf(status: number): AuditResult {
  if (status >= 200 && status < 300) {
    return 'ok';
  }
  return status === 401 || status === 403 ? 'denied' : 'failed';
}

function channelOf(request: FastifyRequest): AuditChannel {
  switch (request.actor.kind) {
    case 'device':
      return 'device';
    case 'system':
      return 'system';
    case 'user':
      return request.session ? 'web' : 'api';
    case 'anonymous':
      return request.headers.authorization !== undefined ? 'api' : 'web';
  }
}

/** The grant the action was (or would have been) taken under: it reaches the resource, most specific tenant. */
function grantOf(actor: Actor, action: string, scope: Resource | null): RoleGrant | null {
  if (!isAction(action)) {
    return null;
  }
  const grants = grantsFor(actor, action).filter((g) => scope === null || grantReaches(g, scope));
  let best: RoleGrant | null = null;
  for (const g of grants) {
    if (best === null || (SPECIFICITY.get(g.tenantType) ?? 0) > (SPECIFICITY.get(best.tenantType) ?? 0)) {
      best = g;
    }
  }
  return best;
}

function scopeTenant(scope: Resource | null): { type: string; id: string } | null {
  if (scope === null) {
    return null;
  }
  for (const [key, type] of SCOPE_KEYS) {
    const id = scope[key];
    if (id !== undefined) {
      return { type, id };
    }
  }
  return null;
}

/** `POST /api/sms/bulks/:id/resend-failed id=0190…`: the route, and its params (ids). */
export function targetOf(method: string, url: string, params: unknown): string {
  const parts = [`${method} ${url}`];
  if (params !== null && typeof params === 'object') {
    for (const [k, v] of Object.entries(params as Record<string, unknown>)) {
      if (typeof v === 'string' || typeof v === 'number') {
        // eslint-disable-next-line no-control-regex
        parts.push(`${k}=${String(v).replace(/[\s\u0000-\u001f]/g, '').slice(0, 80)}`);
      }
    }
  }
  return parts.join(' ');
}

function errorCodeOf(payload: unknown): string | null {
  if (typeof payload !== 'string' || payload.length > 65_536) {
    return null;
  }
  try {
    const body = JSON.parse(payload) as { code?: unknown };
    return typeof body.code === 'string' ? body.code.slice(0, 64) : null;
  } catch {
    return null;
  }
}

export function entryOf(request: FastifyRequest, status: number, errorCode: string | null, at: number): AuditEntry | null {
  const action = request.routeOptions.config.action;
  const url = request.routeOptions.url;
  if (action === undefined || url === undefined || !url.startsWith('/api/') || SAFE_METHODS.has(request.method)) {
    return null;
  }
  const actor = request.actor ?? { kind: 'anonymous' };
  const scope = request.scope ?? null;
  const note = request.auditNote;
  const grant = grantOf(actor, action, scope);
  const tenant =
    scopeTenant(scope) ??
    (grant ? { type: grant.tenantType, id: grant.tenantId } : actor.kind === 'device' ? { type: actor.tenantType, id: actor.tenantId } : null);
  let actorKind: AuditEntry['actorKind'] = actor.kind;
  let actorId: string | null = actorRef(actor);
  if (actor.kind === 'anonymous' && note?.actorId !== undefined) {
    actorKind = 'user';
    actorId = note.actorId;
  }
  return {
    at,
    requestId: request.id,
    channel: channelOf(request),
    actorKind,
    actorId,
    role: grant?.role ?? null,
    tenantType: tenant?.type ?? null,
    tenantId: tenant?.id ?? null,
    action,
    target: targetOf(request.method, url, request.params),
    result: resultOf(status),
    status,
    errorCode: status >= 400 ? errorCode : null,
    ip: request.ip,
    details: note?.details ?? null,
  };
}

export function registerAudit(app: Http, ctx: AppContext): void {
  const writer = new AuditWriter(ctx.database, ctx.log);
  const errorCodes = new WeakMap<FastifyRequest, string>();

  app.decorateRequest('auditNote', null);
  app.decorate('flushAudit', () => writer.flush());

  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode >= 400 && !SAFE_METHODS.has(request.method)) {
      const code = errorCodeOf(payload);
      if (code !== null) {
        errorCodes.set(request, code);
      }
    }
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    try {
      const entry = entryOf(request, reply.statusCode, errorCodes.get(request) ?? null, ctx.clock.now());
      if (entry) {
        writer.submit(entry);
      }
    } catch (e) {
      request.log.error({ err: e }, '审计日志记录失败');
    }
  });

  // Entries of the last requests are written before the database closes.
  app.addHook('onClose', async () => {
    await writer.flush();
  });
}
