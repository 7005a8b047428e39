// Every minute: flag orders whose window started more than VISIT_GRACE_MINUTES ago with
// nobody checked in as late (the carer and the dispatcher are told), and mark those whose
// window ended more than the grace ago as missed (their holds go back to the recipients), in
// bounded set-based batches; and close the visits never checked out (the item's standard
// minutes times VISIT_MAX_DURATION_RATIO after the check-in) into the dispatcher's exception
// queue. Idempotent: a second run finds nothing new.
import { closeForgottenVisits, flagLateVisits, markMissedVisits } from '../../server/visits/missed-visits.js';
import { COUNTY_TIME_ZONE } from '../../server/platform/county-time.js';
import type { JobDefinition } from '../queues.js';

const BATCH = 500;
/** A run stops after this many batches of each; the next run takes the rest. */
const MAX_BATCHES = 20;

/** Runs `sweep` in batches until one comes back short; returns how many rows it took. */
async function inBatches(sweep: () => Promise<unknown[]>): Promise<number> {
  let total = 0;
  for (let i = 0; i < MAX_BATCHES; i++) {
    const batch = await sweep();
    total += batch.length;
    if (batch.length < BATCH) break;
  }
  return total;
}

export const sweepMissedVisitsJob: JobDefinition<Record<string, never>, { late: number; missed: number; notCheckedOut: number }> = {
  name: 'sweep-missed-visits',
  queue: 'maintenance',
  schedule: { pattern: '0 * * * * *', tz: COUNTY_TIME_ZONE },
  async run(_data, { db, config, log }) {
    // missed first: an order past its window's end is missed, not late
    const missed = await inBatches(() => markMissedVisits(db, config.VISIT_GRACE_MINUTES, { limit: BATCH, hotline: config.HOTLINE_PHONE }));
    const late = await inBatches(() => flagLateVisits(db, config.VISIT_GRACE_MINUTES, { limit: BATCH, hotline: config.HOTLINE_PHONE }));
    const notCheckedOut = await inBatches(() => closeForgottenVisits(db, config.VISIT_MAX_DURATION_RATIO, BATCH));
    if (late || missed || notCheckedOut) log.info({ late, missed, notCheckedOut }, 'swept late, missed and never checked-out visits');
    return { late, missed, notCheckedOut };
  },
};
