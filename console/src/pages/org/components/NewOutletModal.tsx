import { ModalForm, ProForm, ProFormText } from '@ant-design/pro-components';
import { Alert, App } from 'antd';
import { useState } from 'react';
import { api, errorMessage, unwrap } from '../../../app/request';
import { CODE_MESSAGE, CODE_PATTERN, type Outlet } from '../org';
import { TenantSelect } from './TenantSelect';

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
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async (values: NewOutletValues): Promise<boolean> => {
    setFailure(null);
    const agencyId = agency?.id ?? values.agencyId;
    if (!agencyId) {
      return false;
    }
    const address = values.address?.trim();
    try {
      const outlet = await unwrap(
        api.POST('/api/outlets', {
          body: { agencyId, code: values.code.trim(), name: values.name.trim(), ...(address ? { address } : {}) },
        }),
      );
      message.success(`已新建网点：${outlet.name}`);
      onDone(outlet);
      return true;
    } catch (error) {
      setFailure(errorMessage(error));
      return false;
    }
  };

  return (
    <ModalForm<NewOutletValues>
      title={agency ? `新建网点：${agency.name}` : '新建网点'}
      open={open}
      width={560}
      layout="horizontal"
      labelCol={{ flex: '84px' }}
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
      {agency ? null : (
        <ProForm.Item name="agencyId" label="代理商" rules={[{ required: true, message: '请选择代理商' }]}>
          <TenantSelect tenantType="agency" aria-label="代理商" />
        </ProForm.Item>
      )}
      <ProFormText
        name="code"
        label="编码"
        placeholder="例如 CG002"
        fieldProps={{ maxLength: 32, autoComplete: 'off' }}
        rules={[{ required: true, whitespace: true, message: '请输入编码' }, { pattern: CODE_PATTERN, message: CODE_MESSAGE }]}
        extra="全平台唯一，保存为大写"
      />
      <ProFormText
        name="name"
        label="名称"
        placeholder="例如 城关二店"
        fieldProps={{ maxLength: 40, autoComplete: 'off' }}
        rules={[{ required: true, whitespace: true, message: '请输入名称' }]}
      />
      <ProFormText name="address" label="地址" placeholder="选填" fieldProps={{ maxLength: 120, autoComplete: 'off' }} />
      <Alert type="info" showIcon message="新建后自动开立网点的预存款账户，余额为 0。" style={{ marginBottom: failure ? 16 : 0 }} />
      {failure ? <Alert type="error" showIcon message={failure} /> : null}
    </ModalForm>
  );
};
