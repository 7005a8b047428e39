// The county keeps one clock: Asia/Shanghai. Programme years, "today" for contracts and
// qualifications, and monthly periods are all counted in it, whatever the server's zone.
// "Now" is the clock's (server/platform/clock.ts), which a simulation may move forward.
import { now as clockNow } from './clock.js';
export const COUNTY_TIME_ZONE = 'Asia/Shanghai';

const dateFormat = new Intl.DateTimeFormat('en-CA', { timeZone: COUNTY_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The county's calendar date at `now`, as YYYY-MM-DD. */
export function countyToday(now = clockNow()): string {
  return dateFormat.format(now);
}

/** The programme year (calendar year in the county) at `now`. */
export function countyYear(now = clockNow()): number {
  return Number(countyToday(now).slice(0, 4));
}

/** `date` (YYYY-MM-DD) moved by `days`. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The instant the county's day `date` (YYYY-MM-DD) begins (Asia/Shanghai keeps UTC+8 all year). */
export function countyMidnight(date: string): Date {
  return new Date(`${date}T00:00:00+08:00`);
}
