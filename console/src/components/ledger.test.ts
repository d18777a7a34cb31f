import { describe, expect, it } from 'vitest';
import { accountTypeLabel, newRequestKey, ownerLabel, reversalCode } from './ledger';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('ledger labels', () => {
  it('names the common account types in Chinese and shows others as they are', () => {
    expect(accountTypeLabel('OUTLET_PREPAID')).toBe('网点预存款');
    expect(accountTypeLabel('BANK_SETTLEMENT')).toBe('银行结算户');
    expect(accountTypeLabel('AGENT_FLOAT')).toBe('AGENT_FLOAT');
    expect(ownerLabel({ ownerType: 'outlet', ownerId: 'o1' })).toBe('网点 · o1');
    expect(ownerLabel({ ownerType: 'device', ownerId: 'pos-7' })).toBe('device · pos-7');
  });

  it('codes a reversal after the original business code', () => {
    expect(reversalCode('DEPOSIT')).toBe('DEPOSIT_REVERSAL');
    expect(reversalCode('DEPOSIT_REVERSAL')).toBe('DEPOSIT_REVERSAL');
    expect(reversalCode('A'.repeat(35))).toBe('REVERSAL');
  });
});

describe('newRequestKey', () => {
  it('uses crypto.randomUUID when the page is a secure context', () => {
    expect(newRequestKey()).toMatch(UUID);
    expect(newRequestKey()).not.toBe(newRequestKey());
  });

  it('still makes a random UUID over plain http, where randomUUID is missing', () => {
    const insecure: Pick<Crypto, 'getRandomValues'> = { getRandomValues: crypto.getRandomValues.bind(crypto) };
    const keys = new Set(Array.from({ length: 100 }, () => newRequestKey(insecure)));
    expect(keys.size).toBe(100);
    for (const key of keys) {
      expect(key).toMatch(UUID);
    }
  });
});
