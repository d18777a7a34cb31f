/** Personal data: anyone downloads what is held about them; operators anonymise a person who left. */
import Type from 'typebox';
import type { AppContext } from '../../context';
import { anonymisePerson, exportPersonalData } from '../../flows/privacy.flow';
import { errors } from '../schemas';
import type { Http } from '../types';

const tags = ['个人信息'];

export function privacyRoutes(app: Http, ctx: AppContext): void {
  app.get('/api/auth/my-data', {
    config: { action: 'privacy.export' },
    schema: {
      tags,
      summary: '下载与我有关的全部个人信息（JSON）',
      response: { 200: Type.Record(Type.String(), Type.Unknown(), { description: '账号、角色、登录记录、孩子、短信往来、操作记录' }), ...errors(401) },
    },
  }, async (request, reply) => {
    if (request.actor.kind !== 'user') {
      throw new Error('privacy.export allowed a request without a user');
    }
    const data = await exportPersonalData(ctx, request.actor.userId);
    const day = new Date(ctx.clock.now()).toISOString().slice(0, 10);
    reply.header('content-disposition', `attachment; filename="yikatong-my-data-${day}.json"`);
    reply.header('cache-control', 'no-store');
    return { ...data };
  });

  app.post('/api/users/:id/anonymise', {
    config: { action: 'privacy.anonymise' },
    schema: {
      tags,
      summary: '匿名化一个已离开的人（不可撤销：姓名、账号、手机号、角色、登录、短信内容被清除；账务和审计记录保留编号）',
      params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' }) }),
      body: Type.Object({ confirm: Type.Literal(true, { description: '必须为 true：确认此操作不可撤销' }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ messages: Type.Integer({ description: '匿名化的下行短信条数' }), mo: Type.Integer({ description: '匿名化的上行短信条数' }) }), ...errors(400, 401, 403, 404) },
    },
  }, async (request) => anonymisePerson(ctx, request.params.id));
}
