// A county month, as the API writes it (YYYY-MM) and as organisation_scores.month and
// settlements.month store it (its first day). Months are county months: a service belongs to
// the month of its county date, an event to the month its instant falls in, Asia/Shanghai.
// Scoring and settlement read the same months: a statement settles a scored month.
import { badInput } from '../platform/errors.js';
import { countyToday } from '../platform/county-time.js';
import { now as clockNow } from '../platform/clock.js';

export interface CountyMonth {
  /** YYYY-MM */
  month: string;
  /** The programme year it belongs to. */
  year: number;
  /** YYYY-MM-01 */
  firstDay: string;
  /** The month's last day, YYYY-MM-DD. */
  lastDay: string;
  /** The first day of the month after, YYYY-MM-DD (the end, exclusive). */
  nextFirstDay: string;
}

/** The month `by` months from `month` (YYYY-MM). */
export const addMonths = (month: string, by: number): string => {
  const d = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1 + by, 1));
  return d.toISOString().slice(0, 7);
};

/** Whether `month` is written YYYY-MM. */
export const isMonth = (month: string): boolean => /^\d{4}-(0[1-9]|1[0-2])$/.test(month);

/** Parses YYYY-MM (field names the argument in the error); BAD_USER_INPUT for anything else. */
export function parseMonth(month: string, field = 'month'): CountyMonth {
  if (!isMonth(month)) throw badInput('A month is written YYYY-MM, e.g. 2026-03.', { field, reason: 'MONTH_FORMAT' });
  const year = Number(month.slice(0, 4));
  const days = new Date(Date.UTC(year, Number(month.slice(5, 7)), 0)).getUTCDate();
  return { month, year, firstDay: `${month}-01`, lastDay: `${month}-${days}`, nextFirstDay: `${addMonths(month, 1)}-01` };
}

/** The county month before the one `now` falls in: the month the worker scores in the first days. */
export const previousCountyMonth = (now = clockNow()): string => addMonths(countyToday(now).slice(0, 7), -1);

/** The county month `now` falls in. */
export const currentCountyMonth = (now = clockNow()): string => countyToday(now).slice(0, 7);

/** A stored month (its first day) as the API writes it. */
export const monthOfDay = (firstDay: string): string => firstDay.slice(0, 7);
