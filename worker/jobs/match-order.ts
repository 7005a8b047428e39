// Matching runs here, off the request path, so a burst of orders does not slow the API.
// Urgent orders carry a higher BullMQ priority and are taken first. The sweep re-queues
// orders whose enqueue was lost and retries flagged ones, since carers free up over time;
// an order still waiting UNMATCHED_ALERT_MINUTES on is told to its organisation's dispatchers.
import { matchOrder, ordersAwaitingMatch } from '../../server/matching/match-order.js';
import { matchJobId, type MatchOrderJob } from '../../server/platform/jobs.js';
import { matchingJob } from '../../server/orders/transitions.js';
import { COUNTY_TIME_ZONE } from '../../server/platform/county-time.js';
import type { JobDefinition } from '../queues.js';
import { recordEffects } from '../../server/platform/outbox.js';
import { now } from '../../server/platform/clock.js';
import { unmatchedOrderMessages } from '../../server/messages/order-messages.js';
import { queueMessages } from '../../server/messages/queue-messages.js';

export const matchOrderJob: JobDefinition<MatchOrderJob, { result: string }> = {
  name: 'match-order',
  queue: 'matching',
  async run({ orderId }, { db, log }) {
    const outcome = await matchOrder(db, orderId);
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
  async run(_data, { db, config }, job) {
    // one id per order per sweep: a sweep that runs twice queues each order once
    const sweep = `sweep-${job.id ?? Date.now()}`.replace(/:/g, '-');
    const waiting = await db.transaction().execute(async (trx) => {
      const orders = await ordersAwaitingMatch(trx, SWEEP_AFTER_SECONDS);
      await recordEffects(
        trx,
        orders.map((o) => matchingJob(o.id, o.is_urgent, `${matchJobId(o.id, 0)}-${sweep}`)),
      );
      // waiting long: people are told (once per order and round)
      const at = now();
      const longWaiting = orders.filter((o) => at.getTime() - o.status_changed_at.getTime() >= config.UNMATCHED_ALERT_MINUTES * 60_000);
      await queueMessages(trx, await unmatchedOrderMessages(trx, longWaiting, at));
      return orders;
    });
    return { queued: waiting.length };
  },
};
