import Type from 'typebox';
import type { AppContext } from '../context';
import { DAY } from '../platform/clock';
import { defineJob } from '../platform/jobs';

export const purgeSessionsJob = defineJob({
  name: 'identity.purge-sessions',
  title: '清理过期登录会话',
  schema: Type.Object({}),
  schedule: { cron: '10 3 * * *', payload: {} },
  async handle(_payload, run, ctx: AppContext) {
    const n = await ctx.identity.purgeSessions();
    run.log.info({ deleted: n }, '已清理过期登录会话');
  },
});

export const purgeFinishedJobsJob = defineJob({
  name: 'platform.purge-finished-jobs',
  title: '清理 30 天前已完成的后台任务',
  schema: Type.Object({ olderThanDays: Type.Integer({ minimum: 1, maximum: 3650 }) }),
  schedule: { cron: '20 3 * * *', payload: { olderThanDays: 30 } },
  async handle(payload, run, ctx: AppContext) {
    const n = await ctx.jobs.purgeFinished(ctx.database.db, payload.olderThanDays * DAY);
    run.log.info({ deleted: n }, '已清理已完成的后台任务');
  },
});

export const expireHoldsJob = defineJob({
  name: 'ledger.expire-holds',
  title: '释放已过期的资金冻结',
  schema: Type.Object({}),
  schedule: { cron: '*/5 * * * *', payload: {} },
  retry: { maxAttempts: 3, baseDelayMs: 10_000, maxDelayMs: 60_000 },
  async handle(_payload, run, ctx: AppContext) {
    const n = await ctx.ledger.expireHolds();
    if (n > 0) {
      run.log.info({ released: n }, '已释放过期冻结');
    }
  },
});
