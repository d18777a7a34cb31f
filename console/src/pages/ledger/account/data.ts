import dayjs from 'dayjs';
import type { CsvCell } from '../../../components/csv';
// DateTime 同时为 dayjs 装好 utc、timezone 插件。
import { BUSINESS_TIMEZONE, formatDateTime } from '../../../components/DateTime';
import { counterpartyOf, noteOf, TRANSFER_KINDS, type LedgerAccount, type Statement, type StatementLine } from '../../../components/ledger';
import { fenToYuan } from '../../../components/money';

/** 业务日按北京时间划分：某天 00:00 到次日 00:00。 */
export const DATE_FORMAT = 'YYYY-MM-DD';
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** 北京时间的今天，`YYYY-MM-DD`。 */
export const businessToday = (now: Date = new Date()): string => dayjs(now).tz(BUSINESS_TIMEZONE).format(DATE_FORMAT);

export const isDate = (value: string | null | undefined): value is string =>
  typeof value === 'string' && DATE.test(value) && dayjs(value, DATE_FORMAT).format(DATE_FORMAT) === value;

/**
 * 起止业务日（含两端）→ 对账单接口要的 [from, to)：
 * 起始日北京时间 00:00，到结束日次日北京时间 00:00（即结束日 24:00）。
 */
export const businessDayRange = (first: string, last: string): { from: string; to: string } => ({
  from: dayjs.tz(first, BUSINESS_TIMEZONE).toISOString(),
  to: dayjs.tz(last, BUSINESS_TIMEZONE).add(1, 'day').toISOString(),
});

/** 日期时间选择器里的“北京时间”墙上时间 → ISO 时刻（与浏览器所在时区无关）。 */
export const businessInstant = (wallClock: string): string => dayjs.tz(wallClock, BUSINESS_TIMEZONE).toISOString();

/**
 * 对账单里每笔冻结后来怎样了、每笔交易是否已被冲正。服务端对每一行给出 resolvedBy / reversedBy
 * （不论后续交易发生在哪一天）；处理方式（入账/撤销/过期）在本期对账单里能查到时一并显示。
 */
export const statementFollowUps = (lines: readonly StatementLine[]) => {
  const kinds = new Map(lines.map((line) => [line.transfer.id, line.transfer.kind]));
  const resolved = new Map<number, StatementLine['transfer']['kind'] | 'resolved'>();
  const reversed = new Set<number>();
  for (const line of lines) {
    if (line.resolvedBy !== null) {
      resolved.set(line.transfer.id, kinds.get(line.resolvedBy) ?? 'resolved');
    }
    if (line.reversedBy !== null) {
      reversed.add(line.transfer.id);
    }
  }
  return { resolved, reversed };
};

/** 本期收入、支出合计（分）。 */
export const statementTotals = (lines: readonly StatementLine[]) =>
  lines.reduce(
    (sum, line) => ({
      income: sum.income + (line.change > 0 ? line.change : 0),
      expense: sum.expense + (line.change < 0 ? line.change : 0),
    }),
    { income: 0, expense: 0 },
  );

/** 导出 CSV 的表格：表头、期初余额、每笔交易、期末余额。金额以元为单位、两位小数。 */
export const statementCsvRows = (
  statement: Statement,
  accountName: (id: string) => string,
): CsvCell[][] => [
  ['时间', '流水号', '交易编号', '业务代码', '类型', '对方账户', '收入/支出（元）', '余额（元）', '备注'],
  [formatDateTime(statement.from), '', '', '', '期初余额', '', '', fenToYuan(statement.opening.posted), ''],
  ...statement.lines.map(({ transfer, change, balanceAfter }) => [
    formatDateTime(transfer.createdAt),
    transfer.key,
    transfer.id,
    transfer.code,
    transfer.reversesId === null ? TRANSFER_KINDS[transfer.kind].label : `${TRANSFER_KINDS[transfer.kind].label}（冲正 #${transfer.reversesId}）`,
    accountName(counterpartyOf(transfer, statement.accountId)),
    change === 0 ? '' : fenToYuan(change),
    fenToYuan(balanceAfter),
    noteOf(transfer),
  ]),
  [formatDateTime(statement.to), '', '', '', '期末余额', '', '', fenToYuan(statement.closing.posted), ''],
];

/** 导出文件名：`对账单_城关网点预存款_2025-03-01至2025-03-07.csv`。 */
export const statementFilename = (account: Pick<LedgerAccount, 'name'>, first: string, last: string): string => {
  const name = account.name.replace(/[\\/:*?"<>|\s]+/g, '_');
  return `对账单_${name}_${first === last ? first : `${first}至${last}`}.csv`;
};
