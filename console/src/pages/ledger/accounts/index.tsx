import { PlusOutlined, SwapOutlined } from '@ant-design/icons';
import { PageContainer, ProTable, type ActionType } from '@ant-design/pro-components';
import { App, Button, Flex, Input, Select } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { access } from '../../../app/access';
import { api, errorMessage, unwrap } from '../../../app/request';
import { useSession } from '../../../app/session';
import { ACCOUNT_TYPES, accountTypeLabel, type LedgerAccount } from '../../../components/ledger';
import { TransferModal } from '../../../components/TransferModal';
import { accountColumns } from './columns';
import { OpenAccountModal } from './components/OpenAccountModal';

/** 名称、所有者编号或账户编号里含有关键字（不区分大小写）。 */
const matches = (account: LedgerAccount, keyword: string): boolean => {
  const needle = keyword.toLowerCase();
  return [account.name, account.ownerId, account.id].some((text) => text.toLowerCase().includes(needle));
};

/** 对话框每次打开都重新挂载（round 变化），表单和流水号都是新的。 */
type Dialog = { round: number; open: boolean; debitAccountId?: string };
const CLOSED: Dialog = { round: 0, open: false };

/** 账务管理 › 账户余额：全部账户的已入账、冻结和可用余额；开户、转账（客服只读）。 */
const AccountsPage = () => {
  const { message } = App.useApp();
  const { user } = useSession();
  const writable = access(user).canLedgerWrite;
  const navigate = useNavigate();
  const actionRef = useRef<ActionType>();
  const [searchParams, setSearchParams] = useSearchParams();
  const type = searchParams.get('type') ?? undefined;
  const keyword = searchParams.get('q')?.trim() ?? '';
  const [accounts, setAccounts] = useState<LedgerAccount[]>([]);
  // 出现过的类型代码（含不认识的），筛选时下拉里也能选到。
  const [seenTypes, setSeenTypes] = useState<ReadonlySet<string>>(new Set());
  const [transfer, setTransfer] = useState<Dialog>(CLOSED);
  const [opening, setOpening] = useState<Dialog>(CLOSED);

  const typeOptions = useMemo(() => {
    const codes = [...Object.keys(ACCOUNT_TYPES), ...[...seenTypes].filter((code) => !Object.hasOwn(ACCOUNT_TYPES, code)).sort()];
    if (type && !codes.includes(type)) {
      codes.push(type);
    }
    return codes.map((code) => ({ value: code, label: accountTypeLabel(code) }));
  }, [seenTypes, type]);

  /** 筛选条件放在地址里，刷新或分享链接后保持不变。 */
  const setFilter = (patch: { type?: string; q?: string }) => {
    const next = new URLSearchParams(searchParams);
    for (const [name, value] of Object.entries(patch)) {
      if (value) {
        next.set(name, value);
      } else {
        next.delete(name);
      }
    }
    setSearchParams(next, { replace: true });
  };

  const existingIds = useMemo(() => new Set(accounts.map((account) => account.id)), [accounts]);
  const reload = () => void actionRef.current?.reload();

  const columns = accountColumns({
    onTransfer: writable
      ? (account) => setTransfer((dialog) => ({ round: dialog.round + 1, open: true, debitAccountId: account.id }))
      : undefined,
  });

  return (
    <PageContainer content="各账户的余额。金额单位为元；可用余额 = 已入账余额 − 冻结。点击一行查看账户详情和对账单。">
      <div data-testid="accounts">
        <ProTable<LedgerAccount, { code?: string; keyword?: string }>
          rowKey="id"
          actionRef={actionRef}
          columns={columns}
          params={{ code: type, keyword }}
          request={async ({ code, keyword: search }) => {
            try {
              const result = await unwrap(api.GET('/api/ledger/accounts', { params: { query: code ? { code } : {} } }));
              setAccounts(result.items);
              setSeenTypes((seen) => {
                const fresh = result.items.map((account) => account.code).filter((code) => !seen.has(code));
                return fresh.length > 0 ? new Set([...seen, ...fresh]) : seen;
              });
              const data = search ? result.items.filter((account) => matches(account, search)) : result.items;
              return { data, total: data.length, success: true };
            } catch (error) {
              message.error(errorMessage(error));
              return { data: [], total: 0, success: false };
            }
          }}
          search={false}
          cardBordered
          options={{ reload: true, density: false, setting: false, fullScreen: false }}
          pagination={{ defaultPageSize: 50, showSizeChanger: true, showTotal: (total) => `共 ${total} 个账户` }}
          size="middle"
          scroll={{ x: 1040 }}
          onRow={(account) => ({
            onClick: () => navigate(`/ledger/accounts/${encodeURIComponent(account.id)}`),
            style: { cursor: 'pointer' },
          })}
          headerTitle={
            <Flex align="center" gap={8} wrap>
              <Select
                aria-label="账户类型"
                allowClear
                placeholder="全部类型"
                style={{ width: 180 }}
                value={type}
                options={typeOptions}
                onChange={(value?: string) => setFilter({ type: value })}
              />
              <Input.Search
                aria-label="搜索账户"
                allowClear
                placeholder="名称、所有者编号"
                style={{ width: 220 }}
                defaultValue={keyword}
                onSearch={(value) => setFilter({ q: value.trim() })}
              />
            </Flex>
          }
          toolBarRender={() =>
            writable
              ? [
                  <Button
                    key="transfer"
                    icon={<SwapOutlined />}
                    onClick={() => setTransfer((dialog) => ({ round: dialog.round + 1, open: true }))}
                  >
                    转账
                  </Button>,
                  <Button
                    key="open"
                    type="primary"
                    icon={<PlusOutlined />}
                    onClick={() => setOpening((dialog) => ({ round: dialog.round + 1, open: true }))}
                  >
                    开户
                  </Button>,
                ]
              : []
          }
          locale={{
            emptyText: keyword
              ? `没有找到“${keyword}”相关的账户`
              : type
                ? `暂无“${accountTypeLabel(type)}”账户`
                : writable
                  ? '暂无账户，点击“开户”开立第一个账户'
                  : '暂无账户',
          }}
        />
      </div>
      {writable && transfer.round > 0 ? (
        <TransferModal
          key={transfer.round}
          open={transfer.open}
          debitAccountId={transfer.debitAccountId}
          onClose={() => setTransfer((dialog) => ({ ...dialog, open: false }))}
          onDone={reload}
        />
      ) : null}
      {writable && opening.round > 0 ? (
        <OpenAccountModal
          key={opening.round}
          open={opening.open}
          existingIds={existingIds}
          onClose={() => setOpening((dialog) => ({ ...dialog, open: false }))}
          onDone={reload}
        />
      ) : null}
    </PageContainer>
  );
};

export default AccountsPage;
