import { Alert, App, Descriptions, Flex, Input, Modal, Typography } from 'antd';
import { useRef, useState } from 'react';
import { api, errorMessage, unwrap } from '../../../../app/request';
import { DateTime } from '../../../../components/DateTime';
import { newRequestKey, reversalCode, type LedgerTransfer } from '../../../../components/ledger';
import { MoneyText } from '../../../../components/MoneyText';
import { fenToYuan, parseYuan } from '../../../../components/money';

export type TransferAction = 'reverse' | 'post' | 'void';

const ACTIONS: Record<TransferAction, { title: string; ok: string; done: string; danger: boolean; explain: string }> = {
  reverse: {
    title: '冲正交易',
    ok: '确认冲正',
    done: '已冲正',
    danger: true,
    explain: '冲正会反向记一笔同样金额的交易（付款与收款对调），原交易保留。每笔交易只能冲正一次；收款方余额不足时不能冲正。',
  },
  post: {
    title: '冻结入账',
    ok: '确认入账',
    done: '已入账',
    danger: false,
    explain: '把冻结的金额正式转给收款账户。可以只入账一部分，其余部分解冻、回到付款账户的可用余额。',
  },
  void: {
    title: '撤销冻结',
    ok: '确认撤销',
    done: '已撤销冻结',
    danger: true,
    explain: '撤销后冻结的金额全部回到付款账户的可用余额，收款账户不会收到这笔钱。',
  },
};

type TransferActionModalProps = {
  open: boolean;
  action: TransferAction;
  transfer: LedgerTransfer;
  accountName: (id: string) => string;
  onClose: () => void;
  onDone: () => void;
};

/**
 * 对账单上一笔交易的冲正、入账、撤销：先确认再提交。每次打开挂载一次（父组件用 key 区分），
 * 幂等键在挂载时生成，连点两次“确认”也只记一次账。
 */
export const TransferActionModal = ({ open, action, transfer, accountName, onClose, onDone }: TransferActionModalProps) => {
  const { message } = App.useApp();
  const [key] = useState(newRequestKey);
  const [submitting, setSubmitting] = useState(false);
  const inFlight = useRef(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [postAmount, setPostAmount] = useState(() => fenToYuan(transfer.amount));
  const meta = ACTIONS[action];
  const code = action === 'reverse' ? reversalCode(transfer.code) : transfer.code;

  const parsedAmount = parseYuan(postAmount);
  const amountProblem =
    action !== 'post'
      ? null
      : !parsedAmount.ok
        ? parsedAmount.message
        : parsedAmount.fen <= 0
          ? '金额必须大于 0'
          : parsedAmount.fen > transfer.amount
            ? '入账金额不能超过冻结金额'
            : null;

  const submit = async () => {
    if (inFlight.current || amountProblem) {
      return;
    }
    inFlight.current = true;
    setSubmitting(true);
    setFailure(null);
    try {
      const path = { id: transfer.id };
      const result =
        action === 'reverse'
          ? await unwrap(api.POST('/api/ledger/transfers/{id}/reverse', { params: { path }, body: { key, code } }))
          : action === 'void'
            ? await unwrap(api.POST('/api/ledger/transfers/{id}/void', { params: { path }, body: { key, code } }))
            : await unwrap(
                api.POST('/api/ledger/transfers/{id}/post', {
                  params: { path },
                  body: {
                    key,
                    code,
                    // 全额入账时不传金额，由服务端按冻结金额入账。
                    ...(parsedAmount.ok && parsedAmount.fen !== transfer.amount ? { amount: parsedAmount.fen } : {}),
                  },
                }),
              );
      if (result.replay) {
        message.info('这笔操作已经记过账，没有重复记账');
      } else {
        message.success(meta.done);
      }
      onDone();
      onClose();
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      inFlight.current = false;
      setSubmitting(false);
    }
  };

  return (
    <Modal
      title={meta.title}
      open={open}
      width={560}
      okText={meta.ok}
      cancelText="取消"
      okButtonProps={{ danger: meta.danger, disabled: amountProblem !== null }}
      confirmLoading={submitting}
      maskClosable={false}
      onOk={() => void submit()}
      onCancel={onClose}
    >
      <Flex vertical gap={16}>
        <Typography.Paragraph style={{ marginBottom: 0 }}>{meta.explain}</Typography.Paragraph>
        <Descriptions
          bordered
          size="small"
          column={1}
          styles={{ label: { width: 110 } }}
          items={[
            { key: 'id', label: '交易编号', children: `#${transfer.id}` },
            { key: 'key', label: '原流水号', children: <Typography.Text copyable>{transfer.key}</Typography.Text> },
            { key: 'time', label: '记账时间', children: <DateTime value={transfer.createdAt} /> },
            {
              key: 'accounts',
              label: '付款 → 收款',
              children: `${accountName(transfer.debitAccountId)} → ${accountName(transfer.creditAccountId)}`,
            },
            { key: 'amount', label: action === 'post' ? '冻结金额' : '金额', children: <MoneyText fen={transfer.amount} strong /> },
            { key: 'code', label: '业务代码', children: <Typography.Text code>{code}</Typography.Text> },
          ]}
        />
        {action === 'post' ? (
          <Flex vertical gap={4}>
            <Flex align="center" gap={8}>
              <label htmlFor="post-amount" style={{ whiteSpace: 'nowrap' }}>
                入账金额（元）
              </label>
              <Input
                id="post-amount"
                prefix="¥"
                inputMode="decimal"
                autoComplete="off"
                value={postAmount}
                status={amountProblem ? 'error' : undefined}
                onChange={(event) => setPostAmount(event.target.value)}
                style={{ maxWidth: 220 }}
              />
            </Flex>
            <Typography.Text type={amountProblem ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
              {amountProblem ?? '默认全额入账；只入账一部分时，其余部分自动解冻'}
            </Typography.Text>
          </Flex>
        ) : null}
        {failure ? <Alert type="error" showIcon message={failure} /> : null}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          本次操作流水号：{key}（重复提交不会重复记账）
        </Typography.Text>
      </Flex>
    </Modal>
  );
};
