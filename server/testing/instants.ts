// Instants tests set the project's clock to (setClockForTests in server/platform/clock.ts), so
// that what they check does not depend on the day or the hour they run. A test about a
// boundary (a week, a month's end, the programme year, a Sunday) sets its own instant, named
// where it is set; these are for tests that only need an ordinary day.
import { addMonths } from '../scoring/months.js';

/**
 * An ordinary working morning in the county: Wednesday 12 May 2027, 10:00. The weeks after it
 * stay in one month, one quarter and one programme year, so "tomorrow" and "in a few days" are
 * ordinary days too, with carers at work (also the demo county's, who rest on Sundays and work
 * 08:00–18:00).
 */
export const ORDINARY_MORNING = '2027-05-12T10:00:00+08:00';

/**
 * 10:00 on the 10th of the month after `month` (YYYY-MM): that month and every one before it
 * are over, and services written as confirmed leave them closed, so they may be scored and
 * settled (server/scoring/month-close.ts). Tests that settle months of the next programme
 * year set the clock here once their set-up has opened it.
 */
export const monthClosedMorning = (month: string): string => `${addMonths(month, 1)}-10T10:00:00+08:00`;
