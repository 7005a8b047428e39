// Live notices of order changes. After a change commits, its order id is published on the
// topics of everyone who watches it: the order itself, its recipient's order list, its
// organisation's dispatcher board and its carer's job list (before and after, so a reassigned
// carer sees the job leave).
// Subscribers load the order fresh, through the same access rules as queries.
import type { EventBus } from '../platform/events.js';
import type { OrderRow } from './order-rows.js';

export interface OrderNotice {
  orderId: number;
  status: string;
}

export const orderTopic = (orderId: number) => `order/${orderId}`;
export const boardTopic = (organisationId: number) => `board/${organisationId}`;
export const carerTopic = (carerId: number) => `carer/${carerId}`;
export const recipientTopic = (recipientId: number) => `recipient/${recipientId}`;

/** Every topic a change from `before` to `after` concerns. */
export function topicsOf(before: Pick<OrderRow, 'organisation_id' | 'carer_id'> | null, after: OrderRow): string[] {
  const topics = new Set([orderTopic(after.id), recipientTopic(after.recipient_id)]);
  for (const o of [before, after]) {
    if (o?.organisation_id) topics.add(boardTopic(o.organisation_id));
    if (o?.carer_id) topics.add(carerTopic(o.carer_id));
  }
  return [...topics];
}

/**
 * Publishes committed changes. A failure to publish is logged, never thrown: the change is
 * already committed, and clients that miss a notice see it on their next query.
 */
export async function announce(
  events: EventBus,
  log: { warn: (obj: object, msg: string) => void },
  changes: { before: OrderRow | null; after: OrderRow }[],
): Promise<void> {
  const sends = changes.flatMap(({ before, after }) =>
    topicsOf(before, after).map((topic) => events.publish(topic, { orderId: after.id, status: after.status } satisfies OrderNotice)));
  const results = await Promise.allSettled(sends);
  const failed = results.filter((r) => r.status === 'rejected');
  if (failed.length) log.warn({ failed: failed.length, err: (failed[0] as PromiseRejectedResult).reason }, 'could not publish order notices');
}
