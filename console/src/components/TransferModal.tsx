import {
  ModalForm,
  ProFormDependency,
  ProFormRadio,
  ProFormSelect,
  ProFormText,
  ProFormTextArea,
} from '@ant-design/pro-components';
import { Alert, App, Flex, Typography } from 'antd';
import { useState } from 'react';
import { api, errorMessage, unwrap } from '../app/request';
import {
  accountTypeLabel,
  BUSINESS_CODE,
  newRequestKey,
  type LedgerAccount,
  type LedgerTransfer,
  type TransferBody,
} from './ledger';
import { MoneyText } from './MoneyText';
import { parseYuan, positiveYuanError } from './money';
import { useApi } from './useApi';

type TransferValues = {
  kind: TransferBody['kind'];
  debitAccountId?: string;
  creditAccountId?: string;
  amount?: string;
  code?: string;
  note?: string;
};

type TransferModalProps = {
  open: boolean;
  /** 预先选好的付款账户（从某个账户的页面打开时）。 */
  debitAccountId?: string;
  onClose: () => void;
  /** 记账成功后调用（用来刷新余额）。 */
  onDone: (transfer: LedgerTransfer) => void;
};

const accountOption = (account: LedgerAccount) => ({
  value: account.id,
  label: `${account.name}（${accountTypeLabel(account.code)}）`,
  disabled: account.closed,
  account,
});

const AccountOption = ({ account }: { account: LedgerAccount }) => (
  <Flex justify="space-between" gap={12}>
    <Typography.Text ellipsis>
      {account.name}
      <Typography.Text type="secondary">（{accountTypeLabel(account.code)}）</Typography.Text>
      {account.closed ? <Typography.Text type="secondary">（已关闭）</Typography.Text> : null}
    </Typography.Text>
    <Typography.Text type="secondary">
      可用 <MoneyText fen={account.balance.available} />
    </Typography.Text>
  </Flex>
);

/**
 * 转账（或冻结）对话框。每次打开挂载一次（父组件用 key 区分），
 * 幂等键在挂载时生成：同一个对话框里怎么重复点“确认”，服务端都只记一次账。
 */
export const TransferModal = ({ open, debitAccountId, onClose, onDone }: TransferModalProps) => {
  const { message } = App.useApp();
  const [key] = useState(newRequestKey);
  const [failure, setFailure] = useState<string | null>(null);
  const accounts = useApi((signal) => unwrap(api.GET('/api/ledger/accounts', { signal })));
  const items = accounts.data?.items ?? [];
  const options = items.map(accountOption);
  const byId = new Map(items.map((account) => [account.id, account]));

  const submit = async (values: TransferValues): Promise<boolean> => {
    setFailure(null);
    const amount = parseYuan(values.amount ?? '');
    if (!amount.ok || !values.debitAccountId || !values.creditAccountId) {
      return false;
    }
    const note = values.note?.trim();
    try {
      const result = await unwrap(
        api.POST('/api/ledger/transfers', {
          body: {
            kind: values.kind,
            key,
            debitAccountId: values.debitAccountId,
            creditAccountId: values.creditAccountId,
            amount: amount.fen,
            code: (values.code ?? 'TRANSFER').trim().toUpperCase(),
            ...(note ? { metadata: { note } } : {}),
          },
        }),
      );
      if (result.replay) {
        message.info('这笔交易已经记过账，没有重复记账');
      } else {
        message.success(values.kind === 'pending' ? '已冻结' : '转账成功');
      }
      onDone(result.transfer);
      return true;
    } catch (error) {
      setFailure(errorMessage(error));
      return false;
    }
  };

  return (
    <ModalForm<TransferValues>
      title="转账"
      open={open}
      width={560}
      layout="horizontal"
      labelCol={{ flex: '96px' }}
      onOpenChange={(next) => {
        if (!next) {
          onClose();
        }
      }}
      modalProps={{ maskClosable: false }}
      initialValues={{ kind: 'single', debitAccountId, code: 'TRANSFER' }}
      submitter={{ searchConfig: { submitText: '确认转账', resetText: '取消' } }}
      onFinish={submit}
      onValuesChange={() => setFailure(null)}
    >
      {accounts.error ? (
        <Alert type="error" showIcon style={{ marginBottom: 16 }} message={`无法获取账户列表：${errorMessage(accounts.error)}`} />
      ) : null}
      <ProFormRadio.Group
        name="kind"
        label="方式"
        radioType="button"
        options={[
          { label: '转账', value: 'single' },
          { label: '冻结（预授权）', value: 'pending' },
        ]}
        extra={
          <ProFormDependency name={['kind']}>
            {({ kind }) =>
              kind === 'pending' ? '先冻结付款账户的金额，之后在对账单里入账或撤销' : '立即从付款账户转到收款账户'
            }
          </ProFormDependency>
        }
      />
      <ProFormSelect
        name="debitAccountId"
        label="付款账户"
        placeholder="选择付款账户"
        options={options}
        fieldProps={{
          showSearch: true,
          optionFilterProp: 'label',
          loading: accounts.loading,
          optionRender: (option) => <AccountOption account={option.data.account} />,
        }}
        rules={[{ required: true, message: '请选择付款账户' }]}
        extra={
          <ProFormDependency name={['debitAccountId']}>
            {({ debitAccountId: id }: { debitAccountId?: string }) => {
              const account = id ? byId.get(id) : undefined;
              return account ? (
                <span>
                  可用余额 <MoneyText fen={account.balance.available} />
                  {account.noNegative ? null : '（允许为负数）'}
                </span>
              ) : null;
            }}
          </ProFormDependency>
        }
      />
      <ProFormSelect
        name="creditAccountId"
        label="收款账户"
        placeholder="选择收款账户"
        options={options}
        dependencies={['debitAccountId']}
        fieldProps={{
          showSearch: true,
          optionFilterProp: 'label',
          loading: accounts.loading,
          optionRender: (option) => <AccountOption account={option.data.account} />,
        }}
        rules={[
          { required: true, message: '请选择收款账户' },
          ({ getFieldValue }) => ({
            validator: async (_rule, value) => {
              if (value && value === getFieldValue('debitAccountId')) {
                throw new Error('收款账户不能与付款账户相同');
              }
            },
          }),
        ]}
      />
      <ProFormText
        name="amount"
        label="金额（元）"
        placeholder="例如 100.00"
        fieldProps={{ prefix: '¥', inputMode: 'decimal', autoComplete: 'off' }}
        rules={[
          {
            required: true,
            validator: async (_rule, value: string | undefined) => {
              const problem = positiveYuanError(value);
              if (problem) {
                throw new Error(problem);
              }
            },
          },
        ]}
        extra={
          <ProFormDependency name={['amount']}>
            {({ amount }: { amount?: string }) => {
              const parsed = parseYuan(amount ?? '');
              return parsed.ok && parsed.fen > 0 ? (
                <span>
                  将记账 <MoneyText fen={parsed.fen} />
                </span>
              ) : (
                '最多两位小数'
              );
            }}
          </ProFormDependency>
        }
      />
      <ProFormText
        name="code"
        label="业务代码"
        placeholder="例如 TRANSFER"
        fieldProps={{ autoComplete: 'off' }}
        rules={[
          { required: true, message: '请输入业务代码' },
          {
            validator: async (_rule, value: string | undefined) => {
              if (value && !BUSINESS_CODE.test(value.trim().toUpperCase())) {
                throw new Error('业务代码为大写字母开头的字母、数字和下划线，例如 TRANSFER');
              }
            },
          },
        ]}
      />
      <ProFormTextArea
        name="note"
        label="备注"
        placeholder="选填，记在交易附言里"
        fieldProps={{ maxLength: 200, showCount: true, autoSize: { minRows: 2, maxRows: 4 } }}
      />
      {failure ? <Alert type="error" showIcon message={failure} style={{ marginBottom: 16 }} /> : null}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        流水号：<Typography.Text type="secondary" copyable style={{ fontSize: 12 }}>{key}</Typography.Text>
        （重复提交不会重复记账）
      </Typography.Text>
    </ModalForm>
  );
};
