import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { api, errorMessage, safeRedirect, setCsrfToken, unwrap } from '../../app/request';
import { BrandLogo } from '../../components/BrandLogo';

type LoginForm = {
  login: string;
  password: string;
};

const LoginPage = () => {
  const [form] = Form.useForm<LoginForm>();
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    document.title = '登录 - 一卡通管理控制台';
  }, []);

  const submit = async (values: LoginForm) => {
    setSubmitting(true);
    setFailure(null);
    try {
      const session = await unwrap(api.POST('/api/auth/login', { body: { login: values.login.trim(), password: values.password } }));
      setCsrfToken(session.csrfToken);
      navigate(safeRedirect(searchParams.get('redirect')), { replace: true });
    } catch (error) {
      setFailure(errorMessage(error));
      form.setFieldValue('password', '');
      setSubmitting(false);
    }
  };

  return (
    <Flex
      vertical
      align="center"
      justify="center"
      style={{
        minHeight: '100vh',
        padding: '48px 16px',
        background: 'linear-gradient(160deg, #e8f0fe 0%, #f5f8fc 45%, #ffffff 100%)',
      }}
    >
      <Flex vertical align="center" gap={8} style={{ marginBottom: 28 }}>
        <BrandLogo size={48} />
        <Typography.Title level={2} style={{ margin: 0, letterSpacing: 2 }}>
          一卡通
        </Typography.Title>
        <Typography.Text type="secondary">校讯通 · 空中充值 · 校园卡 管理控制台</Typography.Text>
      </Flex>

      <Card style={{ width: '100%', maxWidth: 400, boxShadow: '0 6px 24px rgba(29, 95, 209, 0.08)' }}>
        <Typography.Title level={4} style={{ marginTop: 0, marginBottom: 24 }}>
          账号登录
        </Typography.Title>
        {failure ? (
          <Alert type="error" showIcon message={failure} role="alert" style={{ marginBottom: 20 }} />
        ) : null}
        <Form<LoginForm>
          form={form}
          layout="vertical"
          size="large"
          requiredMark={false}
          onFinish={(values) => void submit(values)}
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
        <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginBottom: 4 }}>
          首次启动时系统会在控制台打印管理员账号和一次性密码，请在服务的启动输出中查看。
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginBottom: 0 }}>
          忘记密码请联系运营商管理员，或由管理员用{' '}
          <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
            yikatong user reset-password
          </Typography.Text>{' '}
          重置。
        </Typography.Paragraph>
      </Card>
    </Flex>
  );
};

export default LoginPage;
