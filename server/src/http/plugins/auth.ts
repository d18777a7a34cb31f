/**
 * Who is asking, and may they? Resolves the actor from the console session cookie, checks
 * the route's declared action with can(), and requires the CSRF token on every state-changing
 * request that rides on the cookie. Runs before validation: a stranger gets 401, not 400.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context';
import { actorOf, can } from '../../modules/identity';
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

  app.addHook('onRequest', async (request: FastifyRequest) => {
    request.actor = { kind: 'anonymous' };
    request.session = null;
    const action = request.routeOptions.config.action;
    if (action === undefined || action === 'public') {
      // Static files, API docs, the not-found handler and public routes: nothing to authorize.
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
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
}
