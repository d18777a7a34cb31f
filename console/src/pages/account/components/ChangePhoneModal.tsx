import { Alert, Form, Modal, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, errorMessage, unwrap } from '../../../app/request';
import { CodeField, PhoneField } from '../../../components/PhoneCodeFields';
import { useSmsCode } from '../../../components/SmsCodeInput';

type PhoneForm = { phone: string; code: string };

type Props = {
  open: boolean;
  /** 现在的手机号（没有时为 null）。 */
  current: string | null;
  onClose: () => void;
  onChanged: (phone: string) => void;
};

/** 更换手机号：验证码发到新号码，输入验证码证明号码是本人的。 */
export const ChangePhoneModal = ({ open, current, onClose, onChanged }: Props) => {
  const [form] = Form.useForm<PhoneForm>();
  const [failure, setFailure] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const sender = useSmsCode({
    form,
    onError: setFailure,
    request: (phone) => unwrap(api.POST('/api/auth/phone/code', { body: { phone } })),
  });

  useEffect(() => {
    if (open) {
      form.resetFields();
      setFailure(null);
    }
  }, [open, form]);

  const submit = async (values: PhoneForm) => {
    setSubmitting(true);
    setFailure(null);
    try {
      const result = await unwrap(api.POST('/api/auth/phone', { body: { phone: values.phone, code: values.code } }));
      onChanged(result.phone);
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      title={current ? '更换手机号' : '登记手机号'}
      open={open}
      okText="确认更换"
      cancelText="取消"
      confirmLoading={submitting}
      onOk={() => form.submit()}
      onCancel={onClose}
      // 表单始终挂着，打开时清空上一次的输入。
      forceRender
      width={480}
    >
      {current ? (
        <Typography.Paragraph type="secondary">
          当前手机号 {current}。验证码将发送到新号码，验证通过后，短信验证码登录和找回密码都改用新号码。
        </Typography.Paragraph>
      ) : (
        <Typography.Paragraph type="secondary">验证码将发送到这个号码，验证通过后可用于短信验证码登录和找回密码。</Typography.Paragraph>
      )}
      {failure ? <Alert type="error" showIcon message={failure} role="alert" style={{ marginBottom: 16 }} /> : null}
      <Form<PhoneForm>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(values) => void submit(values)}
        onValuesChange={() => setFailure(null)}
      >
        <PhoneField label="新手机号" />
        <CodeField sender={sender} sentHint="验证码已发送到新号码，5 分钟内有效。" />
      </Form>
    </Modal>
  );
};
