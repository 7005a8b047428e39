// Matching runs here, off the request path, so a burst of orders does not slow the API.
// Urgent orders carry a higher BullMQ priority and are taken first. The sweep re-queues
// orders whose enqueue was lost and retries flagged ones, since carers free up over time.
import { matchOrder, ordersAwaitingMatch } from '../../server/matching/match-order.js';
import { announce } from '../../server/orders/notices.js';
import { matchJobId, PRIORITY, type MatchOrderJob } from '../../server/platform/jobs.js';
import { COUNTY_TIME_ZONE } from '../../server/platform/county-time.js';
import type { JobDefinition } from '../queues.js';

export const matchOrderJob: JobDefinition<MatchOrderJob, { result: string }> = {
  name: 'match-order',
  queue: 'matching',
  async run({ orderId }, { db, events, log }) {
    const outcome = await matchOrder(db, orderId);
    await announce(events, log, outcome.changes);
    log.info({ orderId, result: outcome.result }, 'matched order');
    return { result: outcome.result };
  },
};

/** Orders waiting at least this long are re-queued by the sweep. */
const SWEEP_AFTER_SECONDS = 60;

export const sweepUnmatchedOrdersJob: JobDefinition<Record<string, never>, { queued: number }> = {
  name: 'sweep-unmatched-orders',
  queue: 'maintenance',
  schedule: { pattern: '30 * * * * *', tz: COUNTY_TIME_ZONE },
  async run(_data, { db, jobs }, job) {
    const waiting = await ordersAwaitingMatch(db, SWEEP_AFTER_SECONDS);
    // one id per order per sweep: a sweep that runs twice queues each order once
    const sweep = `sweep-${job.id ?? Date.now()}`.replace(/:/g, '-');
    await jobs.queue('matching').addBulk(waiting.map((o) => ({
      name: 'match-order',
      data: { orderId: o.id },
      opts: { jobId: `${matchJobId(o.id, 0)}-${sweep}`, priority: o.is_urgent ? PRIORITY.urgent : PRIORITY.normal },
    })));
    return { queued: waiting.length };
  },
};
