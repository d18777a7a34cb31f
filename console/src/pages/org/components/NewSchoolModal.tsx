import { ModalForm, ProForm, ProFormText } from '@ant-design/pro-components';
import { Alert, App } from 'antd';
import { useState } from 'react';
import { api, errorMessage, unwrap } from '../../../app/request';
import { CODE_MESSAGE, CODE_PATTERN, type School } from '../org';
import { TenantSelect } from './TenantSelect';

type NewSchoolValues = { agencyId?: string; code: string; name: string; district?: string };

type NewSchoolModalProps = {
  open: boolean;
  /** 在代理商页里新建时固定为这个代理商；不给时在表单里选。 */
  agency?: { id: string; name: string };
  /** 可以不选代理商（平台直属的学校，只有运营商管理员可以）。 */
  agencyOptional: boolean;
  onClose: () => void;
  onDone: (school: School) => void;
};

/** 新建学校：属于一个代理商（运营商管理员也可以新建平台直属的学校）。 */
export const NewSchoolModal = ({ open, agency, agencyOptional, onClose, onDone }: NewSchoolModalProps) => {
  const { message } = App.useApp();
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async (values: NewSchoolValues): Promise<boolean> => {
    setFailure(null);
    const agencyId = agency?.id ?? values.agencyId;
    const district = values.district?.trim();
    try {
      const school = await unwrap(
        api.POST('/api/schools', {
          body: { ...(agencyId ? { agencyId } : {}), code: values.code.trim(), name: values.name.trim(), ...(district ? { district } : {}) },
        }),
      );
      message.success(`已新建学校：${school.name}`);
      onDone(school);
      return true;
    } catch (error) {
      setFailure(errorMessage(error));
      return false;
    }
  };

  return (
    <ModalForm<NewSchoolValues>
      title={agency ? `新建学校：${agency.name}` : '新建学校'}
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
        <ProForm.Item
          name="agencyId"
          label="代理商"
          rules={agencyOptional ? [] : [{ required: true, message: '请选择代理商' }]}
          extra={agencyOptional ? '不选则为平台直属的学校' : undefined}
        >
          <TenantSelect tenantType="agency" aria-label="代理商" />
        </ProForm.Item>
      )}
      <ProFormText
        name="code"
        label="编码"
        placeholder="例如 YG002"
        fieldProps={{ maxLength: 32, autoComplete: 'off' }}
        rules={[{ required: true, whitespace: true, message: '请输入编码' }, { pattern: CODE_PATTERN, message: CODE_MESSAGE }]}
        extra="全平台唯一，保存为大写"
      />
      <ProFormText
        name="name"
        label="名称"
        placeholder="例如 阳光小学"
        fieldProps={{ maxLength: 40, autoComplete: 'off' }}
        rules={[{ required: true, whitespace: true, message: '请输入学校名称' }]}
      />
      <ProFormText name="district" label="区县" placeholder="选填，例如 城关区" fieldProps={{ maxLength: 80, autoComplete: 'off' }} />
      {failure ? <Alert type="error" showIcon message={failure} /> : null}
    </ModalForm>
  );
};
