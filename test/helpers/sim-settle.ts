/**
 * Tests that send through the in-process SMS simulator: start messaging without its own
 * dispatcher, and `settle()` — send what is due, run due jobs, store every report — until
 * nothing is left to do.
 */
import { sql } from 'kysely';
import type { SimGateway } from '../../server/src/adapters/sms';
import { createWorker } from '../../server/src/app';
import type { AppContext } from '../../server/src/context';

export async function simSettle(ctx: AppContext) {
  await ctx.messaging.start({ dispatcher: false });
  const sim = ctx.smsSim as SimGateway;
  const worker = createWorker(ctx);
  const settle = async () => {
    for (let i = 0; i < 20; i++) {
      let sent = await ctx.messaging.dispatchDue();
      await worker.drain();
      await sim.flush();
      sent += await ctx.messaging.dispatchDue();
      await sim.flush();
      const due = await sql<{ n: number }>`select count(*) as n from jobs where status = 'queued' and run_at <= ${ctx.clock.now()}`.execute(ctx.database.db);
      if (sent === 0 && Number(due.rows[0]?.n) === 0) {
        return;
      }
    }
  };
  return { sim, worker, settle };
}
