import { DownloadOutlined, MobileOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Flex, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, errorMessage, unwrap } from '../../../app/request';
import { useApi } from '../../../components/useApi';
import { roleScope } from '../account';
import { ChangePhoneModal } from './ChangePhoneModal';

/** 基本信息：姓名、账号、角色（及所在范围）、手机号，可通过短信验证码更换手机号。 */
export const ProfileTab = () => {
  const { message } = App.useApp();
  const account = useApi((signal) => unwrap(api.GET('/api/auth/account', { signal })));
  const [changing, setChanging] = useState(false);
  const data = account.data;

  return (
    <Card title="基本信息" loading={account.loading && !data} data-testid="account-profile">
      {account.error ? (
        <Alert type="error" showIcon message="无法获取账户信息" description={errorMessage(account.error)} />
      ) : data ? (
        <Descriptions
          bordered
          column={1}
          size="middle"
          styles={{ label: { width: 140 } }}
          items={[
            { key: 'name', label: '姓名', children: data.name },
            { key: 'login', label: '账号', children: <Typography.Text copyable>{data.login}</Typography.Text> },
            {
              key: 'roles',
              label: '角色',
              children:
                data.roles.length > 0 ? (
                  <Space size={[8, 8]} wrap>
                    {data.roles.map((grant) => (
                      <Tag key={`${grant.role}:${grant.tenantType}:${grant.tenantId}`} color="blue" bordered={false}>
                        {grant.title} · {roleScope(grant)}
                      </Tag>
                    ))}
                  </Space>
                ) : (
                  <Typography.Text type="secondary">未分配角色</Typography.Text>
                ),
            },
            {
              key: 'phone',
              label: '手机号',
              children: (
                <Flex align="center" gap={12} wrap>
                  {data.phone ? (
                    <Typography.Text data-testid="account-phone" style={{ fontVariantNumeric: 'tabular-nums' }}>
                      {data.phone}
                    </Typography.Text>
                  ) : (
                    <Typography.Text type="secondary" data-testid="account-phone">
                      未登记
                    </Typography.Text>
                  )}
                  <Button size="small" icon={<MobileOutlined />} onClick={() => setChanging(true)}>
                    {data.phone ? '更换手机号' : '登记手机号'}
                  </Button>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    用于短信验证码登录和找回密码
                  </Typography.Text>
                </Flex>
              ),
            },
          ]}
        />
      ) : null}
      <Flex align="center" gap={12} wrap style={{ marginTop: 16 }}>
        {/* A plain link: the browser sends the session cookie and saves the attachment. */}
        <Button icon={<DownloadOutlined />} href="/api/auth/my-data" download data-testid="account-my-data">
          下载我的数据
        </Button>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          平台保存的与您有关的全部信息（账号、角色、登录记录、孩子、短信往来、操作记录），JSON 格式
        </Typography.Text>
      </Flex>
      <ChangePhoneModal
        open={changing}
        current={data?.phone ?? null}
        onClose={() => setChanging(false)}
        onChanged={(phone) => {
          setChanging(false);
          message.success(`手机号已更换为 ${phone}`);
          account.reload();
        }}
      />
    </Card>
  );
};
