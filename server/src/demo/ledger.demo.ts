/**
 * Ledger demo: a bank settlement account, the carrier's clearing account, an agent and two
 * outlets with pre-deposits; a bank deposit, transfers to the outlets, top-ups, a hold
 * still frozen, and a same-day reversal. Keys are fixed, so loading twice changes nothing.
 */
import type { AppContext } from '../context';
import type { TransferRequest } from '../modules/ledger';
import { AGENCY_ACCOUNT, OUTLET_ACCOUNT } from '../flows/outlet.flow';
import type { OrgDemo } from './org.demo';

export async function loadLedgerDemo(ctx: AppContext, org: OrgDemo): Promise<void> {
  const l = ctx.ledger;
  const bank = await l.openAccount({ code: 'BANK_SETTLEMENT', ownerType: 'platform', ownerId: 'icbc', name: '工商银行结算户', noNegative: false });
  const clearing = await l.openAccount({ code: 'CARRIER_CLEARING', ownerType: 'platform', ownerId: 'cmcc', name: '中国移动充值清算户', noNegative: false });
  const agent = await l.openAccount({ code: AGENCY_ACCOUNT, ownerType: 'agency', ownerId: org.agencies.tongda, name: '通达代理 预存款' });
  const o1 = await l.openAccount({ code: OUTLET_ACCOUNT, ownerType: 'outlet', ownerId: org.outlets.chengguan, name: '城关营业网点 预存款' });
  const o2 = await l.openAccount({ code: OUTLET_ACCOUNT, ownerType: 'outlet', ownerId: org.outlets.xijie, name: '西街便利店 预存款' });
  await l.openAccount({ code: 'FEE_INCOME', ownerType: 'platform', ownerId: 'fees', name: '手续费收入', noNegative: false });

  const t = (key: string, debit: string, credit: string, amount: number, code: string, note: string): TransferRequest => ({
    kind: 'single',
    scope: 'demo',
    key,
    debitAccountId: debit,
    creditAccountId: credit,
    amount,
    code,
    metadata: { note },
  });
  await l.transfer(t('deposit-1', bank.id, agent.id, 5_000_000, 'DEPOSIT', '代理商银行汇款入预存款'));
  await l.transfer(t('allot-1', agent.id, o1.id, 200_000, 'TRANSFER', '代理商向城关网点划拨'));
  await l.transfer(t('allot-2', agent.id, o2.id, 100_000, 'TRANSFER', '代理商向西街网点划拨'));
  await l.transfer(t('topup-1', o1.id, clearing.id, 5_000, 'TOPUP', '为 138****8000 充值 50 元'));
  await l.transfer(t('topup-2', o1.id, clearing.id, 10_000, 'TOPUP', '为 139****1234 充值 100 元'));
  const mistaken = await l.transfer(t('topup-3', o1.id, clearing.id, 3_000, 'TOPUP', '为 137****5678 充值 30 元（号码输错）'));
  await l.transfer({ kind: 'reverse', scope: 'demo', key: 'reversal-1', reversesId: mistaken.transfer.id, code: 'TOPUP_REVERSAL', metadata: { note: '当日返销：号码输错' } });
  await l.transfer({
    kind: 'pending',
    scope: 'demo',
    key: 'hold-1',
    debitAccountId: o2.id,
    creditAccountId: clearing.id,
    amount: 2_000,
    code: 'TOPUP',
    metadata: { note: '充值 20 元，等待运营商确认' },
  });
}
