import { CheckCircleFilled, CloseCircleFilled, SafetyCertificateOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { Alert, Button, Card, Col, Flex, List, Result, Row, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, errorMessage, unwrap } from '../../../app/request';
import { formatDateTime } from '../../../components/DateTime';
import type { VerifyReport } from '../../../components/ledger';
import { MoneyText } from '../../../components/MoneyText';

type Fault = VerifyReport['faults'][number];
type CurrencySum = VerifyReport['currencies'][number];

/** 核验项目：代码 → 中文名和说明。 */
const CHECKS: Record<string, { label: string; description: string }> = {
  balance_sum: { label: '借贷平衡', description: '同一币种所有账户的余额之和为 0' },
  account_vs_journal: { label: '余额与流水一致', description: '每个账户记录的余额等于它全部流水之和' },
  negative: { label: '无透支', description: '不可透支的账户没有低于允许的最低余额' },
  id_gap: { label: '编号连续', description: '交易编号从 1 开始连续，没有缺号' },
  hash_chain: { label: '哈希链完整', description: '每笔交易与哈希链相符，没有被改动' },
  head: { label: '链头一致', description: '链头记录与最后一笔交易相符' },
};

const checkLabel = (check: string): string => CHECKS[check]?.label ?? check;

const CURRENCY_NAMES: Record<string, string> = { CNY: '人民币（CNY）' };

const currencyColumns = [
  {
    title: '币种',
    dataIndex: 'currency',
    render: (currency: string) => CURRENCY_NAMES[currency] ?? currency,
  },
  {
    title: '已入账余额合计',
    dataIndex: 'posted',
    align: 'right' as const,
    render: (fen: number) => <MoneyText fen={fen} />,
  },
  {
    title: '冻结合计',
    dataIndex: 'pending',
    align: 'right' as const,
    render: (fen: number) => <MoneyText fen={fen} />,
  },
  {
    title: '结果',
    key: 'result',
    width: 100,
    render: (_: unknown, sum: CurrencySum) =>
      sum.posted === 0 && sum.pending === 0 ? <Tag color="success">平衡</Tag> : <Tag color="error">不平衡</Tag>,
  },
];

const FaultItem = ({ fault }: { fault: Fault }) => (
  <List.Item>
    <Flex vertical gap={4} style={{ width: '100%' }}>
      <Flex gap={8} align="center" wrap>
        <Tag color="error">{checkLabel(fault.check)}</Tag>
        {fault.transferId !== undefined ? <Typography.Text type="secondary">交易 #{fault.transferId}</Typography.Text> : null}
        {fault.accountId !== undefined ? (
          <Link to={`/ledger/accounts/${encodeURIComponent(fault.accountId)}`}>查看账户</Link>
        ) : null}
      </Flex>
      <Typography.Text type="danger">{fault.message}</Typography.Text>
    </Flex>
  </List.Item>
);

const Report = ({ report, checkedAt }: { report: VerifyReport; checkedAt: string }) => (
  <Flex vertical gap={16}>
    {report.ok ? (
      <Result
        status="success"
        title="通过"
        subTitle={`${formatDateTime(checkedAt)} 核验：账务数据完整、借贷平衡，没有发现问题。`}
        style={{ paddingBlock: 24 }}
      />
    ) : (
      <Result
        status="error"
        title="未通过"
        subTitle={`${formatDateTime(checkedAt)} 核验：发现 ${report.faults.length} 处问题，请立即排查。排在最前面的是最早出问题的交易。`}
        style={{ paddingBlock: 24 }}
      />
    )}
    <Row gutter={[16, 16]}>
      <Col xs={12} md={8}>
        <Card size="small">
          <Statistic title="交易笔数" value={report.transfers} />
        </Card>
      </Col>
      <Col xs={12} md={8}>
        <Card size="small">
          <Statistic title="账户数" value={report.accounts} />
        </Card>
      </Col>
      <Col xs={24} md={8}>
        <Card size="small">
          <Statistic
            title="发现问题"
            value={report.faults.length}
            valueStyle={{ color: report.faults.length > 0 ? '#cf1322' : '#389e0d' }}
          />
        </Card>
      </Col>
    </Row>
    <Card size="small" title="各币种余额合计（应为 0）">
      <Table<CurrencySum>
        rowKey="currency"
        size="small"
        pagination={false}
        columns={currencyColumns}
        dataSource={report.currencies}
        locale={{ emptyText: '暂无账户' }}
      />
    </Card>
    {report.faults.length > 0 ? (
      <Card size="small" title={<Typography.Text type="danger">问题清单</Typography.Text>} styles={{ header: { background: '#fff1f0' } }}>
        <List
          dataSource={report.faults}
          renderItem={(fault) => <FaultItem fault={fault} />}
          pagination={report.faults.length > 20 ? { pageSize: 20, size: 'small' } : false}
        />
      </Card>
    ) : null}
  </Flex>
);

/** 账务管理 › 账务核验：对全部账务数据做一次完整核对。 */
const VerifyPage = () => {
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<{ report: VerifyReport; checkedAt: string } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const run = async () => {
    setRunning(true);
    setFailure(null);
    try {
      const report = await unwrap(api.GET('/api/ledger/verify'));
      setResult({ report, checkedAt: new Date().toISOString() });
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setRunning(false);
    }
  };

  return (
    <PageContainer content="从头到尾核对一遍全部交易和账户。交易量大时需要一些时间；核验只读取数据，不会改动账务。">
      <Flex vertical gap={16}>
        <Card>
          <Flex justify="space-between" align="center" gap={24} wrap>
            <Flex vertical gap={8} style={{ flex: 1, minWidth: 320 }}>
              <Typography.Text strong>核验内容</Typography.Text>
              <Flex gap={8} wrap>
                {Object.entries(CHECKS).map(([code, check]) => {
                  const failed = result?.report.faults.some((fault) => fault.check === code);
                  return (
                    <Tag
                      key={code}
                      bordered={false}
                      color={!result ? 'default' : failed ? 'error' : 'success'}
                      icon={!result ? undefined : failed ? <CloseCircleFilled /> : <CheckCircleFilled />}
                      title={check.description}
                    >
                      {check.label}
                    </Tag>
                  );
                })}
              </Flex>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                借贷平衡、每个账户的余额与流水一致、没有透支、交易编号连续、哈希链完整（交易没有被改动）。
              </Typography.Text>
            </Flex>
            <Button type="primary" size="large" icon={<SafetyCertificateOutlined />} loading={running} onClick={() => void run()}>
              {result ? '重新核验' : '开始核验'}
            </Button>
          </Flex>
        </Card>
        {failure ? <Alert type="error" showIcon message="核验没有完成" description={failure} /> : null}
        {result ? (
          <Card>
            <Report report={result.report} checkedAt={result.checkedAt} />
          </Card>
        ) : null}
      </Flex>
    </PageContainer>
  );
};

export default VerifyPage;
