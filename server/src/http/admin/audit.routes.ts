/** Operators search the audit log: who did what, where, through which channel, with what result. */
import Type from 'typebox';
import type { AppContext } from '../../context';
import { ROLE_TITLES, TENANT_TYPES, type Role } from '../../modules/identity';
import { AUDIT_ACTOR_KINDS, AUDIT_CHANNELS, AUDIT_RESULTS, phoneRef, searchAudit, type AuditRecord } from '../../platform/audit';
import { toIso } from '../../platform/clock';
import { normalizeMsisdn } from '../../platform/msisdn';
import { errors, instant, IsoTime } from '../schemas';
import type { Http } from '../types';

const Channel = Type.Enum([...AUDIT_CHANNELS], { description: '渠道：网页 web / 接口 api / 设备 device / 短信 sms / 命令行 cli / 系统 system' });
const Result = Type.Enum([...AUDIT_RESULTS], { description: '结果：成功 ok / 拒绝 denied（401、403）/ 失败 failed' });

const AuditEntry = Type.Object(
  {
    id: Type.String(),
    at: IsoTime,
    requestId: Type.Union([Type.String(), Type.Null()]),
    channel: Channel,
    actorKind: Type.Enum([...AUDIT_ACTOR_KINDS], { description: '操作人类型：匿名 anonymous / 用户 user / 设备 device / 手机号 phone / 系统 system' }),
    actorId: Type.Union([Type.String(), Type.Null()], { description: '操作人编号（用户、设备编号，手机号的匿名代号，或命令行的系统用户）' }),
    actorName: Type.Union([Type.String(), Type.Null()], { description: '用户的姓名（读取时查询；已删除或匿名化的用户为 null）' }),
    role: Type.Union([Type.String(), Type.Null()]),
    roleTitle: Type.Union([Type.String(), Type.Null()], { description: '角色的中文名称' }),
    tenantType: Type.Union([Type.String(), Type.Null()]),
    tenantId: Type.Union([Type.String(), Type.Null()]),
    action: Type.String(),
    target: Type.String(),
    result: Result,
    status: Type.Union([Type.Integer(), Type.Null()]),
    errorCode: Type.Union([Type.String(), Type.Null()]),
    ip: Type.Union([Type.String(), Type.Null()]),
    details: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  },
  { $id: 'AuditEntry', title: 'AuditEntry' },
);

export function auditRoutes(app: Http, ctx: AppContext): void {
  app.get(
    '/api/audit',
    {
      config: { action: 'audit.read' },
      schema: {
        tags: ['审计日志'],
        summary: '审计日志查询（最新的在前，按游标翻页）',
        querystring: Type.Object(
          {
            from: Type.Optional(IsoTime),
            to: Type.Optional(IsoTime),
            actor: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: '操作人：登录账号、编号，或手机号（按其匿名代号查找）' })),
            actorId: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: '操作人编号' })),
            action: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: '操作，例如 sms.send' })),
            channel: Type.Optional(Channel),
            result: Type.Optional(Result),
            tenantType: Type.Optional(Type.Enum([...TENANT_TYPES])),
            tenantId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
            requestId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
            q: Type.Optional(Type.String({ maxLength: 100, description: '目标或补充信息中包含的文字（接口路径、编号）；手机号按其匿名代号查找' })),
            cursor: Type.Optional(Type.String({ maxLength: 64, description: '上一页返回的 nextCursor' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(AuditEntry), nextCursor: Type.Union([Type.String(), Type.Null()]) }), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const q = request.query;
      const actorIds = await actorIdsOf(ctx, q.actor, q.actorId);
      const page = await searchAudit(
        ctx.database.db,
        {
          from: instant(q.from, 'from'),
          to: instant(q.to, 'to'),
          actorIds,
          action: q.action,
          channel: q.channel,
          result: q.result,
          tenantType: q.tenantType,
          tenantId: q.tenantId,
          requestId: q.requestId,
          q: textQuery(q.q),
        },
        { cursor: q.cursor, limit: q.limit },
      );
      const userIds = page.items.filter((e) => e.actorKind === 'user' && e.actorId !== null).map((e) => e.actorId!);
      const names = new Map((await ctx.identity.lookUpUsers({ ids: userIds })).map((u) => [u.id, u.name]));
      return { items: page.items.map((e) => entryOut(e, names)), nextCursor: page.nextCursor };
    },
  );
}

/** "Who": a login is turned into its user's id here, so the log itself never needs the login. */
async function actorIdsOf(ctx: AppContext, actor: string | undefined, actorId: string | undefined): Promise<string[] | undefined> {
  const ids = new Set<string>();
  if (actorId !== undefined) {
    ids.add(actorId);
  }
  const who = actor?.trim();
  if (who !== undefined && who !== '') {
    ids.add(who);
    // A number acted (an opt-out by SMS) under its pseudonym; the number itself is not stored.
    if (normalizeMsisdn(who) !== null) {
      ids.add(phoneRef(who));
    }
    for (const u of await ctx.identity.lookUpUsers({ logins: [who] })) {
      ids.add(u.id);
    }
  }
  return ids.size === 0 ? undefined : [...ids];
}

function textQuery(q: string | undefined): string | undefined {
  const text = q?.trim();
  return text !== undefined && normalizeMsisdn(text) !== null ? phoneRef(text) : text;
}

function entryOut(e: AuditRecord, names: Map<string, string>) {
  return {
    ...e,
    at: toIso(e.at),
    actorName: e.actorKind === 'user' && e.actorId !== null ? (names.get(e.actorId) ?? null) : null,
    roleTitle: e.role !== null && Object.hasOwn(ROLE_TITLES, e.role) ? ROLE_TITLES[e.role as Role] : null,
  };
}
