import { describe, expect, it } from 'vitest';
import type { Statement } from '../../../components/ledger';
import { businessDayRange, businessInstant, businessToday, isDate, statementCsvRows, statementFilename, statementFollowUps, statementTotals } from './data';

const transfer = (patch: Partial<Statement['lines'][number]['transfer']>): Statement['lines'][number]['transfer'] => ({
  id: 1,
  key: 'k1',
  scope: 'api:u1',
  kind: 'single',
  debitAccountId: 'bank',
  creditAccountId: 'outlet',
  amount: 10_000,
  currency: 'CNY',
  code: 'DEPOSIT',
  pendingId: null,
  reversesId: null,
  linkedGroup: null,
  expiresAt: null,
  eventAt: '2025-03-01T01:00:00.000Z',
  createdAt: '2025-03-01T01:00:00.000Z',
  metadata: {},
  hash: 'h',
  ...patch,
});

describe('business days', () => {
  it('runs a statement day from 00:00 to 24:00 Beijing time', () => {
    expect(businessDayRange('2025-03-01', '2025-03-01')).toEqual({
      from: '2025-02-28T16:00:00.000Z',
      to: '2025-03-01T16:00:00.000Z',
    });
    expect(businessDayRange('2025-03-01', '2025-03-07').to).toBe('2025-03-07T16:00:00.000Z');
  });

  it('knows today in Beijing even when UTC is still on yesterday', () => {
    expect(businessToday(new Date('2025-03-01T16:30:00Z'))).toBe('2025-03-02');
    expect(businessToday(new Date('2025-03-01T15:59:59Z'))).toBe('2025-03-01');
  });

  it('reads a picked wall-clock time as Beijing time', () => {
    expect(businessInstant('2025-03-01 08:00:00')).toBe('2025-03-01T00:00:00.000Z');
  });

  it('accepts only real dates from the address bar', () => {
    expect(isDate('2025-03-01')).toBe(true);
    expect(isDate('2025-02-30')).toBe(false);
    expect(isDate('2025-3-1')).toBe(false);
    expect(isDate(null)).toBe(false);
  });
});

describe('statement export', () => {
  const statement: Statement = {
    accountId: 'outlet',
    from: '2025-02-28T16:00:00.000Z',
    to: '2025-03-01T16:00:00.000Z',
    opening: { posted: 500, pending: 0, available: 500, debitsPosted: 0, creditsPosted: 500, debitsPending: 0, creditsPending: 0 },
    closing: { posted: 500, pending: 0, available: 500, debitsPosted: 10_000, creditsPosted: 10_500, debitsPending: 0, creditsPending: 0 },
    lines: [
      { transfer: transfer({ metadata: { note: '首笔预存' } }), change: 10_000, balanceAfter: 10_500, reversedBy: 2, resolvedBy: null },
      {
        transfer: transfer({ id: 2, key: 'r1', debitAccountId: 'outlet', creditAccountId: 'bank', code: 'DEPOSIT_REVERSAL', reversesId: 1 }),
        change: -10_000,
        balanceAfter: 500,
        reversedBy: null,
        resolvedBy: null,
      },
    ],
  };

  it('adds up money in and out', () => {
    expect(statementTotals(statement.lines)).toEqual({ income: 10_000, expense: -10_000 });
  });

  it('writes yuan with two decimals, Beijing times and counterparties by name', () => {
    const rows = statementCsvRows(statement, (id) => (id === 'bank' ? '工行结算户' : id));
    expect(rows).toEqual([
      ['时间', '流水号', '交易编号', '业务代码', '类型', '对方账户', '收入/支出（元）', '余额（元）', '备注'],
      ['2025-03-01 00:00:00', '', '', '', '期初余额', '', '', '5.00', ''],
      ['2025-03-01 09:00:00', 'k1', 1, 'DEPOSIT', '转账', '工行结算户', '100.00', '105.00', '首笔预存'],
      ['2025-03-01 09:00:00', 'r1', 2, 'DEPOSIT_REVERSAL', '转账（冲正 #1）', '工行结算户', '-100.00', '5.00', ''],
      ['2025-03-02 00:00:00', '', '', '', '期末余额', '', '', '5.00', ''],
    ]);
  });

  it('names the file after the account and the days', () => {
    expect(statementFilename({ name: '城关 网点/预存' }, '2025-03-01', '2025-03-01')).toBe('对账单_城关_网点_预存_2025-03-01.csv');
    expect(statementFilename({ name: '城关网点' }, '2025-03-01', '2025-03-07')).toBe('对账单_城关网点_2025-03-01至2025-03-07.csv');
  });
});

describe('what happened later', () => {
  it('knows a transfer was reversed or a hold resolved even when that happened outside the period', () => {
    const lines: Statement['lines'] = [
      { transfer: transfer({ id: 5 }), change: -100, balanceAfter: 0, reversedBy: 99, resolvedBy: null },
      { transfer: transfer({ id: 6, kind: 'pending' }), change: 0, balanceAfter: 0, reversedBy: null, resolvedBy: 7 },
      { transfer: transfer({ id: 7, kind: 'void', pendingId: 6 }), change: 0, balanceAfter: 0, reversedBy: null, resolvedBy: null },
      { transfer: transfer({ id: 8, kind: 'pending' }), change: 0, balanceAfter: 0, reversedBy: null, resolvedBy: 120 },
    ];
    const { reversed, resolved } = statementFollowUps(lines);
    expect([...reversed]).toEqual([5]);
    expect([...resolved]).toEqual([
      [6, 'void'],
      [8, 'resolved'],
    ]);
  });
});
