import type { LedgerModule } from '../../server/src/modules/ledger';
import { ACCOUNTS, closedLoop, FUNDS } from './workload';

/**
 * 10,000 card wallets (no negative balance) opened through the ledger module, each funded
 * by one deposit from a bank settlement account. Returns the wallets' ids.
 */
export async function openAccounts(ledger: LedgerModule): Promise<string[]> {
  const bank = await ledger.openAccount({ code: 'BANK_SETTLEMENT', ownerType: 'platform', ownerId: 'bench', name: '基准测试结算户', noNegative: false });
  const ids: string[] = new Array<string>(ACCOUNTS);
  await closedLoop(ACCOUNTS, 16, async (i) => {
    ids[i] = (await ledger.openAccount({ code: 'CARD_WALLET', ownerType: 'card', ownerId: `c${i}`, name: `基准卡 ${i}` })).id;
  });
  await Promise.all(
    ids.map((id, i) =>
      ledger.transfer({ kind: 'single', scope: 'bench', key: `fund-${i}`, debitAccountId: bank.id, creditAccountId: id, amount: FUNDS, code: 'DEPOSIT' }),
    ),
  );
  return ids;
}
