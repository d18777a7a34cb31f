import { Alert, Card, Col, Row, Statistic, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { paths } from '../../../api/schema';
import { errorMessage } from '../../../app/request';
import { MoneyText } from '../../../components/MoneyText';

export type Balance = paths['/api/outlets/{id}/balance']['get']['responses'][200]['content']['application/json'];

const Figure = ({ title, fen, color, note }: { title: string; fen: number | undefined; color?: string; note: ReactNode }) => (
  <Card size="small" style={{ height: '100%' }}>
    <Statistic title={title} value={fen ?? '—'} formatter={() => <MoneyText fen={fen} style={{ color }} />} />
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {note}
    </Typography.Text>
  </Card>
);

type PrepaidBalanceProps = {
  balance: Balance | undefined;
  error: unknown;
  loading: boolean;
  /** 能进入账务管理时，给出账户详情（对账单）的链接。 */
  ledgerLink: boolean;
};

/** 预存款余额：可用、已入账、冻结（分，显示为元）。 */
export const PrepaidBalance = ({ balance, error, loading, ledgerLink }: PrepaidBalanceProps) => {
  if (error) {
    return <Alert type="error" showIcon message="无法获取预存款余额" description={errorMessage(error)} />;
  }
  const account =
    balance?.accountId && ledgerLink ? (
      <Link to={`/ledger/accounts/${encodeURIComponent(balance.accountId)}`}>查看对账单</Link>
    ) : balance && balance.accountId === null ? (
      '尚未开立预存款账户'
    ) : (
      balance?.name
    );
  return (
    <Row gutter={[16, 16]} data-testid="prepaid-balance">
      <Col xs={24} md={8}>
        <Figure title="可用余额" fen={loading && !balance ? undefined : balance?.available} color="#1d5fd1" note={account ?? '可用于充值的金额'} />
      </Col>
      <Col xs={24} md={8}>
        <Figure title="已入账余额" fen={balance?.posted} note="已经记账的余额" />
      </Col>
      <Col xs={24} md={8}>
        <Figure
          title="冻结"
          fen={balance?.pending}
          color={balance && balance.pending > 0 ? '#d48806' : undefined}
          note="处理中、尚未入账或撤销的金额"
        />
      </Col>
    </Row>
  );
};
