// The month a statement settles, as the API writes it (YYYY-MM) and as the tables store it
// (its first day). Services are settled up to the month's last day, county dates.
import { badInput } from '../graphql/errors.js';

export interface SettlementMonth {
  /** YYYY-MM */
  month: string;
  year: number;
  /** 1..12 */
  number: number;
  /** YYYY-MM-01, as settlements.month stores it. */
  firstDay: string;
  /** The month's last day, YYYY-MM-DD. */
  lastDay: string;
}

/** Parses YYYY-MM; BAD_USER_INPUT for anything else. */
export function parseMonth(month: string): SettlementMonth {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!match) throw badInput('A month is written YYYY-MM, e.g. 2026-03.', { field: 'month' });
  const year = Number(match[1]);
  const number = Number(match[2]);
  const days = new Date(Date.UTC(year, number, 0)).getUTCDate();
  return { month, year, number, firstDay: `${month}-01`, lastDay: `${month}-${String(days).padStart(2, '0')}` };
}

/** settlements.month (a first day, YYYY-MM-DD) as the API writes it. */
export const monthOf = (firstDay: string) => firstDay.slice(0, 7);
