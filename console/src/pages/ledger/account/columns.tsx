import type { ProColumns } from '@ant-design/pro-components';
import { Button, Flex, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { DateTime } from '../../../components/DateTime';
import { counterpartyOf, noteOf, TRANSFER_KINDS, type StatementLine } from '../../../components/ledger';
import { MoneyText } from '../../../components/MoneyText';
import { formatFen } from '../../../components/money';
import type { TransferAction } from './components/TransferActionModal';

type StatementColumnOptions = {
  accountId: string;
  accountName: (id: string) => string;
  /** 本期对账单里，每笔冻结后来的结果（入账、撤销、过期）。 */
  resolved: ReadonlyMap<number, StatementLine['transfer']['kind'] | 'resolved'>;
  /** 本期对账单里已被冲正的交易。 */
  reversed: ReadonlySet<number>;
  /** 冲正、冻结入账或撤销；不给（只读用户）时只显示处理结果，不显示按钮。 */
  onAction?: (action: TransferAction, line: StatementLine) => void;
};

const RESOLVED_LABEL: Partial<Record<StatementLine['transfer']['kind'], string>> = {
  post: '已入账',
  void: '已撤销',
  expire: '已过期',
};

/** 不影响已入账余额的行（冻结及其释放）：在收支一栏用灰字说明冻结了多少。 */
const holdText = ({ transfer }: StatementLine, accountId: string): string => {
  const payer = transfer.debitAccountId === accountId;
  const amount = formatFen(transfer.amount);
  switch (transfer.kind) {
    case 'pending':
      return payer ? `冻结 ${amount}` : `待收 ${amount}`;
    case 'void':
    case 'expire':
      return payer ? `解冻 ${amount}` : `取消待收 ${amount}`;
    case 'single':
    case 'post':
      return amount;
  }
};

export const statementColumns = ({
  accountId,
  accountName,
  resolved,
  reversed,
  onAction,
}: StatementColumnOptions): ProColumns<StatementLine>[] => [
  {
    title: '时间',
    dataIndex: ['transfer', 'createdAt'],
    width: 160,
    render: (_, { transfer }) => <DateTime value={transfer.createdAt} />,
  },
  {
    title: '流水号',
    dataIndex: ['transfer', 'key'],
    width: 140,
    render: (_, { transfer }) => (
      <Flex vertical>
        <Typography.Text copyable={{ text: transfer.key, tooltips: ['复制流水号', '已复制'] }} ellipsis style={{ maxWidth: 124, fontSize: 12 }}>
          {transfer.key}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          交易 #{transfer.id}
        </Typography.Text>
      </Flex>
    ),
  },
  {
    title: '业务代码',
    dataIndex: ['transfer', 'code'],
    width: 160,
    render: (_, { transfer }) => <Typography.Text code>{transfer.code}</Typography.Text>,
  },
  {
    title: '类型',
    dataIndex: ['transfer', 'kind'],
    width: 96,
    render: (_, { transfer }) => (
      <Space size={4} wrap>
        <Tag color={TRANSFER_KINDS[transfer.kind].color} bordered={false}>
          {TRANSFER_KINDS[transfer.kind].label}
        </Tag>
        {transfer.reversesId !== null ? (
          <Tag color="purple" bordered={false}>
            冲正 #{transfer.reversesId}
          </Tag>
        ) : null}
      </Space>
    ),
  },
  {
    title: '对方账户 / 备注',
    dataIndex: ['transfer', 'creditAccountId'],
    // 不定宽：占用剩下的空间，过长时省略。
    render: (_, { transfer }) => {
      const other = counterpartyOf(transfer, accountId);
      const note = noteOf(transfer);
      return (
        <Flex vertical style={{ minWidth: 0 }}>
          <Link
            to={`/ledger/accounts/${encodeURIComponent(other)}`}
            title={accountName(other)}
            style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
          >
            {accountName(other)}
          </Link>
          {note ? (
            <Typography.Text type="secondary" ellipsis={{ tooltip: note }} style={{ fontSize: 12, maxWidth: '100%' }}>
              {note}
            </Typography.Text>
          ) : null}
        </Flex>
      );
    },
  },
  {
    title: '收入/支出',
    dataIndex: 'change',
    width: 124,
    align: 'right',
    render: (_, line) =>
      line.change === 0 ? (
        <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
          {holdText(line, accountId)}
        </Typography.Text>
      ) : (
        <MoneyText fen={line.change} signed colored />
      ),
  },
  {
    title: '余额',
    dataIndex: 'balanceAfter',
    width: 120,
    align: 'right',
    render: (_, line) => <MoneyText fen={line.balanceAfter} />,
  },
  {
    title: onAction ? '操作' : '处理',
    valueType: 'option',
    width: 88,
    fixed: 'right',
    render: (_, line) => {
      const { transfer } = line;
      if (transfer.kind === 'pending') {
        const outcome = resolved.get(transfer.id);
        if (outcome) {
          return <Typography.Text type="secondary">{outcome === 'resolved' ? '已处理' : (RESOLVED_LABEL[outcome] ?? '已处理')}</Typography.Text>;
        }
        if (!onAction) {
          return null;
        }
        return (
          <Space size={0}>
            <Button type="link" size="small" onClick={() => onAction('post', line)}>
              入账
            </Button>
            <Button type="link" size="small" danger onClick={() => onAction('void', line)}>
              撤销
            </Button>
          </Space>
        );
      }
      if ((transfer.kind === 'single' || transfer.kind === 'post') && transfer.reversesId === null) {
        return reversed.has(transfer.id) ? (
          <Typography.Text type="secondary">已冲正</Typography.Text>
        ) : !onAction ? null : (
          <Button type="link" size="small" danger onClick={() => onAction('reverse', line)}>
            冲正
          </Button>
        );
      }
      return null;
    },
  },
];
