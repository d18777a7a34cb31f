/**
 * My account: profile, password, devices logged in (sessions), API tokens and phone number.
 * Everything here is the user's own. Changing the account needs the console session (cookie +
 * CSRF): an API token reads with the user's roles but cannot mint tokens, change the
 * password, end sessions or move the phone number.
 */
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { AppContext } from '../../context';
import { sendPhoneChangeCode } from '../../flows/login-code.flow';
import { API_TOKEN_MAX_DAYS, IdentityErrors, ROLES, TENANT_TYPES, type ApiTokenInfo, type SessionInfo } from '../../modules/identity';
import { toIso } from '../../platform/clock';
import { noteAudit } from '../plugins/audit';
import { clearSessionCookies } from '../plugins/auth';
import { errors, IsoTime, NullableIsoTime } from '../schemas';
import type { Http } from '../types';

const Account = Type.Object(
  {
    id: Type.String(),
    login: Type.String(),
    name: Type.String(),
    phone: Type.Union([Type.String(), Type.Null()], { description: '登记的手机号（本人可见完整号码）' }),
    roles: Type.Array(
      Type.Object({
        role: Type.Enum(ROLES),
        title: Type.String({ description: '角色的中文名称' }),
        tenantType: Type.Enum(TENANT_TYPES),
        tenantId: Type.String(),
      }),
    ),
  },
  { $id: 'Account', title: 'Account' },
);

const Session = Type.Object(
  {
    id: Type.String({ description: '会话的公开编号（由会话摘要得出，不能用来登录）' }),
    createdAt: IsoTime,
    lastSeenAt: IsoTime,
    expiresAt: Type.String({ format: 'date-time', description: '若不再使用，到此时自动失效（空闲 2 小时或登录 12 小时，取先到者）' }),
    ip: Type.Union([Type.String(), Type.Null()]),
    userAgent: Type.Union([Type.String(), Type.Null()]),
    current: Type.Boolean({ description: '是否为发出本请求的会话' }),
  },
  { $id: 'AccountSession', title: 'AccountSession' },
);

const ApiToken = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    prefix: Type.String({ description: '令牌开头几位，用于辨认；令牌本身只在创建时显示一次' }),
    createdAt: IsoTime,
    lastUsedAt: NullableIsoTime,
    expiresAt: IsoTime,
    status: Type.Union([Type.Literal('active'), Type.Literal('expired')]),
  },
  { $id: 'ApiToken', title: 'ApiToken' },
);

const Ok = Type.Object({ ok: Type.Boolean() });
const Phone = Type.String({ minLength: 11, maxLength: 20, description: '新手机号码' });
const SessionId = Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{16}$', description: '会话的公开编号' }) }, { additionalProperties: false });
const TokenId = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });

const sessionToApi = (s: SessionInfo) => ({ ...s, createdAt: toIso(s.createdAt), lastSeenAt: toIso(s.lastSeenAt), expiresAt: toIso(s.expiresAt) });
const tokenToApi = (k: ApiTokenInfo) => ({ ...k, createdAt: toIso(k.createdAt), lastUsedAt: toIso(k.lastUsedAt), expiresAt: toIso(k.expiresAt) });

function userIdOf(request: FastifyRequest): string {
  if (request.actor.kind !== 'user') {
    throw new Error('session.self allowed a request without a user');
  }
  return request.actor.userId;
}

/** The console session behind a request that changes the account; a bearer token is refused. */
function consoleSession(request: FastifyRequest): { userId: string; token: string } {
  const userId = userIdOf(request);
  if (!request.session) {
    throw IdentityErrors.AUTH_SESSION_REQUIRED();
  }
  return { userId, token: request.session.token };
}

export function accountRoutes(app: Http, ctx: AppContext): void {
  const tags = ['我的账户'];

  app.get(
    '/api/auth/account',
    {
      config: { action: 'session.self' },
      schema: { tags, summary: '我的账户：姓名、账号、角色、手机号', response: { 200: Account, ...errors(401) } },
    },
    async (request) => ctx.identity.getAccount({ userId: userIdOf(request) }),
  );

  app.post(
    '/api/auth/password',
    {
      config: { action: 'session.self' },
      schema: {
        tags,
        summary: '修改密码：需要当前密码；成功后本设备保持登录，其他设备全部下线（API 令牌不受影响）',
        body: Type.Object(
          {
            currentPassword: Type.String({ minLength: 1, maxLength: 128 }),
            newPassword: Type.String({ minLength: 1, maxLength: 128, description: '至少 10 位，同时包含字母和数字' }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ sessionsEnded: Type.Integer({ description: '下线的其他会话数' }) }), ...errors(400, 401, 403, 429) },
      },
    },
    async (request) => {
      const s = consoleSession(request);
      const r = await ctx.identity.changePassword({ userId: s.userId, currentToken: s.token, currentPassword: request.body.currentPassword, newPassword: request.body.newPassword });
      request.log.info({ userId: s.userId, sessionsEnded: r.sessionsEnded }, '已修改密码');
      return r;
    },
  );

  app.get(
    '/api/auth/sessions',
    {
      config: { action: 'session.self' },
      schema: { tags, summary: '登录设备：我的有效会话，最近使用的在前', response: { 200: Type.Object({ items: Type.Array(Session) }), ...errors(401, 403) } },
    },
    async (request) => {
      const s = consoleSession(request);
      const items = await ctx.identity.listSessions({ userId: s.userId, currentToken: s.token });
      return { items: items.map(sessionToApi) };
    },
  );

  app.delete(
    '/api/auth/sessions/:id',
    {
      config: { action: 'session.self' },
      schema: {
        tags,
        summary: '让一个登录设备下线（若是当前设备，即退出登录）',
        params: SessionId,
        response: { 200: Type.Object({ ok: Type.Boolean(), current: Type.Boolean() }), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const s = consoleSession(request);
      const r = await ctx.identity.endSession({ userId: s.userId, sessionId: request.params.id, currentToken: s.token });
      if (r.current) {
        clearSessionCookies(reply, ctx);
      }
      return { ok: true, current: r.current };
    },
  );

  app.post(
    '/api/auth/logout-all',
    {
      config: { action: 'session.self' },
      schema: {
        tags,
        summary: '退出所有设备（包括当前设备）；API 令牌不受影响',
        response: { 200: Type.Object({ sessionsEnded: Type.Integer() }), ...errors(401, 403) },
      },
    },
    async (request, reply) => {
      const s = consoleSession(request);
      const r = await ctx.identity.logOutEverywhere({ userId: s.userId });
      clearSessionCookies(reply, ctx);
      request.log.info({ userId: s.userId, sessionsEnded: r.sessionsEnded }, '已退出所有设备');
      return r;
    },
  );

  app.get(
    '/api/auth/tokens',
    {
      config: { action: 'session.self' },
      schema: { tags, summary: '我的 API 令牌（有效的，及 30 天内过期的；不含令牌本身）', response: { 200: Type.Object({ items: Type.Array(ApiToken) }), ...errors(401, 403) } },
    },
    async (request) => {
      const s = consoleSession(request);
      return { items: (await ctx.identity.listApiTokens({ userId: s.userId })).map(tokenToApi) };
    },
  );

  app.post(
    '/api/auth/tokens',
    {
      config: { action: 'session.self' },
      schema: {
        tags,
        summary: '创建 API 令牌：以本人的角色调用接口（请求头 Authorization: Bearer <令牌>）；令牌只显示这一次',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 40, description: '用途，例如“对账脚本”' }),
            days: Type.Integer({ minimum: 1, maximum: API_TOKEN_MAX_DAYS, description: `有效天数，1 到 ${API_TOKEN_MAX_DAYS}` }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ token: Type.String({ description: '令牌，只显示这一次' }), item: ApiToken }), ...errors(400, 401, 403, 409) },
      },
    },
    async (request) => {
      const s = consoleSession(request);
      const r = await ctx.identity.createApiToken({ userId: s.userId, name: request.body.name, days: request.body.days });
      noteAudit(request, { details: { id: r.info.id } });
      request.log.info({ userId: s.userId, id: r.info.id }, '已创建 API 令牌');
      return { token: r.token, item: tokenToApi(r.info) };
    },
  );

  app.delete(
    '/api/auth/tokens/:id',
    {
      config: { action: 'session.self' },
      schema: { tags, summary: '吊销一个 API 令牌', params: TokenId, response: { 200: Ok, ...errors(400, 401, 403, 404) } },
    },
    async (request) => {
      const s = consoleSession(request);
      await ctx.identity.revokeApiToken({ userId: s.userId, tokenId: request.params.id });
      request.log.info({ userId: s.userId, id: request.params.id }, '已吊销 API 令牌');
      return { ok: true };
    },
  );

  app.post(
    '/api/auth/phone/code',
    {
      config: { action: 'session.self' },
      schema: {
        tags,
        summary: '更换手机号：向新号码发送短信验证码',
        body: Type.Object({ phone: Phone }, { additionalProperties: false }),
        response: { 200: Type.Object({ expiresAt: IsoTime, resendAfterSeconds: Type.Integer() }), ...errors(400, 401, 403, 409, 429) },
      },
    },
    async (request) => {
      const s = consoleSession(request);
      const r = await sendPhoneChangeCode(ctx, { userId: s.userId, phone: request.body.phone, ip: request.ip });
      return { expiresAt: toIso(r.expiresAt), resendAfterSeconds: r.resendAfterSeconds };
    },
  );

  app.post(
    '/api/auth/phone',
    {
      config: { action: 'session.self' },
      schema: {
        tags,
        summary: '更换手机号：输入新号码收到的验证码，确认更换',
        body: Type.Object({ phone: Phone, code: Type.String({ minLength: 1, maxLength: 10, description: '短信验证码（6 位数字）' }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ phone: Type.String() }), ...errors(400, 401, 403, 409, 429) },
      },
    },
    async (request) => {
      const s = consoleSession(request);
      const r = await ctx.identity.confirmPhoneChange({ userId: s.userId, phone: request.body.phone, code: request.body.code });
      request.log.info({ userId: s.userId }, '已更换手机号');
      return r;
    },
  );
}
