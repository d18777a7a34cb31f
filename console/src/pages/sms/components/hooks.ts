import { api, unwrap } from '../../../app/request';
import { useApi, type ApiState } from '../../../components/useApi';
import type { SimInfo, SmsService } from '../sms';

/** 业务列表在服务启动时就定了，页面之间共用一次请求（失败时下次再取）。 */
let services: Promise<SmsService[]> | undefined;

export const loadSmsServices = (): Promise<SmsService[]> => {
  services ??= unwrap(api.GET('/api/sms/services')).then(
    (result) => result.items,
    (error: unknown) => {
      services = undefined;
      throw error;
    },
  );
  return services;
};

/** 业务代码及名称（查询条件、发送对话框、退订名单用）。 */
export const useSmsServices = (): ApiState<SmsService[]> => useApi(() => loadSmsServices());

/** 短信模拟器的说明，也用来取平台的短信签名（计算条数时要算上签名）。 */
export const useSimInfo = (): ApiState<SimInfo> => useApi((signal) => unwrap(api.GET('/api/sim/info', { signal })));
