/**
 * 家长网校 · 我的订购 over HTTP: a guardian's own subscriptions (the number is the one on their
 * account), the history of every change, subscribing and cancelling 家校互动 themselves, the free
 * school notices on or off, and their bills: what was charged and this month's expected fee with
 * the rule behind it. The portal click is the consent, recorded as such.
 */
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { AppContext } from '../../context';
import { SubscriptionErrors, monthOf } from '../../modules/subscriptions';
import { errors } from '../schemas';
import type { Http } from '../types';
import { ChargeSchema, HistorySchema, MonthFeeSchema, Nullable, ServiceCode, SubscriptionSchema, chargeOut, historyOut, monthOut, subscriptionOut, userIdOf } from './subscriptions.schemas';

const tags = ['家长网校'];
const PAID = 'jx';
const NOTICES = 'jxnotice';

const Offer = Type.Object({
  code: Type.String(),
  name: Type.String(),
  description: Type.String(),
  includes: Type.Array(Type.String(), { description: '包含的业务名称' }),
  price: Type.Integer({ description: '本月价格（分）' }),
  nextPrice: Nullable(Type.Object({ fromMonth: Type.String(), amount: Type.Integer() })),
  onSale: Type.Boolean(),
  active: Type.Boolean({ description: '我是否在订' }),
});

export function portalSubscriptionRoutes(app: Http, ctx: AppContext): void {
  const subs = ctx.subscriptions;

  /** The guardian's number and name: the phone on their account. */
  const me = async (request: FastifyRequest) => {
    const person = await ctx.identity.getPerson(userIdOf(request));
    if (!person.phone) {
      throw SubscriptionErrors.SUB_NOT_GUARDIAN({}, '您的账号没有登记手机号码，请先在“我的账户”里设置');
    }
    return { msisdn: person.phone, name: person.name, userId: person.id };
  };

  app.get('/api/portal/subscriptions', {
    config: { action: 'subscriptions.own' },
    schema: {
      tags,
      summary: '我的订购：家校互动（价格、是否在订）、学校通知（免费）是否接收，以及每次订购、退订的记录',
      response: {
        200: Type.Object({
          msisdn: Type.String(),
          month: Type.String({ description: '本月 YYYY-MM' }),
          paid: Offer,
          freeNotices: Type.Boolean({ description: '是否接收学校通知（免费）' }),
          serviceCode: Type.String({ description: '短信订购、退订发到的号码' }),
          history: HistorySchema,
        }),
        ...errors(401, 403, 409),
      },
    },
  }, async (request) => {
    const { msisdn } = await me(request);
    const [history, service, catalog, freeNotices] = await Promise.all([subs.history(msisdn), subs.catalog.get(PAID), subs.catalog.list(), subs.isSubscribed(msisdn, NOTICES)]);
    const names = new Map(catalog.map((s) => [s.code, s.name]));
    return {
      msisdn,
      month: monthOf(ctx.clock.now(), ctx.config.businessTimezone),
      paid: {
        code: service.code,
        name: service.name,
        description: service.description,
        includes: service.includes.map((c) => names.get(c) ?? c),
        price: service.price,
        nextPrice: service.nextPrice,
        onSale: service.onSale,
        active: history.subscriptions.some((s) => s.service === PAID && s.status === 'active'),
      },
      freeNotices,
      serviceCode: ctx.config.sms.serviceCode,
      history: historyOut(history),
    };
  });

  app.post('/api/portal/subscriptions', {
    config: { action: 'subscriptions.own' },
    schema: {
      tags,
      summary: '我订购家校互动（即时生效，短信确认；当月 1 日至 20 日订购、72 小时内退订不收费）',
      body: Type.Object({ service: ServiceCode }, { additionalProperties: false }),
      response: { 200: Type.Intersect([SubscriptionSchema, Type.Object({ chargedNow: Nullable(Type.String({ description: '再次订购按规则三立即扣费的月份' })) })]), ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request) => {
    const { msisdn, name, userId } = await me(request);
    const service = await subs.catalog.get(request.body.service);
    const r = await subs.subscribe({ msisdn, service: service.code, channel: 'portal', actorId: userId, raw: `家长网校：${name} 点击「订购${service.name}」` });
    return { ...subscriptionOut(r), chargedNow: r.chargedNow };
  });

  app.post('/api/portal/subscriptions/cancel', {
    config: { action: 'subscriptions.own' },
    schema: {
      tags,
      summary: '我退订（即时生效，短信确认；退订家校互动同时停止亲情电话和平安短信）',
      body: Type.Object({ service: ServiceCode }, { additionalProperties: false }),
      response: { 200: SubscriptionSchema, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request) => {
    const { msisdn, userId } = await me(request);
    return subscriptionOut(await subs.cancel({ msisdn, service: request.body.service, channel: 'portal', actorId: userId }));
  });

  app.put('/api/portal/free-notices', {
    config: { action: 'subscriptions.own' },
    schema: {
      tags,
      summary: '接收或不再接收学校通知（免费；关闭等同于发送 QXMF）',
      body: Type.Object({ on: Type.Boolean() }, { additionalProperties: false }),
      response: { 200: Type.Object({ freeNotices: Type.Boolean() }), ...errors(400, 401, 403, 409) },
    },
  }, async (request) => {
    const { msisdn, name, userId } = await me(request);
    if (request.body.on) {
      const service = await subs.catalog.get(NOTICES);
      await subs.subscribe({ msisdn, service: NOTICES, channel: 'portal', actorId: userId, raw: `家长网校：${name} 开启「${service.name}」` });
    } else {
      await subs.cancelFree({ msisdn, channel: 'portal', actorId: userId });
    }
    return { freeNotices: await subs.isSubscribed(msisdn, NOTICES) };
  });

  app.get('/api/portal/bills', {
    config: { action: 'subscriptions.own' },
    schema: {
      tags,
      summary: '我的账单：每月的信息费（已扣的和本月预计的）及其计费规则',
      response: {
        200: Type.Object({
          month: Type.String({ description: '本月 YYYY-MM' }),
          forecastAmount: Type.Integer({ description: '本月预计合计（分）；月底前可能变化' }),
          months: Type.Array(MonthFeeSchema, { description: '最近几个月每项业务的费用，新的在前；本月的 forecast 为 true（预计）' }),
          charges: Type.Array(ChargeSchema, { description: '已扣的费用' }),
        }),
        ...errors(401, 403, 409),
      },
    },
  }, async (request) => {
    const { msisdn } = await me(request);
    const h = await subs.history(msisdn);
    const month = monthOf(ctx.clock.now(), ctx.config.businessTimezone);
    return {
      month,
      forecastAmount: h.months.filter((m) => m.month === month).reduce((n, m) => n + m.amount, 0),
      months: h.months.map(monthOut),
      charges: h.charges.map(chargeOut),
    };
  });
}
