import { defineErrors } from '../../platform/errors';

/** Subscriptions' and billing's error codes. */
export const SubscriptionErrors = defineErrors({
  SUB_INVALID: ['invalid', '订购信息不正确'],
  SUB_SERVICE_NOT_FOUND: ['not_found', '没有这项业务'],
  SUB_NOT_FOR_SALE: ['conflict', '这项业务暂停订购'],
  SUB_BUNDLED: ['invalid', '这项业务随家校互动赠送，不能单独订购或退订'],
  SUB_NOT_GUARDIAN: ['conflict', '这个号码不是学校登记的家长号码，请先联系学校登记'],
  SUB_ALREADY_ACTIVE: ['conflict', '这个号码已订购这项业务'],
  SUB_NOT_ACTIVE: ['conflict', '这个号码没有订购这项业务'],
  SUB_NOT_FOUND: ['not_found', '订购记录不存在'],
  SUB_REQUEST_NOT_FOUND: ['not_found', '代订申请不存在'],
  SUB_REQUEST_PENDING: ['conflict', '这个号码已有待家长确认的代订申请'],
  SUB_REQUEST_CLOSED: ['conflict', '这条代订申请已结束'],
  SUB_SCHOOL_NOT_IN_AGENCY: ['forbidden', '这所学校不属于您的代理商'],
  SUB_PRICE_INVALID: ['invalid', '价格应为 0 到 100000 分之间的整数'],
  BILLING_MONTH_INVALID: ['invalid', '账期应为已结束的月份（YYYY-MM）'],
  BILLING_RUN_ACTIVE: ['conflict', '这个月的出账正在进行'],
  BILLING_RUN_NOT_FOUND: ['not_found', '出账记录不存在'],
  BILLING_SHARE_INVALID: ['invalid', '分成比例应为 0 到 100% 之间'],
  BILLING_FILE_NOT_READY: ['conflict', '这个月还没有完成出账，计费文件尚未生成'],
});
