import { ModalForm, ProFormText } from '@ant-design/pro-components';
import { Alert, App } from 'antd';
import { useState } from 'react';
import { api, errorMessage, unwrap } from '../../../app/request';
import { CODE_MESSAGE, CODE_PATTERN, type Agency } from '../org';

type NewAgencyValues = { code: string; name: string; region?: string };

type NewAgencyModalProps = {
  open: boolean;
  onClose: () => void;
  onDone: (agency: Agency) => void;
};

/** 新建代理商（运营商管理员）。代理商的人员在“人员与角色”里添加。 */
export const NewAgencyModal = ({ open, onClose, onDone }: NewAgencyModalProps) => {
  const { message } = App.useApp();
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async (values: NewAgencyValues): Promise<boolean> => {
    setFailure(null);
    const region = values.region?.trim();
    try {
      const agency = await unwrap(
        api.POST('/api/agencies', { body: { code: values.code.trim(), name: values.name.trim(), ...(region ? { region } : {}) } }),
      );
      message.success(`已新建代理商：${agency.name}`);
      onDone(agency);
      return true;
    } catch (error) {
      setFailure(errorMessage(error));
      return false;
    }
  };

  return (
    <ModalForm<NewAgencyValues>
      title="新建代理商"
      open={open}
      width={520}
      layout="horizontal"
      labelCol={{ flex: '72px' }}
      onOpenChange={(next) => {
        if (!next) {
          onClose();
        }
      }}
      modalProps={{ maskClosable: false }}
      submitter={{ searchConfig: { submitText: '新建', resetText: '取消' } }}
      onValuesChange={() => setFailure(null)}
      onFinish={submit}
    >
      <ProFormText
        name="code"
        label="编码"
        placeholder="例如 TD002"
        fieldProps={{ maxLength: 32, autoComplete: 'off' }}
        rules={[{ required: true, whitespace: true, message: '请输入编码' }, { pattern: CODE_PATTERN, message: CODE_MESSAGE }]}
        extra="全平台唯一，保存为大写"
      />
      <ProFormText
        name="name"
        label="名称"
        placeholder="例如 通达代理"
        fieldProps={{ maxLength: 40, autoComplete: 'off' }}
        rules={[{ required: true, whitespace: true, message: '请输入名称' }]}
      />
      <ProFormText name="region" label="地区" placeholder="选填，例如 兰州市城关区" fieldProps={{ maxLength: 80, autoComplete: 'off' }} />
      {failure ? <Alert type="error" showIcon message={failure} /> : null}
    </ModalForm>
  );
};
