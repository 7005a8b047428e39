import { badInput } from '../platform/errors.js';

export interface WorkingHoursInput {
  weekday: number;
  startsAt: string;
  endsAt: string;
}

interface WorkingHoursRow {
  weekday: number;
  starts_at: string;
  ends_at: string;
}

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * Validates a carer's weekly hours: weekday 1 (Monday) to 7, HH:MM on a 24-hour clock, each
 * range ending after it starts and none overlapping another on the same weekday.
 */
export function validateWorkingHours(hours: WorkingHoursInput[]): WorkingHoursRow[] {
  const rows = hours.map((h, i) => {
    const field = `workingHours[${i}]`;
    if (!Number.isInteger(h.weekday) || h.weekday < 1 || h.weekday > 7) {
      throw badInput('A weekday is 1 (Monday) to 7 (Sunday).', { field, reason: 'WEEKDAY_RANGE' });
    }
    const startsAt = h.startsAt.trim();
    const endsAt = h.endsAt.trim();
    if (!HH_MM.test(startsAt) || !HH_MM.test(endsAt)) throw badInput('Times are HH:MM on a 24-hour clock, e.g. 08:30.', { field, reason: 'TIME_FORMAT' });
    // HH:MM strings order as the times they name
    if (endsAt <= startsAt)
      throw badInput('Working hours must end after they start.', { field, reason: 'WORKING_HOURS_REVERSED', weekday: h.weekday, from: startsAt, to: endsAt });
    return { weekday: h.weekday, starts_at: startsAt, ends_at: endsAt };
  });
  const sorted = [...rows].sort((a, b) => a.weekday - b.weekday || a.starts_at.localeCompare(b.starts_at));
  for (let i = 1; i < sorted.length; i++) {
    const [prev, next] = [sorted[i - 1], sorted[i]];
    // touching ranges (08:00-12:00, 12:00-18:00) are fine; sharing a minute is not
    if (prev.weekday === next.weekday && next.starts_at < prev.ends_at) {
      throw badInput(`Working hours overlap on weekday ${next.weekday}: ${prev.starts_at}-${prev.ends_at} and ${next.starts_at}-${next.ends_at}.`, {
        field: 'workingHours',
        reason: 'WORKING_HOURS_OVERLAP',
        weekday: next.weekday,
        earlier: `${prev.starts_at}-${prev.ends_at}`,
        later: `${next.starts_at}-${next.ends_at}`,
      });
    }
  }
  return sorted;
}

/** A stored time ('08:30:00') as the API shows it ('08:30'). */
export const toHhMm = (time: string) => time.slice(0, 5);
