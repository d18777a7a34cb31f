import Type from 'typebox';
import type { AppContext } from '../context';
import { defineJob } from '../platform/jobs';

/** Nonces are needed for 10 minutes (the replay window); every 5 minutes the older ones go. */
export const purgeDeviceNoncesJob = defineJob({
  name: 'devices.purge-nonces',
  title: '清理过期的设备请求随机串',
  schema: Type.Object({}),
  schedule: { cron: '*/5 * * * *', payload: {} },
  retry: { maxAttempts: 3, baseDelayMs: 10_000, maxDelayMs: 60_000 },
  async handle(_payload, run, ctx: AppContext) {
    const n = await ctx.devices.purgeNonces();
    if (n > 0) {
      run.log.info({ deleted: n }, '已清理过期的设备请求随机串');
    }
  },
});
