/**
 * The whole pipeline over loopback SMPP, on both databases: send → durable outbox → job →
 * SMPP gateway → SMS centre simulator → receipts back; MOs from the centre stored, routed and
 * answered; throttling storms, dropped responses and a restart mid-bulk lose nothing and
 * send no part twice beyond the documented "unknown" policy.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createWorker } from '../../server/src/app';
import { SmscSimulator } from '../../server/src/adapters/sms/smpp/smsc-simulator';
import type { AppContext } from '../../server/src/context';
import type { Database } from '../../server/src/platform/db/database';
import { createTestContext } from '../helpers/context';
import { describeEachDatabase } from '../helpers/db';
import { until } from '../helpers/until';

describeEachDatabase('SMS end to end over SMPP', (t) => {
  let smsc: SmscSimulator;
  const open: AppContext[] = [];

  beforeEach(async () => {
    smsc = new SmscSimulator({ systemId: 'yk', password: 'pw123456', reportDelayMs: 5 });
    await smsc.listen(0);
  });
  afterEach(async () => {
    for (const c of open.splice(0)) {
      await c.messaging.stop();
    }
    await smsc.close();
  });

  async function start(database: Database) {
    const ctx = await createTestContext(database, { env: { SMS_GATEWAY: `smpp://yk:pw123456@127.0.0.1:${smsc.port}?window=8&connections=1` } });
    open.push(ctx);
    await ctx.messaging.start();
    await until('bind', async () => ctx.messaging.gatewayStatus()[0]?.state === 'up');
    return { ctx, worker: createWorker(ctx) };
  }

  const statusOf = async (ctx: AppContext, id: string) => (await ctx.messaging.messageLife(id)).message.status;

  it('a two-part Chinese message is delivered; a TD from the phone is confirmed over the same link', async () => {
    const { ctx, worker } = await start(t().database);
    const text = '各位家长：本周五下午三点在学校礼堂召开家长会，请准时参加，谢谢配合！'.repeat(2);
    const { message } = await ctx.messaging.send({ to: '13800138000', text, class: 'notice', service: 'jx', key: 'e2e-1', extension: '0101' });
    await worker.drain();
    await until('delivered', async () => (await statusOf(ctx, message.id)) === 'delivered');
    const submits = smsc.submits.filter((s) => s.to === '13800138000');
    expect(submits.map((s) => [s.dataCoding, s.esmClass, s.from])).toEqual([
      [8, 0x40, '106570990101'],
      [8, 0x40, '106570990101'],
    ]);
    expect(Buffer.concat(submits.map((s) => s.content.subarray(6))).swap16().toString('utf16le')).toBe(`【一卡通】${text}`);

    expect(await smsc.injectMo({ from: '13800138000', to: '106570990101', text: 'TD' })).toBe(0);
    await worker.drain();
    await until('confirmation', async () => smsc.submits.length === 3);
    const reply = smsc.submits[2]!;
    expect(reply.content.swap16().toString('utf16le')).toMatch(/^【一卡通】退订成功，您将不再收到「家校互动」的短信/);
    expect((await ctx.messaging.listOptouts({ msisdn: '13800138000' })).items).toEqual([expect.objectContaining({ service: 'jx' })]);
  });

  it('a throttling storm: all delivered, each part sent once', async () => {
    const { ctx, worker } = await start(t().database);
    smsc.setFaults({ throttleEvery: 3 });
    const recipients = Array.from({ length: 20 }, (_, i) => `1380000${String(1000 + i)}`).filter((n) => !/[3-7]$/.test(n));
    const { bulk } = await ctx.messaging.sendBulk({ service: 'jx', class: 'notice', text: '明天放假一天', recipients, key: 'storm' });
    await worker.drain();
    await until('all delivered', async () => (await ctx.messaging.bulkReport(bulk.id)).summary.delivered === recipients.length);
    for (const n of recipients) {
      expect(smsc.submits.filter((s) => s.to === n), n).toHaveLength(1);
    }
    expect(smsc.stats.throttled).toBeGreaterThan(0);
  });

  it('the server restarted mid-bulk: every recipient gets the message once', async () => {
    const first = await start(t().database);
    const recipients = Array.from({ length: 60 }, (_, i) => `1390000${String(1000 + i)}`).filter((n) => !/[3-7]$/.test(n));
    const { bulk } = await first.ctx.messaging.sendBulk({ service: 'jx', class: 'notice', text: '期末考试安排已发布', recipients, key: 'restart' });
    const running = first.worker.drain();
    await until('some submits', async () => smsc.submits.length >= 5);
    // The process stops mid-bulk: what is on the wire is answered, the rest stays queued.
    await first.ctx.messaging.stop();
    await running.catch(() => undefined);
    open.splice(open.indexOf(first.ctx), 1);

    const second = await start(t().database);
    second.ctx.clock.advance(3_600_000);
    await second.worker.drain();
    await until('all delivered', async () => (await second.ctx.messaging.bulkReport(bulk.id)).summary.delivered === recipients.length);
    for (const n of recipients) {
      expect(smsc.submits.filter((s) => s.to === n), n).toHaveLength(1);
    }
  });
});
