import { ReloadOutlined, RightOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { Alert, Badge, Button, Card, Col, Descriptions, Flex, Row, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link, Navigate } from 'react-router-dom';
import { roleNames } from '../../app/access';
import { api, errorMessage, unwrap } from '../../app/request';
import { pageRoutes, visibleRoutes } from '../../app/routes';
import { useSession } from '../../app/session';
import { BUSINESS_TIMEZONE, DateTime } from '../../components/DateTime';
import { databaseLabel, formatUptime, timezoneLabel } from '../../components/system';
import { useApi } from '../../components/useApi';
import { RoleOverview } from '../org/components/RoleOverview';

/** 按北京时间问候。 */
const greeting = (): string => {
  const hour = dayjs().tz(BUSINESS_TIMEZONE).hour();
  if (hour < 5) {
    return '夜深了';
  }
  if (hour < 11) {
    return '早上好';
  }
  if (hour < 13) {
    return '中午好';
  }
  if (hour < 18) {
    return '下午好';
  }
  return '晚上好';
};

const SystemStatusCard = () => {
  const info = useApi((signal) => unwrap(api.GET('/api/system/info', { signal })));
  return (
    <Card
      title="系统状态"
      extra={
        <Button type="text" size="small" icon={<ReloadOutlined />} onClick={info.reload} loading={info.loading}>
          刷新
        </Button>
      }
      loading={info.loading && !info.data}
      style={{ height: '100%' }}
    >
      {info.error ? (
        <Alert type="error" showIcon message="无法获取系统状态" description={errorMessage(info.error)} />
      ) : info.data ? (
        <Descriptions
          column={1}
          size="small"
          styles={{ label: { width: 96 } }}
          items={[
            { key: 'status', label: '服务状态', children: <Badge status="success" text="运行正常" /> },
            { key: 'version', label: '版本', children: info.data.version },
            { key: 'database', label: '数据库', children: databaseLabel(info.data.database) },
            { key: 'timezone', label: '业务时区', children: timezoneLabel(info.data.businessTimezone) },
            { key: 'now', label: '服务器时间', children: <DateTime value={info.data.now} /> },
            { key: 'uptime', label: '已运行', children: formatUptime(info.data.startedAt, info.data.now) },
          ]}
        />
      ) : null}
    </Card>
  );
};

const HomePage = () => {
  const { user } = useSession();
  const roles = roleNames(user);
  // 快捷入口：除首页和隐藏页面（如带参数的详情页）外，当前用户能进入的所有页面。
  const links = pageRoutes(visibleRoutes(user)).filter((route) => route.path !== '/' && !route.hideInMenu);

  // 只是家长的用户（多在手机上）登录后直接进家长网校。
  if (user.roles.length > 0 && user.roles.every((grant) => grant.role === 'guardian')) {
    return <Navigate to="/portal" replace />;
  }

  return (
    <PageContainer>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Flex vertical gap={16}>
            <Card>
              <Typography.Title level={3} style={{ marginTop: 0 }}>
                {greeting()}，{user.name}
              </Typography.Title>
              <Typography.Paragraph type="secondary">欢迎使用一卡通管理控制台。</Typography.Paragraph>
              <Space size={[8, 8]} wrap>
                <Typography.Text type="secondary">账号：{user.login}</Typography.Text>
                <Typography.Text type="secondary">角色：</Typography.Text>
                {roles.length > 0 ? (
                  roles.map((role) => (
                    <Tag key={role} color="blue" bordered={false}>
                      {role}
                    </Tag>
                  ))
                ) : (
                  <Tag bordered={false}>未分配角色</Tag>
                )}
              </Space>
            </Card>
            <RoleOverview />
            {links.length > 0 ? (
              <Card title="常用功能">
                <Row gutter={[12, 12]}>
                  {links.map((route) => (
                    <Col xs={24} sm={12} key={route.path}>
                      <Link to={route.path}>
                        <Card size="small" hoverable>
                          <Flex align="center" gap={12}>
                            <Typography.Text style={{ fontSize: 20, color: '#1d5fd1' }}>{route.icon}</Typography.Text>
                            <Flex vertical style={{ flex: 1, minWidth: 0 }}>
                              <Typography.Text strong>{route.name}</Typography.Text>
                              <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>
                                {route.description}
                              </Typography.Text>
                            </Flex>
                            <RightOutlined style={{ color: 'rgba(0, 0, 0, 0.25)' }} />
                          </Flex>
                        </Card>
                      </Link>
                    </Col>
                  ))}
                </Row>
              </Card>
            ) : null}
          </Flex>
        </Col>
        <Col xs={24} lg={10}>
          <SystemStatusCard />
        </Col>
      </Row>
    </PageContainer>
  );
};

export default HomePage;
