import { DownloadOutlined, ReloadOutlined, SwapOutlined } from '@ant-design/icons';
import { PageContainer, ProTable, type ActionType } from '@ant-design/pro-components';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Flex,
  Result,
  Row,
  Space,
  Statistic,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useRef, useState, type ReactNode } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { access } from '../../../app/access';
import { ApiError, api, errorMessage, unwrap } from '../../../app/request';
import { useSession } from '../../../app/session';
import { AccountStatus } from '../../../components/AccountStatus';
import { downloadCsv } from '../../../components/csv';
import { DateTime, formatDateTime } from '../../../components/DateTime';
import {
  accountTypeLabel,
  ownerLabel,
  type LedgerAccount,
  type Statement,
  type StatementLine,
} from '../../../components/ledger';
import { MoneyText } from '../../../components/MoneyText';
import { TransferModal } from '../../../components/TransferModal';
import { useApi } from '../../../components/useApi';
import { statementColumns } from './columns';
import { TransferActionModal, type TransferAction } from './components/TransferActionModal';
import {
  businessDayRange,
  businessInstant,
  businessToday,
  DATE_FORMAT,
  isDate,
  statementCsvRows,
  statementFilename,
  statementFollowUps,
  statementTotals,
} from './data';

type Balance = LedgerAccount['balance'];

const BalanceCard = ({ title, fen, color, note }: { title: string; fen: number | undefined; color?: string; note: ReactNode }) => (
  <Card size="small" style={{ height: '100%' }}>
    <Statistic
      title={title}
      value={fen ?? '—'}
      formatter={() => <MoneyText fen={fen} style={{ color }} />}
    />
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {note}
    </Typography.Text>
  </Card>
);

const BalanceCards = ({ balance, accountId }: { balance: Balance | undefined; accountId: string }) => (
  <Row gutter={[16, 16]}>
    <Col xs={24} md={12} xl={6}>
      <BalanceCard title="已入账余额" fen={balance?.posted} note="已经记账的余额" />
    </Col>
    <Col xs={24} md={12} xl={6}>
      <BalanceCard
        title="冻结"
        fen={balance?.pending}
        color={balance && balance.pending > 0 ? '#d48806' : undefined}
        note="预授权冻结、尚未入账或撤销的金额"
      />
    </Col>
    <Col xs={24} md={12} xl={6}>
      <BalanceCard title="可用余额" fen={balance?.available} color="#1d5fd1" note="已入账余额 − 冻结" />
    </Col>
    <Col xs={24} md={12} xl={6}>
      <BalanceAtCard accountId={accountId} />
    </Col>
  </Row>
);

/** 查询某个时刻（北京时间）的余额。 */
const BalanceAtCard = ({ accountId }: { accountId: string }) => {
  const [at, setAt] = useState<Dayjs | null>(null);
  const [loading, setLoading] = useState(false);
  const [result, setResult] = useState<{ at: string; balance: Balance } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const query = async () => {
    if (!at) {
      return;
    }
    const instant = businessInstant(at.format('YYYY-MM-DD HH:mm:ss'));
    setLoading(true);
    setFailure(null);
    try {
      const data = await unwrap(api.GET('/api/ledger/accounts/{id}', { params: { path: { id: accountId }, query: { at: instant } } }));
      setResult({ at: instant, balance: data.account.balance });
    } catch (error) {
      setResult(null);
      setFailure(errorMessage(error));
    } finally {
      setLoading(false);
    }
  };

  return (
    <Card size="small" style={{ height: '100%' }}>
      <Flex vertical gap={8}>
        <Typography.Text type="secondary">查询某时刻余额</Typography.Text>
        <Space.Compact style={{ width: '100%' }}>
          <DatePicker
            showTime
            aria-label="查询时刻"
            placeholder="选择日期时间"
            format="YYYY-MM-DD HH:mm:ss"
            value={at}
            onChange={(value) => {
              setAt(value);
              setResult(null);
            }}
            style={{ flex: 1, minWidth: 0 }}
          />
          <Button type="primary" onClick={() => void query()} loading={loading} disabled={!at}>
            查询
          </Button>
        </Space.Compact>
        {failure ? <Alert type="error" showIcon message={failure} /> : null}
        {result ? (
          <Flex vertical style={{ fontSize: 12 }}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(result.at)} 时
            </Typography.Text>
            <span>
              已入账 <MoneyText fen={result.balance.posted} />，冻结 <MoneyText fen={result.balance.pending} />
            </span>
            <span>
              可用 <MoneyText fen={result.balance.available} strong />
            </span>
          </Flex>
        ) : (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            按北京时间，查看过去某一时刻的余额
          </Typography.Text>
        )}
      </Flex>
    </Card>
  );
};

const SummaryItem = ({ title, children }: { title: string; children: ReactNode }) => (
  <Flex vertical gap={2}>
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {title}
    </Typography.Text>
    <span style={{ fontSize: 18 }}>{children}</span>
  </Flex>
);

/** 对账单上方的汇总：期初、本期收入和支出、期末。 */
const StatementSummary = ({ statement }: { statement: Statement }) => {
  const totals = statementTotals(statement.lines);
  return (
    <Flex
      wrap
      gap={16}
      align="flex-end"
      justify="space-between"
      style={{ background: '#f7f9fc', borderRadius: 8, padding: '12px 16px', marginBottom: 16 }}
    >
      <Flex wrap gap={40}>
        <SummaryItem title="期初余额">
          <MoneyText fen={statement.opening.posted} />
        </SummaryItem>
        <SummaryItem title="本期收入">
          <MoneyText fen={totals.income} colored />
        </SummaryItem>
        <SummaryItem title="本期支出">
          <MoneyText fen={totals.expense} colored />
        </SummaryItem>
        <SummaryItem title="期末余额">
          <MoneyText fen={statement.closing.posted} strong />
        </SummaryItem>
        {statement.closing.pending > 0 ? (
          <SummaryItem title="期末冻结">
            <MoneyText fen={statement.closing.pending} style={{ color: '#d48806' }} />
          </SummaryItem>
        ) : null}
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {formatDateTime(statement.from)} 至 {formatDateTime(statement.to)}，共 {statement.lines.length} 笔
      </Typography.Text>
    </Flex>
  );
};

const overdraftText = (account: LedgerAccount): ReactNode => {
  if (!account.noNegative) {
    return '允许为负数';
  }
  return account.overdraftLimit > 0 ? (
    <span>
      不可透支（透支额度 <MoneyText fen={account.overdraftLimit} />）
    </span>
  ) : (
    '不可透支'
  );
};

const RANGE_PRESETS = (today: Dayjs) => [
  { label: '今天', value: [today, today] as [Dayjs, Dayjs] },
  { label: '昨天', value: [today.subtract(1, 'day'), today.subtract(1, 'day')] as [Dayjs, Dayjs] },
  { label: '近 7 天', value: [today.subtract(6, 'day'), today] as [Dayjs, Dayjs] },
  { label: '本月', value: [today.startOf('month'), today] as [Dayjs, Dayjs] },
  {
    label: '上月',
    value: [today.subtract(1, 'month').startOf('month'), today.subtract(1, 'month').endOf('month')] as [Dayjs, Dayjs],
  },
];

type ActionDialog = { round: number; open: boolean; action: TransferAction; line: StatementLine } | null;
type TransferDialog = { round: number; open: boolean };

const AccountView = ({ id }: { id: string }) => {
  const { message } = App.useApp();
  const { user } = useSession();
  const writable = access(user).canLedgerWrite;
  const navigate = useNavigate();
  const [searchParams, setSearchParams] = useSearchParams();
  const statementRef = useRef<ActionType>();
  const detail = useApi((signal) => unwrap(api.GET('/api/ledger/accounts/{id}', { signal, params: { path: { id } } })));
  const directory = useApi((signal) => unwrap(api.GET('/api/ledger/accounts', { signal })));
  const [statement, setStatement] = useState<Statement>();
  const [actionDialog, setActionDialog] = useState<ActionDialog>(null);
  const [transferDialog, setTransferDialog] = useState<TransferDialog>({ round: 0, open: false });

  const today = businessToday();
  const fromParam = searchParams.get('from');
  const toParam = searchParams.get('to');
  const first = isDate(fromParam) ? fromParam : today;
  const last = isDate(toParam) && toParam >= first ? toParam : first;

  const account = detail.data?.account;
  const names = new Map((directory.data?.items ?? []).map((item) => [item.id, item.name]));
  if (account) {
    names.set(account.id, account.name);
  }
  const accountName = (accountId: string) => names.get(accountId) ?? accountId;

  const refresh = () => {
    detail.reload();
    directory.reload();
    void statementRef.current?.reload();
  };

  if (detail.error && !account) {
    const missing = detail.error instanceof ApiError && detail.error.status === 404;
    return (
      <PageContainer title="账户详情" onBack={() => navigate('/ledger/accounts')}>
        <Card>
          <Result
            status={missing ? '404' : 'error'}
            title={missing ? '账户不存在' : '无法获取账户信息'}
            subTitle={missing ? `没有编号为 ${id} 的账户` : errorMessage(detail.error)}
            extra={
              <Button type="primary" onClick={() => navigate('/ledger/accounts')}>
                返回账户列表
              </Button>
            }
          />
        </Card>
      </PageContainer>
    );
  }

  const { resolved, reversed } = statementFollowUps(statement?.lines ?? []);
  const columns = statementColumns({
    accountId: id,
    accountName,
    resolved,
    reversed,
    onAction: writable
      ? (action, line) => setActionDialog((dialog) => ({ round: (dialog?.round ?? 0) + 1, open: true, action, line }))
      : undefined,
  });

  const exportCsv = () => {
    if (!statement || !account) {
      return;
    }
    downloadCsv(statementFilename(account, first, last), statementCsvRows(statement, accountName));
    message.success('已导出对账单');
  };

  return (
    <PageContainer
      title={account?.name ?? '账户详情'}
      tags={
        account ? (
          <Tag color="blue" bordered={false}>
            {accountTypeLabel(account.code)}
          </Tag>
        ) : undefined
      }
      onBack={() => navigate('/ledger/accounts')}
      loading={detail.loading && !account}
      content={
        account ? (
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, md: 2, lg: 3, xl: 3, xxl: 4 }}
            items={[
              { key: 'type', label: '类型', children: `${accountTypeLabel(account.code)}（${account.code}）` },
              { key: 'owner', label: '所有者', children: ownerLabel(account) },
              { key: 'status', label: '状态', children: <AccountStatus account={account} /> },
              { key: 'overdraft', label: '余额控制', children: overdraftText(account) },
              { key: 'currency', label: '币种', children: account.currency === 'CNY' ? '人民币（CNY）' : account.currency },
              { key: 'created', label: '开户时间', children: <DateTime value={account.createdAt} /> },
              {
                key: 'last',
                label: '最近一笔交易',
                children: detail.data?.last ? (
                  <Space size={8}>
                    <DateTime value={detail.data.last.createdAt} />
                    <Typography.Text type="secondary">#{detail.data.last.id}</Typography.Text>
                  </Space>
                ) : (
                  <Typography.Text type="secondary">暂无交易</Typography.Text>
                ),
              },
              {
                key: 'id',
                label: '账户编号',
                span: 2,
                children: (
                  <Typography.Text copyable={{ tooltips: ['复制账户编号', '已复制'] }} type="secondary">
                    {account.id}
                  </Typography.Text>
                ),
              },
            ]}
          />
        ) : null
      }
      extra={[
        <Button key="reload" icon={<ReloadOutlined />} onClick={refresh} loading={detail.loading}>
          刷新
        </Button>,
        writable ? (
          <Button
            key="transfer"
            type="primary"
            icon={<SwapOutlined />}
            disabled={!account || account.closed}
            onClick={() => setTransferDialog((dialog) => ({ round: dialog.round + 1, open: true }))}
          >
            转账
          </Button>
        ) : null,
      ]}
    >
      <Flex vertical gap={16}>
        <BalanceCards balance={account?.balance} accountId={id} />
        <div data-testid="statement">
          <ProTable<StatementLine, { first: string; last: string }>
            rowKey={(line) => String(line.transfer.id)}
            actionRef={statementRef}
            columns={columns}
            params={{ first, last }}
            request={async (params) => {
              const range = businessDayRange(params.first, params.last);
              try {
                const result = await unwrap(
                  api.GET('/api/ledger/accounts/{id}/statement', { params: { path: { id }, query: range } }),
                );
                setStatement(result);
                return { data: result.lines, total: result.lines.length, success: true };
              } catch (error) {
                setStatement(undefined);
                message.error(errorMessage(error));
                return { data: [], total: 0, success: false };
              }
            }}
            headerTitle="对账单"
            tooltip="按记账时间（北京时间）列出该账户的每笔交易；日期含首尾两天，每天 00:00–24:00"
            search={false}
            cardBordered
            options={{ reload: true, density: false, setting: false, fullScreen: false }}
            pagination={{ defaultPageSize: 50, showSizeChanger: true, hideOnSinglePage: true }}
            size="middle"
            scroll={{ x: 1050 }}
            toolBarRender={() => [
              <DatePicker.RangePicker
                key="range"
                aria-label="对账日期"
                allowClear={false}
                value={[dayjs(first), dayjs(last)]}
                presets={RANGE_PRESETS(dayjs(today))}
                onChange={(values) => {
                  const [start, end] = values ?? [];
                  if (start && end) {
                    setSearchParams({ from: start.format(DATE_FORMAT), to: end.format(DATE_FORMAT) }, { replace: true });
                  }
                }}
              />,
              <Button key="export" icon={<DownloadOutlined />} disabled={!statement || !account} onClick={exportCsv}>
                导出 CSV
              </Button>,
            ]}
            tableViewRender={(_props, table) => (
              <>
                {statement ? <StatementSummary statement={statement} /> : null}
                {table}
              </>
            )}
            locale={{ emptyText: '这段时间没有交易' }}
          />
        </div>
      </Flex>
      {writable && transferDialog.round > 0 ? (
        <TransferModal
          key={transferDialog.round}
          open={transferDialog.open}
          debitAccountId={id}
          onClose={() => setTransferDialog((dialog) => ({ ...dialog, open: false }))}
          onDone={refresh}
        />
      ) : null}
      {writable && actionDialog ? (
        <TransferActionModal
          key={actionDialog.round}
          open={actionDialog.open}
          action={actionDialog.action}
          transfer={actionDialog.line.transfer}
          accountName={accountName}
          onClose={() => setActionDialog((dialog) => (dialog ? { ...dialog, open: false } : dialog))}
          onDone={refresh}
        />
      ) : null}
    </PageContainer>
  );
};

/** 账务管理 › 账户详情：余额、某时刻余额、对账单（导出、冲正、冻结入账或撤销；客服只读）。 */
const AccountPage = () => {
  const { id = '' } = useParams();
  // 从对账单点到对方账户时地址里的 id 会变：按 id 重新挂载，数据都重新取。
  return <AccountView key={id} id={id} />;
};

export default AccountPage;
