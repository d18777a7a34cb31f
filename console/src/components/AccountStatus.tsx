import { Badge, Space, Tag } from 'antd';
import type { LedgerAccount } from './ledger';
import { MoneyText } from './MoneyText';

/** 透支规则的标签：不可透支、透支额度；允许为负数的清算类账户不显示。 */
export const OverdraftTag = ({ account }: { account: LedgerAccount }) => {
  if (!account.noNegative) {
    return null;
  }
  return account.overdraftLimit > 0 ? (
    <Tag bordered={false} color="orange">
      透支额度 <MoneyText fen={account.overdraftLimit} />
    </Tag>
  ) : (
    <Tag bordered={false}>不可透支</Tag>
  );
};

/** 账户状态：正常 / 已关闭，加透支规则标签。 */
export const AccountStatus = ({ account }: { account: LedgerAccount }) => (
  <Space size={4} wrap>
    {account.closed ? <Badge status="default" text="已关闭" /> : <Badge status="success" text="正常" />}
    <OverdraftTag account={account} />
  </Space>
);
