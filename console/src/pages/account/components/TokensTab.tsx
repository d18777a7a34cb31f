import { KeyOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Badge, Button, Card, Popconfirm, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { api, errorMessage, unwrap } from '../../../app/request';
import { DateTime } from '../../../components/DateTime';
import { useApi } from '../../../components/useApi';
import type { ApiToken } from '../account';
import { CreateTokenModal } from './CreateTokenModal';
import { NewTokenModal } from './NewTokenModal';

/** API 令牌：供程序以本人的身份和角色调用接口；创建（令牌只显示一次）、查看、吊销。 */
export const TokensTab = () => {
  const { message } = App.useApp();
  const tokens = useApi((signal) => unwrap(api.GET('/api/auth/tokens', { signal })));
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ token: string; item: ApiToken } | null>(null);
  const [revoking, setRevoking] = useState<string | null>(null);

  const revoke = async (token: ApiToken) => {
    setRevoking(token.id);
    try {
      await unwrap(api.DELETE('/api/auth/tokens/{id}', { params: { path: { id: token.id } } }));
      message.success(`已吊销令牌“${token.name}”`);
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setRevoking(null);
      tokens.reload();
    }
  };

  const columns: TableColumnsType<ApiToken> = [
    { title: '名称', dataIndex: 'name', ellipsis: true },
    {
      title: '令牌',
      dataIndex: 'prefix',
      width: 170,
      render: (prefix: string) => <Typography.Text code>{prefix}…</Typography.Text>,
    },
    { title: '创建时间', dataIndex: 'createdAt', width: 172, render: (value: string) => <DateTime value={value} /> },
    {
      title: '最近使用',
      dataIndex: 'lastUsedAt',
      width: 172,
      render: (value: string | null) => <DateTime value={value} empty="从未使用" />,
    },
    { title: '到期时间', dataIndex: 'expiresAt', width: 172, render: (value: string) => <DateTime value={value} /> },
    {
      title: '状态',
      dataIndex: 'status',
      width: 96,
      render: (status: ApiToken['status']) => (status === 'active' ? <Badge status="success" text="有效" /> : <Badge status="default" text="已过期" />),
    },
    {
      title: '操作',
      key: 'action',
      width: 96,
      render: (_, token) => (
        <Popconfirm
          title="吊销令牌"
          description={`使用“${token.name}”的程序将立即无法访问接口，确定吊销？`}
          okText="吊销"
          okButtonProps={{ danger: true }}
          cancelText="取消"
          placement="topRight"
          onConfirm={() => void revoke(token)}
        >
          <Button type="link" size="small" danger loading={revoking === token.id}>
            吊销
          </Button>
        </Popconfirm>
      ),
    },
  ];

  return (
    <Card
      title="API 令牌"
      data-testid="account-tokens"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          创建令牌
        </Button>
      }
    >
      <Alert
        type="info"
        showIcon
        icon={<KeyOutlined />}
        style={{ marginBottom: 16 }}
        message="供程序调用接口使用"
        description={
          <>
            在请求头中带上 <Typography.Text code>Authorization: Bearer 令牌</Typography.Text>
            ，即以你的身份和角色访问接口。令牌只在创建时显示一次，最长有效 1 年；不再使用时请及时吊销。
            令牌不能用来修改密码、管理登录设备或创建新的令牌。
          </>
        }
      />
      {tokens.error ? (
        <Alert type="error" showIcon message="无法获取 API 令牌" description={errorMessage(tokens.error)} />
      ) : (
        <Table<ApiToken>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={tokens.data?.items ?? []}
          loading={tokens.loading}
          pagination={false}
          scroll={{ x: 900 }}
          locale={{ emptyText: '还没有 API 令牌' }}
        />
      )}
      <CreateTokenModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(result) => {
          setCreating(false);
          setCreated(result);
          tokens.reload();
        }}
      />
      <NewTokenModal created={created} onClose={() => setCreated(null)} />
    </Card>
  );
};
