import { ModalForm, ProForm, ProFormDependency, ProFormSelect, ProFormText, type ProFormInstance } from '@ant-design/pro-components';
import { Alert } from 'antd';
import { useRef, useState } from 'react';
import { api, errorMessage, unwrap } from '../../../../app/request';
import { TenantSelect } from '../../../org/components/TenantSelect';
import {
  DEFAULT_TENANT,
  DEVICE_TYPE_CODES,
  DEVICE_TYPES,
  registerBody,
  TENANT_TYPE_CODES,
  TENANT_TYPES,
  type DeviceType,
  type RegisterDeviceResult,
  type TenantType,
} from '../data';

type RegisterValues = {
  type: DeviceType;
  name: string;
  tenantType: TenantType;
  tenantId?: string;
};

type RegisterDeviceModalProps = {
  open: boolean;
  onClose: () => void;
  /** 注册成功：带着只显示一次的密钥。 */
  onDone: (result: RegisterDeviceResult) => void;
};

const TYPE_OPTIONS = DEVICE_TYPE_CODES.map((code) => ({ value: code, label: `${DEVICE_TYPES[code].label}（${DEVICE_TYPES[code].hint}）` }));
const TENANT_OPTIONS = TENANT_TYPE_CODES.map((code) => ({ value: code, label: TENANT_TYPES[code] }));

/** 注册设备：类型、名称、所属。密钥由服务端生成，注册成功后只显示一次。 */
export const RegisterDeviceModal = ({ open, onClose, onDone }: RegisterDeviceModalProps) => {
  const formRef = useRef<ProFormInstance<RegisterValues>>(undefined);
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async (values: RegisterValues): Promise<boolean> => {
    setFailure(null);
    try {
      const result = await unwrap(api.POST('/api/devices', { body: registerBody(values) }));
      onDone(result);
      return true;
    } catch (error) {
      setFailure(errorMessage(error));
      return false;
    }
  };

  return (
    <ModalForm<RegisterValues>
      title="注册设备"
      name="registerDevice"
      formRef={formRef}
      open={open}
      width={540}
      layout="horizontal"
      labelCol={{ flex: '84px' }}
      onOpenChange={(next) => {
        if (!next) {
          onClose();
        }
      }}
      modalProps={{ maskClosable: false, destroyOnClose: true }}
      initialValues={{ type: 'gate', tenantType: DEFAULT_TENANT.gate }}
      submitter={{ searchConfig: { submitText: '注册', resetText: '取消' } }}
      onFinish={submit}
      onValuesChange={(changed: Partial<RegisterValues>) => {
        setFailure(null);
        // 换了设备类型，所属类型跟着换成最常见的那种（仍可改）。
        if (changed.type) {
          formRef.current?.setFieldsValue({ tenantType: DEFAULT_TENANT[changed.type] });
        }
      }}
    >
      <ProFormSelect name="type" label="设备类型" options={TYPE_OPTIONS} rules={[{ required: true, message: '请选择设备类型' }]} />
      <ProFormText
        name="name"
        label="设备名称"
        placeholder="例如：东门闸机、一号收银台"
        fieldProps={{ maxLength: 40, showCount: true, autoComplete: 'off' }}
        rules={[{ required: true, whitespace: true, message: '请输入设备名称' }]}
      />
      <ProFormSelect name="tenantType" label="所属类型" options={TENANT_OPTIONS} rules={[{ required: true, message: '请选择所属类型' }]} />
      <ProFormDependency name={['tenantType']}>
        {({ tenantType }: Partial<RegisterValues>) =>
          tenantType === 'platform' ? null : (
            <ProForm.Item
              name="tenantId"
              label="所属机构"
              extra="设备代表谁发请求：闸机、电话属于学校，POS 属于营业网点"
              rules={[{ required: true, message: '请选择所属机构' }]}
            >
              {/* The tenant is picked from those that exist (the server checks it too). */}
              <TenantSelect key={tenantType} tenantType={tenantType ?? 'school'} aria-label="所属机构" style={{ width: '100%' }} />
            </ProForm.Item>
          )
        }
      </ProFormDependency>
      {failure ? <Alert type="error" showIcon message={failure} style={{ marginBottom: 16 }} /> : null}
    </ModalForm>
  );
};
