import { ProFormText } from '@ant-design/pro-components';
import { App } from 'antd';
import { api, unwrap } from '../../../app/request';
import { FormModal } from '../../../components/FormModal';
import type { Outlet } from '../org';
import { AgencyField, CodeAndNameFields } from './fields';

type NewOutletValues = { agencyId?: string; code: string; name: string; address?: string };

type NewOutletModalProps = {
  open: boolean;
  /** 在代理商页里新建时固定为这个代理商；不给时在表单里选。 */
  agency?: { id: string; name: string };
  onClose: () => void;
  onDone: (outlet: Outlet) => void;
};

/** 新建营业网点：同时开立网点的预存款账户。 */
export const NewOutletModal = ({ open, agency, onClose, onDone }: NewOutletModalProps) => {
  const { message } = App.useApp();

  const submit = async (values: NewOutletValues) => {
    const agencyId = agency?.id ?? values.agencyId;
    if (!agencyId) {
      return '请选择代理商';
    }
    const address = values.address?.trim();
    const outlet = await unwrap(
      api.POST('/api/outlets', {
        body: { agencyId, code: values.code.trim(), name: values.name.trim(), ...(address ? { address } : {}) },
      }),
    );
    message.success(`已新建网点：${outlet.name}`);
    onDone(outlet);
  };

  return (
    <FormModal<NewOutletValues>
      title={agency ? `新建网点：${agency.name}` : '新建网点'}
      open={open}
      width={560}
      labelWidth="84px"
      submitText="新建"
      note="新建后自动开立网点的预存款账户，余额为 0。"
      onClose={onClose}
      onSubmit={submit}
    >
      {agency ? null : <AgencyField />}
      <CodeAndNameFields codeExample="CG002" nameExample="城关二店" />
      <ProFormText name="address" label="地址" placeholder="选填" fieldProps={{ maxLength: 120, autoComplete: 'off' }} />
    </FormModal>
  );
};
