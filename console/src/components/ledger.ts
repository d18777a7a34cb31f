/**
 * 账务页面共用的类型、中文名称和小工具（账户余额、账户详情、转账对话框都用）。
 * 类型一律取自服务端生成的 api/schema.d.ts。
 */
import type { components, paths } from '../api/schema';

export type LedgerAccount = components['schemas']['LedgerAccount'];
export type LedgerTransfer = components['schemas']['LedgerTransfer'];
export type TransferKind = LedgerTransfer['kind'];
export type Statement =
  paths['/api/ledger/accounts/{id}/statement']['get']['responses'][200]['content']['application/json'];
export type StatementLine = Statement['lines'][number];
export type VerifyReport = paths['/api/ledger/verify']['get']['responses'][200]['content']['application/json'];
export type OpenAccountBody = paths['/api/ledger/accounts']['post']['requestBody']['content']['application/json'];
export type TransferBody = paths['/api/ledger/transfers']['post']['requestBody']['content']['application/json'];

/** 常见账户类型代码的中文名；其他代码原样显示。 */
export const ACCOUNT_TYPES: Record<string, string> = {
  BANK_SETTLEMENT: '银行结算户',
  OUTLET_PREPAID: '网点预存款',
  AGENT_PREPAID: '代理商预存款',
  CARRIER_CLEARING: '运营商清算户',
  CARD_WALLET: '校园卡钱包',
  FEE_INCOME: '手续费收入',
};

/** 开户时默认允许为负数的账户类型（清算、结算类）；客户和网点的钱默认不可透支。 */
export const OVERDRAFT_TYPES = new Set(['BANK_SETTLEMENT', 'CARRIER_CLEARING']);

export const accountTypeLabel = (code: string): string => ACCOUNT_TYPES[code] ?? code;

/** 所有者类型（与服务端租户类型一致）的中文名；其他原样显示。 */
export const OWNER_TYPES: Record<string, string> = {
  platform: '平台',
  agency: '代理商',
  outlet: '网点',
  school: '学校',
  family: '家庭',
  student: '学生',
};

export const ownerTypeLabel = (ownerType: string): string => OWNER_TYPES[ownerType] ?? ownerType;

/** 所有者：`网点 · o1`。 */
export const ownerLabel = (account: Pick<LedgerAccount, 'ownerType' | 'ownerId'>): string =>
  `${ownerTypeLabel(account.ownerType)} · ${account.ownerId}`;

/** 交易类型的中文名。 */
export const TRANSFER_KINDS: Record<TransferKind, { label: string; color: string }> = {
  single: { label: '转账', color: 'blue' },
  pending: { label: '冻结', color: 'gold' },
  post: { label: '冻结入账', color: 'green' },
  void: { label: '撤销冻结', color: 'default' },
  expire: { label: '冻结过期', color: 'default' },
};

/** 业务代码：大写字母开头，大写字母、数字和下划线，2～40 位（与服务端一致）。 */
export const BUSINESS_CODE = /^[A-Z][A-Z0-9_]{1,39}$/;

/** 所有者编号：字母、数字和 _ . : -，最多 64 位（与服务端一致）。 */
export const OWNER_ID = /^[a-zA-Z0-9_.:-]{1,64}$/;

/** 冲正交易的业务代码：原代码加 `_REVERSAL`，过长时用 `REVERSAL`。 */
export const reversalCode = (code: string): string => {
  const candidate = code.endsWith('_REVERSAL') ? code : `${code}_REVERSAL`;
  return BUSINESS_CODE.test(candidate) ? candidate : 'REVERSAL';
};

/**
 * 新的幂等键（流水号）。每打开一次对话框生成一个，同一对话框里重复提交用同一个键，
 * 服务端只记一次账。`crypto.randomUUID` 只在 HTTPS 或本机地址下可用，
 * 内网用 http 访问时退回到 `crypto.getRandomValues` 拼出同样格式的随机 UUID。
 */
export const newRequestKey = (source: Pick<Crypto, 'getRandomValues'> & Partial<Pick<Crypto, 'randomUUID'>> = crypto): string => {
  if (typeof source.randomUUID === 'function') {
    return source.randomUUID();
  }
  const bytes = source.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/** 交易里与本账户相对的一方。 */
export const counterpartyOf = (transfer: LedgerTransfer, accountId: string): string =>
  transfer.debitAccountId === accountId ? transfer.creditAccountId : transfer.debitAccountId;

/** 交易附带的备注（转账对话框写在 metadata.note）。 */
export const noteOf = (transfer: LedgerTransfer): string => {
  const note = transfer.metadata.note;
  return typeof note === 'string' ? note : '';
};
