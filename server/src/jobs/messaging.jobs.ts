import Type from 'typebox';
import type { AppContext } from '../context';
import { JOB_MATCH_REPORT, JOB_ROUTE_MO } from '../modules/messaging';
import { defineJob } from '../platform/jobs';

export const routeMoJob = defineJob({
  name: JOB_ROUTE_MO,
  title: '处理上行短信',
  schema: Type.Object({ moId: Type.String({ minLength: 1, maxLength: 64 }) }),
  retry: { maxAttempts: 5, baseDelayMs: 5_000, maxDelayMs: 600_000 },
  async handle(payload, run, ctx: AppContext) {
    const r = await ctx.messaging.routeMo(payload.moId);
    run.log.info({ moId: payload.moId, route: r }, '上行短信已处理');
  },
});

export const matchReportJob = defineJob({
  name: JOB_MATCH_REPORT,
  title: '匹配提前到达的状态报告',
  schema: Type.Object({ reportId: Type.String({ minLength: 1, maxLength: 64 }) }),
  retry: { maxAttempts: 8, baseDelayMs: 1_000, maxDelayMs: 120_000 },
  async handle(payload, _run, ctx: AppContext) {
    if (!(await ctx.messaging.matchReport(payload.reportId))) {
      throw new Error('状态报告对应的短信提交应答尚未记录，稍后再试');
    }
  },
});

export const smsSweepJob = defineJob({
  name: 'messaging.sweep',
  title: '短信超时处理（48 小时无状态报告记为过期；中断的发送转为结果未知；拼接超时的长短信）',
  schema: Type.Object({}),
  schedule: { cron: '*/10 * * * *', payload: {} },
  retry: { maxAttempts: 3, baseDelayMs: 10_000, maxDelayMs: 60_000 },
  async handle(_payload, run, ctx: AppContext) {
    const r = await ctx.messaging.sweep();
    if (r.expired + r.flushedMo > 0) {
      run.log.info(r, '短信超时处理完成');
    }
  },
});
