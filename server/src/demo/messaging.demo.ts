/**
 * SMS demo: a safety notice, a class bulk whose recipients' last digits show every outcome
 * of the simulator (delivered, report before response, undeliverable, no report, unknown,
 * refused), and two MOs from parents' phones (an opt-out and a reply). The worker delivers and
 * routes them after start, so 短信查询, 群发 and 短信模拟器 show them within seconds.
 */
import type { AppContext } from '../context';

export const DEMO_BULK_NUMBERS = ['13900139000', '13900139001', '13900139002', '13900139003', '13900139004', '13900139005', '13900139006', '13900139007'];

export async function loadMessagingDemo(ctx: AppContext): Promise<void> {
  await ctx.messaging.send({ to: '13800138000', text: '您的孩子王小兵已于07:42到校。', class: 'notice', service: 'safety', key: 'demo:safety:1' });
  await ctx.messaging.sendBulk({
    service: 'jx',
    class: 'notice',
    text: '各位家长：本周五下午三点在学校礼堂召开家长会，请准时参加。直接回复本短信即可联系班主任。',
    recipients: DEMO_BULK_NUMBERS,
    key: 'demo:bulk:parents-meeting',
    createdBy: 'demo-teacher',
    extension: '0101',
  });
  const sim = ctx.smsSim;
  if (sim) {
    const mo = (from: string, to: string, text: string, id: string) =>
      ctx.messaging.handlers.onMo(sim.name, { gatewayMsgId: `demo-${id}`, from, to, msgFmt: 8, udhi: false, content: Buffer.from(text, 'utf16le').swap16() });
    await mo('13600136000', ctx.config.sms.serviceCode, 'TD', 'td');
    await mo('13900139001', `${ctx.config.sms.serviceCode}0101`, '收到，谢谢老师！', 'reply');
  }
}
