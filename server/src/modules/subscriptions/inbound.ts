/**
 * The SMS commands of school services, to 10657099: `JX` subscribes 家校互动 (roster guardians
 * only), `QXJX` ends it (亲情电话 and 平安短信 with it), `QXMF` ends the free services, and a reply
 * to 10657099 + '4' answers an agent's request. Each answer is the confirmation SMS.
 */
import { isAppError } from '../../platform/errors';
import { smsText, type InboundHandler, type InboundMessage } from '../messaging';
import type { SubscriptionsDeps } from './deps';
import { cancel, cancelFree, subscribe } from './lifecycle';
import { CONFIRM_EXTENSION, answerRequest } from './requests';

export const PAID_SERVICE = 'jx';

const phoneOf = (mo: InboundMessage) => smsText.normalizeMsisdn(mo.from) ?? mo.from;

function failed(e: unknown, deps: SubscriptionsDeps): { reply: string; result: string } {
  if (!isAppError(e)) {
    throw e;
  }
  switch (e.code) {
    case 'SUB_NOT_GUARDIAN':
      return { reply: `您的号码还不是学校登记的家长号码，暂不能订购。请联系孩子的班主任或学校，把您的手机号登记为家长号码后，再发送 JX 到 ${deps.serviceCode}。`, result: '不是登记的家长，未订购' };
    case 'SUB_ALREADY_ACTIVE':
      return { reply: `您已订购家校互动，无需重复订购。退订请发送 QXJX 到 ${deps.serviceCode}。`, result: '已订购，未重复订购' };
    case 'SUB_NOT_ACTIVE':
      return { reply: e.message.includes('免费') ? '您已退订全部免费业务。' : `您没有订购家校互动。订购请发送 JX 到 ${deps.serviceCode}。`, result: '没有可退订的业务' };
    case 'SUB_NOT_FOR_SALE':
      return { reply: '家校互动暂停订购，请稍后再试或咨询 10086。', result: '业务暂停订购' };
    default:
      return { reply: e.message, result: e.code };
  }
}

export function subscriptionInbound(deps: SubscriptionsDeps): InboundHandler[] {
  return [
    {
      name: 'subscriptions.jx',
      service: 'subscriptions',
      keywords: ['JX'],
      handle: async (mo) => {
        try {
          const r = await subscribe(deps, { msisdn: phoneOf(mo), service: PAID_SERVICE, channel: 'sms', raw: `短信“${mo.text}”发送至${mo.to}`, moId: mo.id });
          return { result: `短信订购家校互动（${r.guardian?.children[0]?.schoolName ?? ''}）${r.chargedNow ? '，再次订购立即扣费' : ''}` };
        } catch (e) {
          return failed(e, deps);
        }
      },
    },
    {
      name: 'subscriptions.qxjx',
      service: 'subscriptions',
      keywords: ['QXJX'],
      handle: async (mo) => {
        try {
          await cancel(deps, { msisdn: phoneOf(mo), service: PAID_SERVICE, channel: 'sms', note: `短信“${mo.text}”` });
          return { result: '短信退订家校互动' };
        } catch (e) {
          return failed(e, deps);
        }
      },
    },
    {
      name: 'subscriptions.qxmf',
      service: 'subscriptions',
      keywords: ['QXMF'],
      handle: async (mo) => {
        try {
          const r = await cancelFree(deps, { msisdn: phoneOf(mo), channel: 'sms' });
          return { result: `短信退订免费业务：${r.map((x) => x.service.name).join('、')}` };
        } catch (e) {
          return failed(e, deps);
        }
      },
    },
    {
      name: 'subscriptions.confirm',
      service: 'subscriptions',
      extensionPrefix: CONFIRM_EXTENSION,
      handle: (mo) => answerRequest(deps, { msisdn: phoneOf(mo), text: mo.text.trim(), normalized: mo.normalized, moId: mo.id }),
    },
  ];
}
