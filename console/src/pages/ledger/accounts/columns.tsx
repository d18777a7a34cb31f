import type { ProColumns } from '@ant-design/pro-components';
import { Button, Flex, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { AccountStatus } from '../../../components/AccountStatus';
import { ACCOUNT_TYPES, accountTypeLabel, ownerLabel, type LedgerAccount } from '../../../components/ledger';
import { MoneyText } from '../../../components/MoneyText';

/** 账户类型：中文名，下面一行小字是代码；不认识的代码只显示代码。 */
export const AccountType = ({ code }: { code: string }) =>
  Object.hasOwn(ACCOUNT_TYPES, code) ? (
    <Flex vertical>
      <span>{accountTypeLabel(code)}</span>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {code}
      </Typography.Text>
    </Flex>
  ) : (
    <Typography.Text code>{code}</Typography.Text>
  );

type AccountColumnOptions = {
  /** 从这个账户转出；不给（只读用户）时没有“操作”一栏。 */
  onTransfer?: (account: LedgerAccount) => void;
};

const readColumns: ProColumns<LedgerAccount>[] = [
  {
    title: '名称',
    dataIndex: 'name',
    // 不定宽：占用剩下的空间。
    render: (_, account) => (
      <Link to={`/ledger/accounts/${encodeURIComponent(account.id)}`} onClick={(event) => event.stopPropagation()}>
        <Typography.Text strong style={{ color: 'inherit' }}>
          {account.name}
        </Typography.Text>
      </Link>
    ),
  },
  {
    title: '类型',
    dataIndex: 'code',
    width: 132,
    render: (_, account) => <AccountType code={account.code} />,
  },
  {
    title: '所有者',
    dataIndex: 'ownerId',
    width: 170,
    ellipsis: true,
    render: (_, account) => ownerLabel(account),
  },
  {
    title: '已入账余额',
    dataIndex: ['balance', 'posted'],
    width: 128,
    align: 'right',
    render: (_, account) => <MoneyText fen={account.balance.posted} />,
  },
  {
    title: '冻结',
    dataIndex: ['balance', 'pending'],
    width: 100,
    align: 'right',
    render: (_, account) =>
      account.balance.pending === 0 ? (
        <Typography.Text type="secondary">
          <MoneyText fen={0} />
        </Typography.Text>
      ) : (
        <MoneyText fen={account.balance.pending} style={{ color: '#d48806' }} />
      ),
  },
  {
    title: '可用余额',
    dataIndex: ['balance', 'available'],
    width: 128,
    align: 'right',
    render: (_, account) => <MoneyText fen={account.balance.available} strong />,
  },
  {
    title: '状态',
    dataIndex: 'closed',
    width: 150,
    render: (_, account) => <AccountStatus account={account} />,
  },
];

const transferColumn = (onTransfer: (account: LedgerAccount) => void): ProColumns<LedgerAccount> => ({
  title: '操作',
  valueType: 'option',
  width: 64,
  fixed: 'right',
  render: (_, account) =>
    account.closed ? null : (
      <Button
        type="link"
        size="small"
        onClick={(event) => {
          event.stopPropagation();
          onTransfer(account);
        }}
      >
        转账
      </Button>
    ),
});

export const accountColumns = ({ onTransfer }: AccountColumnOptions): ProColumns<LedgerAccount>[] => [
  ...readColumns,
  ...(onTransfer ? [transferColumn(onTransfer)] : []),
];
