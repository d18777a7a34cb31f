import { ModalForm, ProFormDependency, ProFormSelect, ProFormText, ProFormTextArea } from '@ant-design/pro-components';
import { Alert, App, Typography } from 'antd';
import { useState } from 'react';
import { api, errorMessage, unwrap } from '../../../../app/request';
import { newRequestKey } from '../../../../components/ledger';
import { useSimInfo, useSmsServices } from '../../components/hooks';
import { SmsSizeHint } from '../../components/SmsSizeHint';
import { normalizeMsisdn, SMS_CLASS, SMS_CLASS_OPTIONS, SMS_STATUS, type SmsClass, type SmsMessage } from '../../sms';

type SendValues = {
  to: string;
  text: string;
  class: SmsClass;
  service: string;
};

type SendSmsModalProps = {
  open: boolean;
  onClose: () => void;
  /** 服务端受理后调用（用来刷新列表）。 */
  onDone: (message: SmsMessage) => void;
};

/**
 * 发送一条短信。每次打开挂载一次（父组件用 key 区分），请求编号在挂载时生成：
 * 同一个对话框里重复点“发送”，服务端只发一次。
 */
export const SendSmsModal = ({ open, onClose, onDone }: SendSmsModalProps) => {
  const { message } = App.useApp();
  const [key] = useState(newRequestKey);
  const [failure, setFailure] = useState<string | null>(null);
  const services = useSmsServices();
  const sim = useSimInfo();
  const signature = sim.data?.signature;

  const submit = async (values: SendValues): Promise<boolean> => {
    setFailure(null);
    const to = normalizeMsisdn(values.to);
    if (to === null) {
      return false;
    }
    try {
      const result = await unwrap(
        api.POST('/api/sms/messages', {
          body: { to, text: values.text.trim(), key, class: values.class, service: values.service },
        }),
      );
      const sent = result.message;
      if (result.replay) {
        message.info('这条短信已经提交过，没有重复发送');
      } else if (sent.status === 'blocked') {
        message.warning(`短信未发送（${SMS_STATUS.blocked.label}）：${sent.reason ?? '号码已退订或超过频率上限'}`);
      } else if (sent.reason) {
        message.info(`已受理：${sent.reason}`);
      } else {
        message.success(`已受理，正在发往 ${sent.to}`);
      }
      onDone(sent);
      return true;
    } catch (error) {
      setFailure(errorMessage(error));
      return false;
    }
  };

  return (
    <ModalForm<SendValues>
      title="发送短信"
      name="sendSms"
      open={open}
      width={600}
      layout="horizontal"
      labelCol={{ flex: '84px' }}
      onOpenChange={(next) => {
        if (!next) {
          onClose();
        }
      }}
      modalProps={{ maskClosable: false }}
      initialValues={{ class: 'notice', service: 'platform' }}
      submitter={{ searchConfig: { submitText: '发送', resetText: '取消' } }}
      onFinish={submit}
      onValuesChange={() => setFailure(null)}
    >
      <ProFormText
        name="to"
        label="手机号码"
        placeholder="11 位手机号码，例如 13800138000"
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
      <ProFormTextArea
        name="text"
        label="内容"
        placeholder="短信内容，不用写签名"
        fieldProps={{ maxLength: 1000, autoSize: { minRows: 3, maxRows: 8 } }}
        rules={[{ required: true, whitespace: true, message: '请输入短信内容' }]}
        extra={
          <ProFormDependency name={['text']}>
            {({ text }: { text?: string }) => <SmsSizeHint text={text} signature={signature} />}
          </ProFormDependency>
        }
      />
      <ProFormSelect
        name="class"
        label="类别"
        options={SMS_CLASS_OPTIONS}
        rules={[{ required: true, message: '请选择类别' }]}
        extra={
          <ProFormDependency name={['class']}>
            {({ class: kind }: { class?: SmsClass }) => (kind ? SMS_CLASS[kind].description : null)}
          </ProFormDependency>
        }
      />
      <ProFormSelect
        name="service"
        label="业务"
        options={(services.data ?? []).map((service) => ({ value: service.code, label: `${service.title}（${service.code}）` }))}
        fieldProps={{ loading: services.loading, showSearch: true, optionFilterProp: 'label' }}
        rules={[{ required: true, message: '请选择业务' }]}
        extra="用户按业务退订：退订了这项业务的号码收不到它的通知和营销短信"
      />
      {failure ? <Alert type="error" showIcon message={failure} style={{ marginBottom: 16 }} /> : null}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        请求编号：
        <Typography.Text type="secondary" copyable style={{ fontSize: 12 }}>
          {key}
        </Typography.Text>
        （重复提交不会重复发送）
      </Typography.Text>
    </ModalForm>
  );
};
