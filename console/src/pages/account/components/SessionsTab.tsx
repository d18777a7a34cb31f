import { DesktopOutlined, LogoutOutlined, MobileOutlined, QuestionOutlined, ReloadOutlined, TabletOutlined, CodeOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Popconfirm, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, errorMessage, isUnauthorized, LOGIN_PATH, setCsrfToken, unwrap } from '../../../app/request';
import { DateTime } from '../../../components/DateTime';
import { useApi } from '../../../components/useApi';
import { describeUserAgent, type AccountSession, type DeviceKind } from '../account';

const DEVICE_ICONS: Record<DeviceKind, ReactNode> = {
  desktop: <DesktopOutlined />,
  mobile: <MobileOutlined />,
  tablet: <TabletOutlined />,
  program: <CodeOutlined />,
  unknown: <QuestionOutlined />,
};

/** 登录设备：我的有效会话；让一个设备下线，或退出所有设备（包括本设备，随后回到登录页）。 */
export const SessionsTab = () => {
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const sessions = useApi((signal) => unwrap(api.GET('/api/auth/sessions', { signal })));
  const [ending, setEnding] = useState<string | null>(null);

  const backToLogin = () => {
    setCsrfToken(null);
    navigate(LOGIN_PATH, { replace: true });
  };

  const end = async (session: AccountSession) => {
    setEnding(session.id);
    try {
      const result = await unwrap(api.DELETE('/api/auth/sessions/{id}', { params: { path: { id: session.id } } }));
      if (result.current) {
        backToLogin();
        return;
      }
      message.success('该设备已下线');
      sessions.reload();
    } catch (error) {
      message.error(errorMessage(error));
      sessions.reload();
    } finally {
      setEnding(null);
    }
  };

  const logOutEverywhere = () => {
    modal.confirm({
      title: '退出所有设备？',
      content: '包括本设备在内，你在所有设备上的登录都会下线，需要重新登录。API 令牌不受影响。',
      okText: '全部退出',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: async () => {
        try {
          await unwrap(api.POST('/api/auth/logout-all'));
        } catch (error) {
          if (!isUnauthorized(error)) {
            message.error(errorMessage(error));
            return;
          }
        }
        backToLogin();
      },
    });
  };

  const columns: TableColumnsType<AccountSession> = [
    {
      title: '设备',
      key: 'device',
      render: (_, session) => {
        const device = describeUserAgent(session.userAgent);
        return (
          <Space size={8}>
            <span style={{ color: '#1d5fd1' }}>{DEVICE_ICONS[device.kind]}</span>
            <Tooltip title={session.userAgent ?? '未知'}>
              <span>{device.label}</span>
            </Tooltip>
            {session.current ? (
              <Tag color="green" bordered={false}>
                当前
              </Tag>
            ) : null}
          </Space>
        );
      },
    },
    { title: 'IP 地址', dataIndex: 'ip', width: 150, render: (ip: string | null) => ip ?? '—' },
    { title: '登录时间', dataIndex: 'createdAt', width: 172, render: (value: string) => <DateTime value={value} /> },
    { title: '最近活动', dataIndex: 'lastSeenAt', width: 172, render: (value: string) => <DateTime value={value} /> },
    {
      title: (
        <Tooltip title="空闲 2 小时或登录满 12 小时后自动下线，取先到者">
          <span>自动下线时间</span>
        </Tooltip>
      ),
      dataIndex: 'expiresAt',
      width: 172,
      render: (value: string) => <DateTime value={value} />,
    },
    {
      title: '操作',
      key: 'action',
      width: 96,
      render: (_, session) => (
        <Popconfirm
          title={session.current ? '退出本设备' : '让该设备下线'}
          description={session.current ? '退出后需要重新登录。' : '该设备上的登录将立即失效。'}
          okText={session.current ? '退出' : '下线'}
          okButtonProps={{ danger: true }}
          cancelText="取消"
          placement="topRight"
          onConfirm={() => void end(session)}
        >
          <Button type="link" size="small" danger loading={ending === session.id}>
            {session.current ? '退出' : '下线'}
          </Button>
        </Popconfirm>
      ),
    },
  ];

  return (
    <Card
      title="登录设备"
      data-testid="account-sessions"
      extra={
        <Flex gap={8}>
          <Button icon={<ReloadOutlined />} onClick={sessions.reload} loading={sessions.loading}>
            刷新
          </Button>
          <Button danger icon={<LogoutOutlined />} onClick={logOutEverywhere}>
            退出所有设备
          </Button>
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary">
        以下是正在登录你账号的设备（浏览器）。如有不认识的设备，请立即让它下线并修改密码。
      </Typography.Paragraph>
      {sessions.error ? (
        <Alert type="error" showIcon message="无法获取登录设备" description={errorMessage(sessions.error)} />
      ) : (
        <Table<AccountSession>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={sessions.data?.items ?? []}
          loading={sessions.loading}
          pagination={false}
          scroll={{ x: 900 }}
        />
      )}
    </Card>
  );
};
