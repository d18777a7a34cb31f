import { LockOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { api, errorMessage, unwrap } from '../../../app/request';
import { isStrongPassword, PASSWORD_MESSAGE } from '../../../components/smsCode';

type PasswordForm = { currentPassword: string; newPassword: string; confirm: string };

/** 修改密码：要当前密码；成功后本设备保持登录，其他设备下线。 */
export const PasswordTab = () => {
  const [form] = Form.useForm<PasswordForm>();
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState<number | null>(null);

  const submit = async (values: PasswordForm) => {
    setSubmitting(true);
    setFailure(null);
    setDone(null);
    try {
      const result = await unwrap(
        api.POST('/api/auth/password', { body: { currentPassword: values.currentPassword, newPassword: values.newPassword } }),
      );
      setDone(result.sessionsEnded);
      form.resetFields();
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Card title="修改密码" data-testid="account-password">
      <div style={{ maxWidth: 480 }}>
        <Typography.Paragraph type="secondary">
          修改后，本设备保持登录，其他设备上的登录将全部下线。API 令牌不受影响，如需停用请到“API 令牌”中吊销。
        </Typography.Paragraph>
        {done !== null ? (
          <Alert
            type="success"
            showIcon
            role="status"
            message="密码已修改"
            description={done > 0 ? `其他 ${done} 个登录设备已下线。` : '没有其他登录设备。'}
            style={{ marginBottom: 20 }}
          />
        ) : null}
        {failure ? <Alert type="error" showIcon message={failure} role="alert" style={{ marginBottom: 20 }} /> : null}
        <Form<PasswordForm>
          form={form}
          layout="vertical"
          requiredMark={false}
          onFinish={(values) => void submit(values)}
          onValuesChange={() => setFailure(null)}
        >
          <Form.Item label="当前密码" name="currentPassword" rules={[{ required: true, message: '请输入当前密码' }]}>
            <Input.Password prefix={<LockOutlined />} placeholder="请输入当前密码" autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            label="新密码"
            name="newPassword"
            extra="至少 10 位，同时包含字母和数字"
            dependencies={['currentPassword']}
            rules={[
              { required: true, message: '请输入新密码' },
              ({ getFieldValue }) => ({
                validator: async (_rule, value: string | undefined) => {
                  if (value && !isStrongPassword(value)) {
                    throw new Error(PASSWORD_MESSAGE);
                  }
                  if (value && value === getFieldValue('currentPassword')) {
                    throw new Error('新密码不能与当前密码相同');
                  }
                },
              }),
            ]}
          >
            <Input.Password prefix={<LockOutlined />} placeholder="请输入新密码" autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            label="确认新密码"
            name="confirm"
            dependencies={['newPassword']}
            rules={[
              { required: true, message: '请再次输入新密码' },
              ({ getFieldValue }) => ({
                validator: async (_rule, value: string | undefined) => {
                  if (value && value !== getFieldValue('newPassword')) {
                    throw new Error('两次输入的密码不一致');
                  }
                },
              }),
            ]}
          >
            <Input.Password prefix={<LockOutlined />} placeholder="请再次输入新密码" autoComplete="new-password" />
          </Form.Item>
          <Form.Item style={{ marginBottom: 0 }}>
            <Button type="primary" htmlType="submit" loading={submitting}>
              修改密码
            </Button>
          </Form.Item>
        </Form>
      </div>
    </Card>
  );
};
