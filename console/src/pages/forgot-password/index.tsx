/**
 * 找回密码：用登记的手机号获取验证码，输入验证码和自己设的新密码。
 * 密码从不通过短信发送；重设后该账号所有已登录的会话都会退出。
 */
import { LockOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Result, Steps, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, errorMessage, LOGIN_PATH, unwrap } from '../../app/request';
import { AuthLayout } from '../../components/AuthLayout';
import { CodeField, PhoneField } from '../../components/PhoneCodeFields';
import { useSmsCode } from '../../components/SmsCodeInput';
import {
  CODE_PATTERN,
  isStrongPassword,
  PASSWORD_MESSAGE,
  PHONE_PATTERN,
} from '../../components/smsCode';

type ResetForm = {
  phone: string;
  code: string;
  password: string;
  confirm: string;
};

const ForgotPasswordPage = () => {
  const [form] = Form.useForm<ResetForm>();
  const navigate = useNavigate();
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const smsCode = useSmsCode({ purpose: 'reset', form, onError: setFailure });
  const phone = Form.useWatch('phone', form);
  const code = Form.useWatch('code', form);

  useEffect(() => {
    document.title = '找回密码 - 一卡通管理控制台';
  }, []);

  const submit = async (values: ResetForm) => {
    setSubmitting(true);
    setFailure(null);
    try {
      await unwrap(api.POST('/api/auth/reset-password', { body: { phone: values.phone, code: values.code, password: values.password } }));
      setDone(true);
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setSubmitting(false);
    }
  };

  const verified = PHONE_PATTERN.test(phone ?? '') && CODE_PATTERN.test(code ?? '');
  const steps = (
    <Steps
      size="small"
      current={done ? 2 : verified ? 1 : 0}
      style={{ marginBottom: 24 }}
      items={[{ title: '验证手机号' }, { title: '设置新密码' }, { title: '完成' }]}
    />
  );

  if (done) {
    return (
      <AuthLayout title="找回密码">
        {steps}
        <Result
          status="success"
          // 默认 24px 的标题在卡片里会折出孤零零的“退出”两个字。
          title={<span style={{ fontSize: 20 }}>密码已重设，所有已登录的会话已退出</span>}
          subTitle="请使用新密码登录。"
          style={{ padding: '8px 0 0' }}
          extra={
            <Button type="primary" size="large" onClick={() => navigate(LOGIN_PATH, { replace: true })}>
              返回登录
            </Button>
          }
        />
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title="找回密码">
      {steps}
      {failure ? <Alert type="error" showIcon message={failure} role="alert" style={{ marginBottom: 20 }} /> : null}
      <Form<ResetForm>
        form={form}
        layout="vertical"
        size="large"
        requiredMark={false}
        onFinish={(values) => void submit(values)}
        onValuesChange={() => setFailure(null)}
      >
        <PhoneField placeholder="账号登记的 11 位手机号" autoFocus />
        <CodeField sender={smsCode} sentHint="验证码 5 分钟内有效；未登记的号码不会收到短信。" />
        <Form.Item
          label="新密码"
          name="password"
          extra="至少 10 位，同时包含字母和数字"
          rules={[
            { required: true, message: '请输入新密码' },
            {
              validator: async (_rule, value: string | undefined) => {
                if (value && !isStrongPassword(value)) {
                  throw new Error(PASSWORD_MESSAGE);
                }
              },
            },
          ]}
        >
          <Input.Password prefix={<LockOutlined />} placeholder="请输入新密码" autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label="确认新密码"
          name="confirm"
          dependencies={['password']}
          rules={[
            { required: true, message: '请再次输入新密码' },
            ({ getFieldValue }) => ({
              validator: async (_rule, value: string | undefined) => {
                if (value && value !== getFieldValue('password')) {
                  throw new Error('两次输入的密码不一致');
                }
              },
            }),
          ]}
        >
          <Input.Password prefix={<LockOutlined />} placeholder="请再次输入新密码" autoComplete="new-password" />
        </Form.Item>
        <Form.Item style={{ marginBottom: 16 }}>
          <Button type="primary" htmlType="submit" block loading={submitting}>
            重设密码
          </Button>
        </Form.Item>
      </Form>
      <Typography.Paragraph style={{ marginBottom: 8 }}>
        <Link to={LOGIN_PATH}>返回登录</Link>
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginBottom: 0 }}>
        验证码和新密码只在本页面输入，系统不会通过短信发送密码。重设后，该账号所有已登录的会话都会退出。
      </Typography.Paragraph>
    </AuthLayout>
  );
};

export default ForgotPasswordPage;
