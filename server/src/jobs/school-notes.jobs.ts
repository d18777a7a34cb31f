/** Durable jobs of school messaging, part "notes": forgetting unanswered "which child?" questions. */
import Type from 'typebox';
import type { AppContext } from '../context';
import { defineJob } from '../platform/jobs';

export const bzrChoicesExpireJob = defineJob({
  name: 'school.bzr-choices-expire',
  title: '清理过期的班主任信箱选择（家长 24 小时内未回复序号的）',
  schema: Type.Object({}),
  schedule: { cron: '17 * * * *', payload: {} },
  retry: { maxAttempts: 3, baseDelayMs: 10_000, maxDelayMs: 60_000 },
  async handle(_payload, run, ctx: AppContext) {
    const r = await ctx.school.notes.expireChoices();
    if (r.deleted > 0) {
      run.log.info(r, '已清理过期的班主任信箱选择');
    }
  },
});

export const schoolNotesJobs = [bzrChoicesExpireJob] as const;
