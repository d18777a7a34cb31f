import { ModalForm, ProFormSelect, ProFormText, ProFormTextArea } from '@ant-design/pro-components';
import { Alert, App } from 'antd';
import { useState } from 'react';
import { api, errorMessage, unwrap } from '../../../../app/request';
import { ALL_SERVICES, normalizeMsisdn, type SmsService } from '../../sms';

type OptoutValues = {
  msisdn: string;
  service: string;
  note?: string;
};

type AddOptoutModalProps = {
  open: boolean;
  services: readonly SmsService[];
  servicesLoading: boolean;
  onClose: () => void;
  onDone: () => void;
};

/** 把一个号码加入退订名单：退订某项业务，或退订全部短信（验证码除外）。 */
export const AddOptoutModal = ({ open, services, servicesLoading, onClose, onDone }: AddOptoutModalProps) => {
  const { message } = App.useApp();
  const [failure, setFailure] = useState<string | null>(null);
  const options = [
    { value: ALL_SERVICES, label: '全部短信 *（验证码除外）' },
    ...services.map((service) => ({ value: service.code, label: `${service.title}（${service.code}）` })),
  ];

  const submit = async (values: OptoutValues): Promise<boolean> => {
    setFailure(null);
    const msisdn = normalizeMsisdn(values.msisdn);
    if (msisdn === null) {
      return false;
    }
    const note = values.note?.trim();
    try {
      const result = await unwrap(
        api.POST('/api/sms/optouts', { body: { msisdn, service: values.service, ...(note ? { note } : {}) } }),
      );
      if (result.added) {
        message.success(`已加入退订名单：${msisdn}`);
      } else {
        message.info(`${msisdn} 已经在退订名单里`);
      }
      onDone();
      return true;
    } catch (error) {
      setFailure(errorMessage(error));
      return false;
    }
  };

  return (
    <ModalForm<OptoutValues>
      title="加入退订名单"
      name="addOptout"
      open={open}
      width={520}
      layout="horizontal"
      labelCol={{ flex: '84px' }}
      onOpenChange={(next) => {
        if (!next) {
          onClose();
        }
      }}
      modalProps={{ maskClosable: false }}
      initialValues={{ service: ALL_SERVICES }}
      submitter={{ searchConfig: { submitText: '加入', resetText: '取消' } }}
      onFinish={submit}
      onValuesChange={() => setFailure(null)}
    >
      <ProFormText
        name="msisdn"
        label="手机号码"
        placeholder="11 位手机号码"
        fieldProps={{ maxLength: 20, inputMode: 'numeric', autoComplete: 'off' }}
        rules={[
          { required: true, whitespace: true, message: '请输入手机号码' },
          {
            validator: async (_rule, value: string | undefined) => {
              if (value?.trim() && normalizeMsisdn(value) === null) {
                throw new Error('请输入 11 位大陆手机号码');
              }
            },
          },
        ]}
      />
      <ProFormSelect
        name="service"
        label="退订业务"
        options={options}
        fieldProps={{ loading: servicesLoading, showSearch: true, optionFilterProp: 'label' }}
        rules={[{ required: true, message: '请选择退订的业务' }]}
        extra="退订后，这个号码收不到该业务的通知、服务和营销短信；验证码和对用户短信的回复不受影响"
      />
      <ProFormTextArea
        name="note"
        label="备注"
        placeholder="选填，例如：家长来电要求退订"
        fieldProps={{ maxLength: 200, showCount: true, autoSize: { minRows: 2, maxRows: 4 } }}
      />
      {failure ? <Alert type="error" showIcon message={failure} style={{ marginBottom: 16 }} /> : null}
    </ModalForm>
  );
};
