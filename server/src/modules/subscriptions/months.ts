/** Months as 'YYYY-MM' in the business time zone (Asia/Shanghai): which month an instant is in, its bounds. */
import { businessDate, startOfBusinessDay } from '../../platform/business-time';

export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export const monthOf = (instant: number, timeZone: string): string => businessDate(instant, timeZone).slice(0, 7);

export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** [start, end) of a month, epoch ms. */
export function monthBounds(month: string, timeZone: string): { start: number; end: number } {
  return { start: startOfBusinessDay(`${month}-01`, timeZone), end: startOfBusinessDay(`${nextMonth(month)}-01`, timeZone) };
}

/** 'YYYYMM', as the ledger key and the carrier file write a month. */
export const compactMonth = (month: string) => month.replace('-', '');
