// Instants tests set the project's clock to (setClockForTests in server/platform/clock.ts), so
// that what they check does not depend on the day or the hour they run. A test about a
// boundary (a week, a month's end, the programme year, a Sunday) sets its own instant, named
// where it is set; these are for tests that only need an ordinary day.

/**
 * An ordinary working morning in the county: Wednesday 12 May 2027, 10:00. The weeks after it
 * stay in one month, one quarter and one programme year, so "tomorrow" and "in a few days" are
 * ordinary days too, with carers at work (also the demo county's, who rest on Sundays and work
 * 08:00–18:00).
 */
export const ORDINARY_MORNING = '2027-05-12T10:00:00+08:00';
