import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Tabs, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import type { paths } from '../../api/schema';
import { api, errorMessage, FORGOT_PASSWORD_PATH, safeRedirect, setCsrfToken, unwrap } from '../../app/request';
import { AuthLayout } from '../../components/AuthLayout';
import { CodeField, PhoneField } from '../../components/PhoneCodeFields';
import { useSmsCode } from '../../components/SmsCodeInput';

type PasswordForm = {
  login: string;
  password: string;
};

type SmsForm = {
  phone: string;
  code: string;
};

type LoginMethod = 'password' | 'sms';

type LoginResult = paths['/api/auth/login']['post']['responses'][200]['content']['application/json'];

const LoginPage = () => {
  const [passwordForm] = Form.useForm<PasswordForm>();
  const [smsForm] = Form.useForm<SmsForm>();
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  const [method, setMethod] = useState<LoginMethod>('password');
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const smsCode = useSmsCode({ purpose: 'login', form: smsForm, onError: setFailure });

  useEffect(() => {
    document.title = '登录 - 一卡通管理控制台';
  }, []);

  /** 两种登录方式共用：成功进入控制台；失败显示服务端的原因（含锁定到几点），清空密码或验证码。 */
  const logIn = async (pending: Promise<LoginResult>, clear: () => void) => {
    setSubmitting(true);
    setFailure(null);
    try {
      const session = await pending;
      setCsrfToken(session.csrfToken);
      navigate(safeRedirect(searchParams.get('redirect')), { replace: true });
    } catch (error) {
      setFailure(errorMessage(error));
      clear();
      setSubmitting(false);
    }
  };

  const submitPassword = (values: PasswordForm) =>
    logIn(unwrap(api.POST('/api/auth/login', { body: { login: values.login.trim(), password: values.password } })), () =>
      passwordForm.setFieldValue('password', ''),
    );

  const submitSms = (values: SmsForm) =>
    logIn(unwrap(api.POST('/api/auth/login-sms', { body: { phone: values.phone, code: values.code } })), () =>
      smsForm.setFieldValue('code', ''),
    );

  const alert = failure ? <Alert type="error" showIcon message={failure} role="alert" style={{ marginBottom: 20 }} /> : null;

  const passwordPane = (
    <>
      {method === 'password' ? alert : null}
      <Form<PasswordForm>
        form={passwordForm}
        layout="vertical"
        size="large"
        requiredMark={false}
        onFinish={(values) => void submitPassword(values)}
        onValuesChange={() => setFailure(null)}
      >
        <Form.Item label="账号" name="login" rules={[{ required: true, whitespace: true, message: '请输入账号' }]}>
          <Input prefix={<UserOutlined />} placeholder="请输入账号" autoComplete="username" autoFocus />
        </Form.Item>
        <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
          <Input.Password prefix={<LockOutlined />} placeholder="请输入密码" autoComplete="current-password" />
        </Form.Item>
        <Form.Item style={{ marginBottom: 16 }}>
          <Button type="primary" htmlType="submit" block loading={submitting}>
            登录
          </Button>
        </Form.Item>
      </Form>
    </>
  );

  const smsPane = (
    <>
      {method === 'sms' ? alert : null}
      <Form<SmsForm>
        form={smsForm}
        layout="vertical"
        size="large"
        requiredMark={false}
        onFinish={(values) => void submitSms(values)}
        onValuesChange={() => setFailure(null)}
      >
        <PhoneField autoFocus />
        <CodeField sender={smsCode} sentHint="验证码 5 分钟内有效；未登记的号码不会收到短信。" />
        <Form.Item style={{ marginBottom: 16 }}>
          <Button type="primary" htmlType="submit" block loading={submitting}>
            登录
          </Button>
        </Form.Item>
      </Form>
    </>
  );

  return (
    <AuthLayout>
      <Tabs
        activeKey={method}
        onChange={(key) => {
          setMethod(key as LoginMethod);
          setFailure(null);
        }}
        size="large"
        style={{ marginTop: -8 }}
        items={[
          { key: 'password', label: '账号密码', children: passwordPane },
          { key: 'sms', label: '短信验证码', children: smsPane },
        ]}
      />
      <Typography.Paragraph style={{ marginBottom: 8 }}>
        <Link to={FORGOT_PASSWORD_PATH}>忘记密码？</Link>
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginBottom: 4 }}>
        验证码和新密码只在本页面输入，系统不会通过短信发送密码。
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginBottom: 0 }}>
        首次启动时系统会在控制台打印管理员账号和一次性密码，请在服务的启动输出中查看。
      </Typography.Paragraph>
    </AuthLayout>
  );
};

export default LoginPage;
