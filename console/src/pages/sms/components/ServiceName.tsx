import { serviceLabel } from '../sms';
import { useSmsServices } from './hooks';

/** 业务代码的中文名（业务列表还没取到时先显示代码）。 */
export const ServiceName = ({ code }: { code: string }) => {
  const services = useSmsServices();
  return <>{serviceLabel(code, services.data ?? [])}</>;
};
