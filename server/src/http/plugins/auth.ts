/**
 * Who is asking, and may they? Resolves the actor from a bearer token (API clients) or the
 * console session cookie, checks the route's declared action with can(), and requires the
 * CSRF token on every state-changing request that rides on the cookie. Runs before
 * validation: a stranger gets 401, not 400. Routes whose resource sits in a tenant declare
 * `scope(request)`; once the body is parsed, and still before validation, the action is
 * checked again against that resource, so a teacher of one school gets 403 on another school's
 * class whatever they send.
 * Device routes (action rule `device`) are authenticated by their signature (device-auth.ts).
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context';
import { ACTIONS, actorOf, can } from '../../modules/identity';
import { PlatformErrors } from '../../platform/errors';
import type { Http } from '../types';

export const SESSION_COOKIE = 'yk_session';
export const CSRF_COOKIE = 'yk_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function setSessionCookies(reply: FastifyReply, ctx: AppContext, s: { token: string; csrfToken: string; expiresAt: number }): void {
  const base = { path: '/', sameSite: 'lax' as const, secure: ctx.config.secureCookies, expires: new Date(s.expiresAt) };
  reply.setCookie(SESSION_COOKIE, s.token, { ...base, httpOnly: true });
  reply.setCookie(CSRF_COOKIE, s.csrfToken, { ...base, httpOnly: false });
}

export function clearSessionCookies(reply: FastifyReply, ctx: AppContext): void {
  const base = { path: '/', sameSite: 'lax' as const, secure: ctx.config.secureCookies };
  reply.clearCookie(SESSION_COOKIE, { ...base, httpOnly: true });
  reply.clearCookie(CSRF_COOKIE, base);
}

export function registerAuth(app: Http, ctx: AppContext): void {
  app.decorateRequest('actor', null as never);
  app.decorateRequest('session', null);
  app.decorateRequest('scope', null);

  app.addHook('onRequest', async (request: FastifyRequest) => {
    request.actor = { kind: 'anonymous' };
    request.session = null;
    request.scope = null;
    const action = request.routeOptions.config.action;
    if (action === undefined || action === 'public' || ACTIONS[action] === 'device') {
      // Static files, API docs, the not-found handler and public routes: nothing to authorize.
      // Device routes are checked by their signature, which needs the body (device-auth.ts).
      return;
    }
    const bearer = bearerToken(request.headers.authorization);
    const token = request.cookies[SESSION_COOKIE];
    if (bearer !== null) {
      // API clients: a bearer token, no cookie, so no CSRF; an invalid token is 401 even if a cookie is sent.
      const s = await ctx.identity.resolveApiToken({ token: bearer });
      if (!s) {
        throw PlatformErrors.AUTH_REQUIRED({ reason: 'bad_token' }, '访问令牌无效或已过期');
      }
      request.actor = actorOf(s.user);
    } else if (token) {
      const s = await ctx.identity.resolveSession({ token });
      if (s) {
        request.actor = actorOf(s.user);
        request.session = { token, csrfToken: s.csrfToken };
      }
    }
    if (!can(request.actor, action)) {
      throw request.actor.kind === 'anonymous' ? PlatformErrors.AUTH_REQUIRED() : PlatformErrors.FORBIDDEN({ action });
    }
    if (request.session && !SAFE_METHODS.has(request.method)) {
      const header = request.headers[CSRF_HEADER];
      if (typeof header !== 'string' || !sameToken(header, request.session.csrfToken)) {
        throw PlatformErrors.CSRF_INVALID();
      }
    }
  });

  app.addHook('preValidation', async (request: FastifyRequest) => {
    const { action, scope } = request.routeOptions.config;
    if (action === undefined || scope === undefined) {
      return;
    }
    const resource = await scope(request);
    request.scope = resource;
    if (!can(request.actor, action, resource)) {
      throw PlatformErrors.FORBIDDEN({ action });
    }
  });
}

function bearerToken(header: string | undefined): string | null {
  if (header === undefined) {
    return null;
  }
  const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return m ? m[1]! : '';
}
