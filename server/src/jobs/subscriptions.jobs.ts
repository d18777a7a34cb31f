/** Durable jobs of subscriptions: agents' requests nobody confirmed, and consents kept long enough. */
import Type from 'typebox';
import type { AppContext } from '../context';
import { defineJob } from '../platform/jobs';

export const expireRequestsJob = defineJob({
  name: 'subscriptions.expire-requests',
  title: '代订申请过期（家长 24 小时内未回复确认的，不订购）',
  schema: Type.Object({}),
  schedule: { cron: '*/10 * * * *', payload: {} },
  retry: { maxAttempts: 3, baseDelayMs: 10_000, maxDelayMs: 60_000 },
  async handle(_payload, run, ctx: AppContext) {
    const r = await ctx.subscriptions.requests.expire();
    if (r.expired > 0) {
      run.log.info(r, '代订申请已过期');
    }
  },
});

export const purgeConsentsJob = defineJob({
  name: 'subscriptions.purge-consents',
  title: '删除保存期满的订购意愿记录（退订满 6 个月）',
  schema: Type.Object({}),
  schedule: { cron: '40 3 * * *', payload: {} },
  retry: { maxAttempts: 3, baseDelayMs: 10_000, maxDelayMs: 60_000 },
  async handle(_payload, run, ctx: AppContext) {
    const r = await ctx.subscriptions.purgeConsents();
    if (r.deleted > 0) {
      run.log.info(r, '已删除保存期满的订购意愿记录');
    }
  },
});

export const subscriptionsJobs = [expireRequestsJob, purgeConsentsJob] as const;
