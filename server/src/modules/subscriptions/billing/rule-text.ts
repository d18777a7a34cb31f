/**
 * What each fee rule means, in the words a guardian, an agent or 10086 support reads
 * (the history view, a charge's explanation, the billing run's counts by rule).
 */
import type { FeeRule } from '../fee-rules';

export const RULE_TEXT: Record<FeeRule, string> = {
  monthly: '包月：上月起持续订购，本月收取月费',
  first_of_month: '本月1日至20日首次订购且未在72小时内退订，收取本月月费（规则一）',
  free_cancel_72h: '72小时内退订，本月免收信息费（规则一）',
  after_20th: '20日24时后订购，本月不收费；未退订的，次月起计费（规则二）',
  resubscribe: '本月退订后在24日零点前再次订购，立即扣费（规则三）',
  not_subscribed: '本月未订购，不收费',
};

/** The text of a rule as stored (a charge row's `rule`); an unknown value is shown as is. */
export const ruleText = (rule: string): string => (RULE_TEXT as Record<string, string>)[rule] ?? rule;
