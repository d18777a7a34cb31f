/**
 * Subscriptions and billing in the demo: 李芳 and 王老师 (as 张伟's father) take 家校互动 since
 * months ago (school.demo.ts), so a billing run of last month charges them; 通达代理 earns 25 %
 * of its schools' fees (远航代理 the default 20 %); and 赵经理 has asked 李强 to confirm a
 * subscription (待确认), which 李强 can answer with Y to 106570994 in 短信模拟器 — or he sends
 * JX to 10657099 himself, and QXJX within 72 hours to see that nothing is charged. The two
 * months before last are billed already (出账 shows those runs); last month is left for the user.
 */
import type { AppContext } from '../context';
import { runBilling, startBillingRun } from '../flows/billing.flow';
import { monthOf, previousMonth } from '../modules/subscriptions';
import { isAppError } from '../platform/errors';
import type { OrgDemo } from './org.demo';

export async function loadSubscriptionsDemo(ctx: AppContext, org: OrgDemo): Promise<void> {
  await ctx.subscriptions.billing.shares.set(org.agencies.tongda, 2500, 'demo');
  await billEarlierMonths(ctx);
  const agent = await ctx.identity.findPersonByPhone('13800000020');
  if (agent) {
    try {
      await ctx.subscriptions.requests.create({ msisdn: '13900004444', service: 'jx', schoolId: org.schools.yangguang, agentId: agent.id, agencyIds: [org.agencies.tongda] });
    } catch (e) {
      // Loaded again (`yikatong demo`): the request is pending already, or 李强 has subscribed since.
      if (!isAppError(e)) {
        throw e;
      }
    }
  }
}

/** Bills the two months before last, as the monthly job would have (nothing is charged twice on a reload). */
async function billEarlierMonths(ctx: AppContext): Promise<void> {
  const last = previousMonth(monthOf(ctx.clock.now(), ctx.config.businessTimezone));
  for (const month of [previousMonth(previousMonth(last)), previousMonth(last)]) {
    const run = await startBillingRun(ctx, { month, dryRun: false, by: 'demo', enqueue: false });
    await runBilling(ctx, run.id);
  }
}
