import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Action, Actor, Resource } from '../modules/identity';

export type Http = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered, with its declared action (for tests and audits). */
    routeTable: { method: string; url: string; action: string | undefined }[];
  }
  interface FastifyContextConfig {
    /** The action this route performs, checked with can(); every route declares one. */
    action?: Action;
    /**
     * Where the route's resource sits (from its params or parsed body, BEFORE validation: treat
     * them as untrusted); the action is then checked against it. Throw NOT_FOUND for a resource
     * that does not exist.
     */
    scope?: (request: FastifyRequest) => Promise<Resource>;
  }
  interface FastifyRequest {
    actor: Actor;
    /** Set when the actor came from a console session cookie. */
    session: { token: string; csrfToken: string } | null;
    /** The resource's tenants, once a scoped route resolved them (for the audit log). */
    scope: Resource | null;
  }
}
