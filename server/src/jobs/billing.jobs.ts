/** Durable jobs of billing: the monthly run (scheduled on the 1st), a run started by an operator, rule 3's immediate charge. */
import Type from 'typebox';
import type { AppContext } from '../context';
import { chargeNow, runBilling, startMonthlyRun } from '../flows/billing.flow';
import { BILLING_RUN_JOB, CHARGE_NOW_JOB } from '../modules/subscriptions';
import { defineJob } from '../platform/jobs';

export const billingRunJob = defineJob({
  name: BILLING_RUN_JOB,
  title: '出账：按计费规则收取当月信息费，生成运营商计费文件数据和代理商佣金',
  schema: Type.Object({ runId: Type.String({ minLength: 1, maxLength: 64 }) }),
  // A retry runs the same run again: every fee keeps its key, so nothing is charged twice.
  retry: { maxAttempts: 3, baseDelayMs: 60_000, maxDelayMs: 600_000 },
  async handle(payload, run, ctx: AppContext) {
    const r = await runBilling(ctx, payload.runId);
    run.log.info({ runId: r.id, month: r.month, dryRun: r.dryRun, charged: r.charged, chargedAmount: r.chargedAmount, free: r.free, failed: r.failed }, '出账完成');
  },
});

export const chargeNowJob = defineJob({
  name: CHARGE_NOW_JOB,
  title: '再次订购立即扣费（计费规则三）',
  schema: Type.Object({ subscriptionId: Type.String({ minLength: 1, maxLength: 64 }), month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' }) }),
  retry: { maxAttempts: 10, baseDelayMs: 30_000, maxDelayMs: 3_600_000 },
  async handle(payload, run, ctx: AppContext) {
    const r = await chargeNow(ctx, payload);
    run.log.info({ subscriptionId: payload.subscriptionId, month: payload.month, charged: r.charged, rule: r.rule }, r.charged ? '已立即扣费' : '无需立即扣费');
  },
});

export const monthlyBillingJob = defineJob({
  name: 'billing.monthly',
  title: '每月 1 日 02:00 出上月的账',
  schema: Type.Object({}),
  schedule: { cron: '0 2 1 * *', payload: {} },
  retry: { maxAttempts: 5, baseDelayMs: 60_000, maxDelayMs: 3_600_000 },
  async handle(_payload, run, ctx: AppContext) {
    const r = await startMonthlyRun(ctx);
    run.log.info(r ? { runId: r.id, month: r.month } : {}, r ? '已开始出账' : '上月已出账或正在出账');
  },
});

export const billingJobs = [billingRunJob, chargeNowJob, monthlyBillingJob] as const;
