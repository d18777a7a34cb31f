/** Console log in / log out / who am I. */
import Type from 'typebox';
import type { AppContext } from '../../context';
import { ROLES, TENANT_TYPES } from '../../modules/identity';
import { clearSessionCookies, setSessionCookies } from '../plugins/auth';
import { errors } from '../schemas';
import type { Http } from '../types';

const User = Type.Object(
  {
    id: Type.String(),
    login: Type.String(),
    name: Type.String(),
    roles: Type.Array(
      Type.Object({
        role: Type.Enum(ROLES),
        title: Type.String({ description: '角色的中文名称' }),
        tenantType: Type.Enum(TENANT_TYPES),
        tenantId: Type.String(),
      }),
    ),
  },
  { $id: 'User', title: 'User' },
);

const SessionBody = Type.Object({ user: User, csrfToken: Type.String() });

export function sessionRoutes(app: Http, ctx: AppContext): void {
  app.post(
    '/api/auth/login',
    {
      config: { action: 'public' },
      schema: {
        tags: ['登录'],
        summary: '账号密码登录（控制台）',
        body: Type.Object(
          {
            login: Type.String({ minLength: 1, maxLength: 64 }),
            password: Type.String({ minLength: 1, maxLength: 128 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: SessionBody, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const r = await ctx.identity.logIn({
        login: request.body.login,
        password: request.body.password,
        ip: request.ip,
        userAgent: request.headers['user-agent'],
      });
      setSessionCookies(reply, ctx, { token: r.sessionToken, csrfToken: r.csrfToken, expiresAt: r.expiresAt });
      request.log.info({ userId: r.user.id }, '登录成功');
      return { user: r.user, csrfToken: r.csrfToken };
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { action: 'session.self' },
      schema: { tags: ['登录'], summary: '退出登录', response: { 200: Type.Object({ ok: Type.Boolean() }), ...errors(401, 403) } },
    },
    async (request, reply) => {
      if (request.session) {
        await ctx.identity.logOut({ token: request.session.token });
      }
      clearSessionCookies(reply, ctx);
      return { ok: true };
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { action: 'session.self' },
      schema: { tags: ['登录'], summary: '当前登录用户', response: { 200: SessionBody, ...errors(401) } },
    },
    async (request) => {
      const actor = request.actor;
      if (actor.kind !== 'user' || !request.session) {
        throw new Error('session.self allowed a request without a session');
      }
      return { user: await ctx.identity.getUser(actor.userId), csrfToken: request.session.csrfToken };
    },
  );
}
