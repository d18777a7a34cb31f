/** Durable jobs of school messaging, part "gate": the arrival cut-off, and safety SMS left pending. */
import Type from 'typebox';
import type { AppContext } from '../context';
import { defineJob } from '../platform/jobs';

export const gateCutoffJob = defineJob({
  name: 'school.gate-cutoff',
  title: '到校截止检查：未到校且未请假的学生通知家长（每所学校每个上课日一次）',
  schema: Type.Object({}),
  schedule: { cron: '* * * * *', payload: {} },
  retry: { maxAttempts: 3, baseDelayMs: 10_000, maxDelayMs: 60_000 },
  async handle(_payload, run, ctx: AppContext) {
    const done = await ctx.school.gate.runDueCutoffs();
    for (const r of done) {
      run.log.info(r, '到校截止检查完成');
    }
  },
});

export const safetyRetryJob = defineJob({
  name: 'school.safety-retry',
  title: '补发未发出的平安短信（刷卡已记录、短信未排队的）',
  schema: Type.Object({}),
  schedule: { cron: '* * * * *', payload: {} },
  retry: { maxAttempts: 3, baseDelayMs: 10_000, maxDelayMs: 60_000 },
  async handle(_payload, run, ctx: AppContext) {
    const n = await ctx.school.gate.retryPendingSafety({ olderThanMs: 30_000 });
    if (n > 0) {
      run.log.info({ swipes: n }, '已补发平安短信');
    }
  },
});

export const schoolGateJobs = [gateCutoffJob, safetyRetryJob] as const;
