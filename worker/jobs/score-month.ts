// At 02:00 county time on each of the first ten days of a month: score the month before, for
// every organisation, once it is closed (month-close.ts: every service of it confirmed,
// disputed or missed, which auto-confirmation brings about AUTO_CONFIRM_HOURS after its last
// service). Until then the run says how many services are unfinished and scores nothing, and
// the next day's run tries again; an evaluator can also score it from the console any day.
// Idempotent: a second run finds the same facts and changes nothing, and signed-off scores
// are never touched. { month: 'YYYY-MM' } scores another month (a catch-up by hand).
import { scoreMonth } from '../../server/scoring/score-month.js';
import { previousCountyMonth } from '../../server/scoring/months.js';
import { COUNTY_TIME_ZONE } from '../../server/platform/county-time.js';
import { DomainError } from '../../server/platform/errors.js';
import type { JobDefinition } from '../queues.js';

interface ScorePreviousMonthJob {
  month?: string;
}

/** What a run did: the scores it wrote or found, or why the month is not closed yet. */
interface ScoreMonthOutcome {
  month: string;
  scores: number;
  notClosed?: { reason: string; openServices?: number };
}

const NOT_CLOSED = new Set(['MONTH_NOT_OVER', 'MONTH_HAS_OPEN_SERVICES']);

export const scorePreviousMonthJob: JobDefinition<ScorePreviousMonthJob, ScoreMonthOutcome> = {
  name: 'score-previous-month',
  queue: 'maintenance',
  schedule: { pattern: '0 0 2 1-10 * *', tz: COUNTY_TIME_ZONE },
  async run(data, { db, log }) {
    const month = data?.month ?? previousCountyMonth();
    try {
      const scores = await scoreMonth(db, month, null);
      log.info({ month, scores: scores.length }, 'scored the month');
      return { month, scores: scores.length };
    } catch (err) {
      // not a failure: the month closes with time, and tomorrow's run scores it (retrying now would find the same)
      if (!(err instanceof DomainError) || !NOT_CLOSED.has(err.details.reason as string)) throw err;
      const { reason, openServices } = err.details as { reason: string; openServices?: number };
      log.info({ month, reason, openServices }, 'the month is not closed yet: not scored');
      return { month, scores: 0, notClosed: { reason, openServices } };
    }
  },
};
