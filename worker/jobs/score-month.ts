// At 02:00 county time on the 1st: score the month that just ended, for every organisation.
// Idempotent: a second run finds the same facts and changes nothing, and signed-off scores
// are never touched. { month: 'YYYY-MM' } scores another month (a catch-up by hand).
import { scoreMonth } from '../../server/scoring/score-month.js';
import { previousCountyMonth } from '../../server/scoring/months.js';
import { COUNTY_TIME_ZONE } from '../../server/platform/county-time.js';
import type { JobDefinition } from '../queues.js';

interface ScorePreviousMonthJob {
  month?: string;
}

export const scorePreviousMonthJob: JobDefinition<ScorePreviousMonthJob, { month: string; scores: number }> = {
  name: 'score-previous-month',
  queue: 'maintenance',
  schedule: { pattern: '0 0 2 1 * *', tz: COUNTY_TIME_ZONE },
  async run(data, { db, log }) {
    const month = data?.month ?? previousCountyMonth();
    const scores = await scoreMonth(db, month, null);
    log.info({ month, scores: scores.length }, 'scored the month');
    return { month, scores: scores.length };
  },
};
