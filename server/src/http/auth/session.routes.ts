/** Console log in / log out / who am I. */
import Type from 'typebox';
import type { AppContext } from '../../context';
import { ROLES, TENANT_TYPES } from '../../modules/identity';
import { sendLoginCode } from '../../flows/login-code.flow';
import { toIso } from '../../platform/clock';
import { noteAudit } from '../plugins/audit';
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
      noteAudit(request, { actorId: r.user.id });
      request.log.info({ userId: r.user.id }, '登录成功');
      return { user: r.user, csrfToken: r.csrfToken };
    },
  );

  const Phone = Type.String({ minLength: 11, maxLength: 20, description: '手机号码' });
  const Code = Type.String({ minLength: 1, maxLength: 10, description: '短信验证码（6 位数字）' });

  app.post(
    '/api/auth/sms-code',
    {
      config: { action: 'public' },
      schema: {
        tags: ['登录'],
        summary: '获取短信验证码（登录或找回密码）；未登记的号码同样返回成功，但不发送',
        body: Type.Object({ phone: Phone, purpose: Type.Enum(['login', 'reset']) }, { additionalProperties: false }),
        response: { 200: Type.Object({ expiresAt: Type.String({ format: 'date-time' }), resendAfterSeconds: Type.Integer() }), ...errors(400, 429) },
      },
    },
    async (request) => {
      const r = await sendLoginCode(ctx, { phone: request.body.phone, purpose: request.body.purpose, ip: request.ip });
      return { expiresAt: toIso(r.expiresAt), resendAfterSeconds: r.resendAfterSeconds };
    },
  );

  app.post(
    '/api/auth/login-sms',
    {
      config: { action: 'public' },
      schema: {
        tags: ['登录'],
        summary: '短信验证码登录（控制台）',
        body: Type.Object({ phone: Phone, code: Code }, { additionalProperties: false }),
        response: { 200: SessionBody, ...errors(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const r = await ctx.identity.logInWithCode({ phone: request.body.phone, code: request.body.code, ip: request.ip, userAgent: request.headers['user-agent'] });
      setSessionCookies(reply, ctx, { token: r.sessionToken, csrfToken: r.csrfToken, expiresAt: r.expiresAt });
      noteAudit(request, { actorId: r.user.id });
      request.log.info({ userId: r.user.id }, '短信验证码登录成功');
      return { user: r.user, csrfToken: r.csrfToken };
    },
  );

  app.post(
    '/api/auth/reset-password',
    {
      config: { action: 'public' },
      schema: {
        tags: ['登录'],
        summary: '找回密码：用短信验证码设置新密码（该用户的所有会话随之结束）',
        body: Type.Object({ phone: Phone, code: Code, password: Type.String({ minLength: 1, maxLength: 128 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ sessionsEnded: Type.Integer() }), ...errors(400, 401, 429) },
      },
    },
    async (request) => {
      const r = await ctx.identity.resetPasswordWithCode(request.body);
      request.log.info('已通过短信验证码重设密码');
      return r;
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
      if (actor.kind !== 'user') {
        throw new Error('session.self allowed a request without a user');
      }
      // An API token has no session and needs no CSRF token: it gets an empty one.
      return { user: await ctx.identity.getUser(actor.userId), csrfToken: request.session?.csrfToken ?? '' };
    },
  );
}
