/**
 * 短信模拟器: pick a phone number, see what it received and sent, and send an SMS from it to
 * a short code — how a new user tries every SMS feature without a carrier. Only when
 * SMS_GATEWAY uses sim:// (otherwise these answer 404).
 */
import Type from 'typebox';
import type { AppContext } from '../../context';
import { SIM_RULES } from '../../adapters/sms';
import { toIso } from '../../platform/clock';
import { PlatformErrors } from '../../platform/errors';
import { errors, IsoTime } from '../schemas';
import type { Http } from '../types';

const Msisdn = Type.String({ pattern: '^1[3-9]\\d{9}$', description: '11 位手机号码' });

export function simRoutes(app: Http, ctx: AppContext): void {
  const tags = ['短信模拟器'];
  const sim = () => {
    if (!ctx.smsSim) {
      throw PlatformErrors.NOT_FOUND({}, '未启用短信模拟器（SMS_GATEWAY 不是 sim://）');
    }
    return ctx.smsSim;
  };

  app.get(
    '/api/sim/info',
    {
      config: { action: 'sms.sim' },
      schema: {
        tags,
        summary: '模拟器说明：服务代码、状态报告延迟、按尾号模拟的结果',
        response: {
          200: Type.Object({
            enabled: Type.Boolean(),
            running: Type.Boolean(),
            serviceCode: Type.String(),
            signature: Type.String(),
            reportDelayMs: Type.Integer(),
            rules: Type.Array(Type.Object({ digit: Type.String(), title: Type.String() })),
          }),
          ...errors(401, 403),
        },
      },
    },
    async () => ({
      enabled: ctx.smsSim !== null,
      running: ctx.smsSim?.status().state === 'up',
      serviceCode: ctx.config.sms.serviceCode,
      signature: ctx.config.sms.signature,
      reportDelayMs: ctx.smsSim?.reportDelayMs ?? 0,
      rules: SIM_RULES,
    }),
  );

  app.get(
    '/api/sim/phones/:msisdn',
    {
      config: { action: 'sms.sim' },
      schema: {
        tags,
        summary: '一部手机收到和发出的短信',
        params: Type.Object({ msisdn: Msisdn }),
        response: {
          200: Type.Object({
            items: Type.Array(Type.Object({ direction: Type.Enum(['in', 'out']), at: IsoTime, text: Type.String(), peer: Type.String(), status: Type.String(), id: Type.String() })),
          }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      sim();
      const lines = await ctx.messaging.phoneConversation(request.params.msisdn, 200);
      return { items: lines.map((l) => ({ ...l, at: toIso(l.at) })) };
    },
  );

  app.post(
    '/api/sim/mo',
    {
      config: { action: 'sms.sim' },
      schema: {
        tags,
        summary: '从模拟手机发一条短信到服务代码（上行）',
        body: Type.Object({ from: Msisdn, to: Type.String({ pattern: '^\\d{4,21}$', description: '服务代码，可带扩展号' }), text: Type.String({ minLength: 1, maxLength: 600 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ parts: Type.Integer() }), ...errors(400, 401, 403, 404, 503) },
      },
    },
    async (request) => {
      const s = sim();
      if (s.status().state !== 'up') {
        throw PlatformErrors.NOT_FOUND({}, '短信模拟器未运行（本进程未启动后台任务）');
      }
      return s.sendMo(request.body);
    },
  );
}
