import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Action, Actor } from '../modules/identity';

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
  }
  interface FastifyRequest {
    actor: Actor;
    /** Set when the actor came from a console session cookie. */
    session: { token: string; csrfToken: string } | null;
  }
}
