import { balanceOf, type AccountRow, type Balance } from './types';

export interface AccountInfo {
  id: string;
  code: string;
  ownerType: string;
  ownerId: string;
  currency: string;
  name: string;
  noNegative: boolean;
  overdraftLimit: number;
  closed: boolean;
  createdAt: number;
  balance: Balance;
}

export function toAccountInfo(a: AccountRow): AccountInfo {
  return {
    id: a.id,
    code: a.code,
    ownerType: a.owner_type,
    ownerId: a.owner_id,
    currency: a.currency,
    name: a.name,
    noNegative: Boolean(a.no_negative),
    overdraftLimit: a.overdraft_limit,
    closed: Boolean(a.closed),
    createdAt: a.created_at,
    balance: balanceOf(a),
  };
}
