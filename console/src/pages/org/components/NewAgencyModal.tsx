import { ProFormText } from '@ant-design/pro-components';
import { App } from 'antd';
import { api, unwrap } from '../../../app/request';
import { FormModal } from '../../../components/FormModal';
import type { Agency } from '../org';
import { CodeAndNameFields } from './fields';

type NewAgencyValues = { code: string; name: string; region?: string };

type NewAgencyModalProps = {
  open: boolean;
  onClose: () => void;
  onDone: (agency: Agency) => void;
};

/** 新建代理商（运营商管理员）。代理商的人员在“人员与角色”里添加。 */
export const NewAgencyModal = ({ open, onClose, onDone }: NewAgencyModalProps) => {
  const { message } = App.useApp();

  const submit = async (values: NewAgencyValues) => {
    const region = values.region?.trim();
    const agency = await unwrap(
      api.POST('/api/agencies', { body: { code: values.code.trim(), name: values.name.trim(), ...(region ? { region } : {}) } }),
    );
    message.success(`已新建代理商：${agency.name}`);
    onDone(agency);
  };

  return (
    <FormModal<NewAgencyValues> title="新建代理商" open={open} width={520} labelWidth="72px" submitText="新建" onClose={onClose} onSubmit={submit}>
      <CodeAndNameFields codeExample="TD002" nameExample="通达代理" />
      <ProFormText name="region" label="地区" placeholder="选填，例如 兰州市城关区" fieldProps={{ maxLength: 80, autoComplete: 'off' }} />
    </FormModal>
  );
};
