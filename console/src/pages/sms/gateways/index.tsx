import { ReloadOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { Alert, Badge, Button, Card, Col, Descriptions, Empty, Flex, Progress, Row, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { api, errorMessage, unwrap } from '../../../app/request';
import { DateTime, formatDateTime } from '../../../components/DateTime';
import { usePolling } from '../../../components/usePolling';
import { useApi } from '../../../components/useApi';
import {
  carrierLabel,
  connectionStateLook,
  gatewayKindLabel,
  gatewayStateLook,
  type Gateway,
  type GatewayConnection,
} from '../sms';

/** 每 5 秒刷新一次。 */
const REFRESH_MS = 5000;

const connectionColumns: TableColumnsType<GatewayConnection> = [
  {
    title: '连接',
    dataIndex: 'id',
    width: 72,
    render: (id: number) => `#${id}`,
  },
  {
    title: '状态',
    dataIndex: 'state',
    render: (state: string) => {
      const look = connectionStateLook(state);
      return <Badge status={look.badge} text={look.label} />;
    },
  },
  {
    title: '窗口占用',
    key: 'window',
    width: 200,
    render: (_: unknown, connection) =>
      connection.window > 0 ? (
        <Flex align="center" gap={8}>
          <Progress
            percent={Math.round((connection.windowInUse / connection.window) * 100)}
            showInfo={false}
            size="small"
            status={connection.windowInUse >= connection.window ? 'exception' : 'normal'}
            style={{ flex: 1, margin: 0 }}
          />
          <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
            {connection.windowInUse} / {connection.window}
          </span>
        </Flex>
      ) : (
        <Typography.Text type="secondary">不限</Typography.Text>
      ),
  },
];

const GatewayCard = ({ gateway }: { gateway: Gateway }) => {
  const state = gatewayStateLook(gateway.state);
  return (
    <Card
      data-testid="gateway"
      title={
        <Space size={8}>
          <span>{gateway.name}</span>
          <Tag bordered={false} color="blue">
            {gatewayKindLabel(gateway.kind)}
          </Tag>
        </Space>
      }
      extra={<Badge status={state.badge} text={state.label} />}
      style={{ height: '100%' }}
    >
      <Flex vertical gap={16}>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, md: 2, lg: 2, xl: 2, xxl: 2 }}
          items={[
            {
              key: 'url',
              label: '地址',
              span: 2,
              children: (
                <Typography.Text code copyable={{ text: gateway.url }} style={{ wordBreak: 'break-all' }}>
                  {gateway.url}
                </Typography.Text>
              ),
            },
            {
              key: 'carriers',
              label: '路由运营商',
              span: 2,
              children:
                gateway.carriers.length > 0 ? (
                  <Space size={[4, 4]} wrap>
                    {gateway.carriers.map((carrier) => (
                      <Tag key={carrier} bordered={false}>
                        {carrierLabel(carrier)}
                      </Tag>
                    ))}
                  </Space>
                ) : (
                  <Typography.Text type="secondary">—</Typography.Text>
                ),
            },
            {
              key: 'rate',
              label: '速率上限',
              children: gateway.rate === null ? '不限' : `每连接 ${gateway.rate} 条/秒`,
            },
            {
              key: 'submitted',
              label: '已提交',
              children: <span style={{ fontVariantNumeric: 'tabular-nums' }}>{gateway.submitted} 段</span>,
            },
            {
              key: 'error',
              label: '最近错误',
              span: 2,
              children: gateway.lastError ? (
                <Flex vertical>
                  <Typography.Text type="danger">{gateway.lastError}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    <DateTime value={gateway.lastErrorAt} />
                  </Typography.Text>
                </Flex>
              ) : (
                <Typography.Text type="secondary">无</Typography.Text>
              ),
            },
          ]}
        />
        <Table<GatewayConnection>
          rowKey="id"
          size="small"
          columns={connectionColumns}
          dataSource={gateway.connections}
          pagination={false}
          locale={{ emptyText: '没有连接' }}
        />
      </Flex>
    </Card>
  );
};

/** 短信中心 › 网关状态：每个短信网关的连接、窗口占用、速率、已提交数和最近错误，每 5 秒刷新。 */
const GatewaysPage = () => {
  const gateways = useApi((signal) => unwrap(api.GET('/api/sms/gateways', { signal })));
  const [checkedAt, setCheckedAt] = useState<string | null>(null);
  usePolling(gateways.reload, REFRESH_MS);
  const items = gateways.data?.items;
  // 记下最近一次成功刷新的时间。
  useEffect(() => {
    if (items) {
      setCheckedAt(new Date().toISOString());
    }
  }, [items]);

  return (
    <PageContainer
      content="平台连接的短信网关（环境变量 SMS_GATEWAY）。各运营商的号码按路由表发往对应网关。"
      extra={[
        <Typography.Text key="at" type="secondary" style={{ fontSize: 12 }}>
          每 5 秒自动刷新{checkedAt ? `，更新于 ${formatDateTime(checkedAt)?.slice(11)}` : ''}
        </Typography.Text>,
        <Button key="reload" icon={<ReloadOutlined />} onClick={gateways.reload}>
          刷新
        </Button>,
      ]}
    >
      {gateways.error ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          message="无法获取网关状态"
          description={errorMessage(gateways.error)}
        />
      ) : null}
      {items === undefined ? (
        <Card loading />
      ) : items.length === 0 ? (
        <Card>
          <Empty description="没有配置短信网关" />
        </Card>
      ) : (
        <Row gutter={[16, 16]}>
          {items.map((gateway) => (
            <Col xs={24} xl={items.length > 1 ? 12 : 24} key={gateway.name}>
              <GatewayCard gateway={gateway} />
            </Col>
          ))}
        </Row>
      )}
    </PageContainer>
  );
};

export default GatewaysPage;
