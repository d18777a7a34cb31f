import { ApiOutlined, DashboardOutlined, ExportOutlined, ReloadOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { Alert, Button, Card, Col, Descriptions, Flex, Row, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { api, errorMessage, unwrap } from '../../../app/request';
import { DateTime } from '../../../components/DateTime';
import { databaseLabel, formatUptime, timezoneLabel } from '../../../components/system';
import { useApi } from '../../../components/useApi';

type OpsLinkProps = {
  href: string;
  icon: ReactNode;
  title: string;
  description: string;
};

const OpsLink = ({ href, icon, title, description }: OpsLinkProps) => (
  <a href={href} target="_blank" rel="noopener noreferrer">
    <Card size="small" hoverable>
      <Flex align="center" gap={12}>
        <span style={{ fontSize: 22, color: '#1d5fd1' }}>{icon}</span>
        <Flex vertical style={{ flex: 1, minWidth: 0 }}>
          <Typography.Text strong>{title}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {description}
          </Typography.Text>
        </Flex>
        <ExportOutlined style={{ color: 'rgba(0, 0, 0, 0.35)' }} />
      </Flex>
    </Card>
  </a>
);

/** 系统管理 › 系统信息：版本、数据库、时区，以及接口文档和监控指标的入口。 */
const SystemPage = () => {
  const info = useApi((signal) => unwrap(api.GET('/api/system/info', { signal })));
  const data = info.data;

  return (
    <PageContainer
      extra={
        <Button icon={<ReloadOutlined />} onClick={info.reload} loading={info.loading}>
          刷新
        </Button>
      }
    >
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Card title="运行信息" loading={info.loading && !data}>
            {info.error ? (
              <Alert type="error" showIcon message="无法获取系统信息" description={errorMessage(info.error)} />
            ) : data ? (
              <Descriptions
                bordered
                column={1}
                size="middle"
                styles={{ label: { width: 140 } }}
                items={[
                  { key: 'name', label: '系统名称', children: data.name },
                  { key: 'version', label: '版本', children: <Tag color="blue">{data.version}</Tag> },
                  { key: 'database', label: '数据库', children: databaseLabel(data.database) },
                  { key: 'timezone', label: '业务时区', children: timezoneLabel(data.businessTimezone) },
                  { key: 'now', label: '服务器时间', children: <DateTime value={data.now} /> },
                  {
                    key: 'startedAt',
                    label: '启动时间',
                    children: (
                      <Flex gap={8} wrap>
                        <DateTime value={data.startedAt} />
                        <Typography.Text type="secondary">（已运行 {formatUptime(data.startedAt, data.now)}）</Typography.Text>
                      </Flex>
                    ),
                  },
                ]}
              />
            ) : null}
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Card title="运维入口">
            <Flex vertical gap={12}>
              <OpsLink href="/docs" icon={<ApiOutlined />} title="接口文档" description="OpenAPI 接口说明，可在线调试" />
              <OpsLink
                href="/metrics"
                icon={<DashboardOutlined />}
                title="监控指标"
                description="Prometheus 格式的运行指标，供监控系统采集"
              />
            </Flex>
          </Card>
        </Col>
      </Row>
    </PageContainer>
  );
};

export default SystemPage;
