// An order's change and its effects, in the caller's transaction: the lifecycle applies the
// action and records the event; the live notices to everyone who watches the order and,
// when the order goes (back) to matching, the matching job are recorded in the outbox, so
// they are delivered after commit however the change was made (API, worker, a sweep); and
// the messages it calls for (messages/order-messages.ts), with their send jobs.
import type { Database } from '../db/database.js';
import type { Actor, ApplyOptions, Transition } from '../platform/lifecycle.js';
import { recordEffects, type Effect } from '../platform/outbox.js';
import { matchJobId, PRIORITY } from '../platform/jobs.js';
import { orderLifecycle, type OrderAction } from './order-lifecycle.js';
import { noticesOf } from './notices.js';
import { orderMessages } from '../messages/order-messages.js';
import { queueMessages } from '../messages/queue-messages.js';
import type { OrderRow } from './order-rows.js';

/** Actions after which the order waits for matching: the worker is asked to match it. */
const sentToMatching: ReadonlySet<OrderAction> = new Set(['place', 'decline', 'unassign', 'rebook']);

/** The matching job for an order that waits for it; urgent orders first. */
export const matchingJob = (orderId: number, urgent: boolean, jobId: string): Effect => ({
  kind: 'job',
  queue: 'matching',
  name: 'match-order',
  data: { orderId },
  jobId,
  priority: urgent ? PRIORITY.urgent : PRIORITY.normal,
});

/**
 * The matching job's id for this round: one per decline count, so a retry of the same round
 * runs once; a move back to matching (unassign, rebook) is a round of its own, named by its moment.
 */
const matchingRound = (action: OrderAction, after: OrderRow) =>
  action === 'unassign' || action === 'rebook'
    ? `${matchJobId(after.id, after.declined_carer_ids.length)}-moved-${after.status_changed_at.getTime()}`
    : matchJobId(after.id, after.declined_carer_ids.length);

/** Applies `action` to the order and records its effects; returns the order before and after. */
export async function transition(
  trx: Database,
  orderId: number,
  action: OrderAction,
  actor: Actor,
  options: ApplyOptions<OrderRow> = {},
): Promise<Transition<OrderRow>> {
  const change = await orderLifecycle.apply(trx, orderId, action, actor, options);
  await recordEffects(trx, [
    ...noticesOf(change),
    ...(sentToMatching.has(action) ? [matchingJob(orderId, change.after.is_urgent, matchingRound(action, change.after))] : []),
  ]);
  await queueMessages(trx, await orderMessages(trx, action, change));
  return change;
}

/** Locks an order for the rest of the transaction, or NOT_FOUND. */
export const lockOrder = (trx: Database, orderId: number): Promise<OrderRow> => orderLifecycle.lock(trx, orderId);
