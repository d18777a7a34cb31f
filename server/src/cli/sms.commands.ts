/** `yikatong sms …`: send a message and follow it, from the command line. */
import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { phoneRef } from '../platform/audit';
import { formatBusinessTime } from '../platform/business-time';
import { SMS_CLASSES, type SmsClass } from '../platform/config-sms';
import { audited } from './audit-cli';
import { CliExit, print, withContext } from './run';

const STATUS_TITLES: Record<string, string> = {
  queued: '排队中',
  blocked: '已拦截',
  submitted: '已提交',
  accepted: '网关已接收',
  delivered: '已送达',
  failed: '失败',
  expired: '已过期',
  unknown: '结果未知',
};

export function registerSmsCommands(program: Command): void {
  const sms = program.command('sms').description('短信：sms send --to <号码> --text <内容>、sms status <短信编号>');

  sms
    .command('send')
    .description('发送一条短信（由运行中的服务投递；签名自动加在开头）')
    .requiredOption('--to <msisdn>', '接收号码')
    .requiredOption('--text <text>', '短信内容')
    .option('--class <class>', `类别：${SMS_CLASSES.join(' / ')}`, 'notice')
    .option('--service <service>', '业务代码', 'platform')
    .option('--key <key>', '请求编号（重复执行同一编号不会重复发送）')
    .action(async (o: { to: string; text: string; class: string; service: string; key?: string }) => {
      if (!(SMS_CLASSES as readonly string[]).includes(o.class)) {
        throw new CliExit(1, `--class 应为 ${SMS_CLASSES.join(' / ')} 之一`);
      }
      await withContext(async (ctx) => {
        const details = (x: { replay: boolean }) => ({ replay: x.replay, service: o.service, class: o.class, to: phoneRef(o.to) });
        const r = await audited(ctx, { action: 'sms.send', command: 'sms send', target: (x) => `sms send id=${x.message.id}`, details }, () =>
          ctx.messaging.send({ to: o.to, text: o.text, class: o.class as SmsClass, service: o.service, key: `cli:${o.key ?? randomUUID()}` }),
        );
        const m = r.message;
        print(`${r.replay ? '（同一请求编号，未重复发送）' : ''}短信编号 ${m.id}`);
        print(`状态：${STATUS_TITLES[m.status] ?? m.status}${m.reason ? `（${m.reason}）` : ''}  ${m.parts} 条  发往 ${m.to}`);
        print(m.text);
        if (m.status === 'queued') {
          print('将由运行中的服务（npm start）投递；用 npx yikatong sms status <短信编号> 查看结果。');
        }
      });
    });

  sms
    .command('status <id>')
    .description('一条短信的状态与每一段的过程')
    .action(async (id: string) => {
      await withContext(async (ctx) => {
        const tz = ctx.config.businessTimezone;
        const t = (ms: number | null) => (ms === null ? '—' : formatBusinessTime(ms, tz));
        const life = await ctx.messaging.messageLife(id);
        const m = life.message;
        print(`短信 ${m.id}  ${life.serviceTitle}  发往 ${m.to}（${m.carrier ?? '未知运营商'}）  源号码 ${m.srcId}`);
        print(`状态：${STATUS_TITLES[m.status] ?? m.status}${m.reason ? `（${m.reason}）` : ''}  创建 ${t(m.createdAt)}`);
        print(m.text);
        for (const p of life.parts) {
          print(
            `  第 ${p.seq}/${m.parts} 段  ${STATUS_TITLES[p.status] ?? p.status}  提交 ${t(p.submittedAt)}  网关接收 ${t(p.acceptedAt)}  完成 ${t(p.doneAt)}` +
              `${p.gatewayMsgId ? `  网关编号 ${p.gatewayMsgId}` : ''}${p.reportStat ? `  状态报告 ${p.reportStat}` : ''}${p.error ? `  ${p.error}` : ''}`,
          );
        }
      });
    });
}
