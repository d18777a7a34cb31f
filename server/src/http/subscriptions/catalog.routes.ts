/**
 * 业务目录 over HTTP: the services (家校互动 and what it includes, the free ones), their kind,
 * current and scheduled price; operators edit them. A price change applies from the next month.
 */
import Type from 'typebox';
import type { AppContext } from '../../context';
import { errors } from '../schemas';
import type { Http } from '../types';
import { ServiceCode, ServiceSchema, serviceOut, userIdOf } from './subscriptions.schemas';

const tags = ['订购与计费'];
const CodeParam = Type.Object({ code: ServiceCode });

export function catalogRoutes(app: Http, ctx: AppContext): void {
  const catalog = ctx.subscriptions.catalog;

  app.get('/api/subscription-services', {
    config: { action: 'subscriptions.read' },
    schema: { tags, summary: '业务目录：每项业务的类型、包含的业务、本月价格和已设定的下月价格', response: { 200: Type.Object({ items: Type.Array(ServiceSchema) }), ...errors(401, 403) } },
  }, async () => ({ items: (await catalog.list()).map(serviceOut) }));

  app.patch('/api/subscription-services/:code', {
    config: { action: 'subscriptions.catalog' },
    schema: {
      tags,
      summary: '修改业务：名称、说明、计费代码、在售或暂停（暂停后不能新订，已订的不受影响）',
      params: CodeParam,
      body: Type.Object(
        {
          name: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
          description: Type.Optional(Type.String({ maxLength: 200 })),
          billingCode: Type.Optional(Type.String({ pattern: '^[A-Z0-9]{2,16}$', description: '运营商账单文件里的业务代码，2–16 位大写字母或数字' })),
          onSale: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false, minProperties: 1 },
      ),
      response: { 200: ServiceSchema, ...errors(400, 401, 403, 404) },
    },
  }, async (request) => serviceOut(await catalog.update(request.params.code, request.body, userIdOf(request))));

  app.put('/api/subscription-services/:code/price', {
    config: { action: 'subscriptions.catalog' },
    schema: {
      tags,
      summary: '设定收费业务的新价格：从下个月起执行，本月仍按原价（同一个月内再设会替换）',
      params: CodeParam,
      body: Type.Object({ amount: Type.Integer({ minimum: 0, maximum: 100_000, description: '每月价格（分），800 即 8 元' }) }, { additionalProperties: false }),
      response: { 200: ServiceSchema, ...errors(400, 401, 403, 404) },
    },
  }, async (request) => serviceOut(await catalog.setPrice(request.params.code, request.body.amount, userIdOf(request))));
}
