// Which orders a viewer may see: one SQL condition on `orders as o`, used by every list,
// every single-order read and every action, so the rule lives in one place.
import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../db/database.js';
import type { Viewer } from '../auth/roles.js';
import { forbidden, notFound } from '../platform/errors.js';
import type { OrderRow } from './order-rows.js';
import { recipientScope } from '../registry/scope.js';

/**
 * The visibility condition for `orders as o`: dispatchers see their organisation's orders,
 * carers their jobs, everyone else the orders of the recipients they may see.
 */
export function orderVisibility(viewer: Viewer): RawBuilder<boolean> {
  switch (viewer.role) {
    case 'dispatcher':
      return sql<boolean>`o.organisation_id = ${viewer.organisationId}`;
    case 'carer':
      return sql<boolean>`o.carer_id = ${viewer.carerId}`;
    default:
      return sql<boolean>`exists (select 1 from recipients r where r.id = o.recipient_id and ${recipientScope(viewer, 'r')})`;
  }
}

/** The order if the viewer may see it; NOT_FOUND when it does not exist, FORBIDDEN when out of scope. */
export async function requireVisibleOrder(db: Database, viewer: Viewer, orderId: number): Promise<OrderRow> {
  const row = await db.selectFrom('orders as o').selectAll('o').select(orderVisibility(viewer).as('visible')).where('o.id', '=', orderId).executeTakeFirst();
  if (!row) throw notFound('Order', orderId);
  const { visible, ...order } = row;
  if (!visible) throw forbidden('That order is outside your scope.');
  return order as OrderRow;
}

/**
 * The orders a stream of notices is about, each read as it is now and only when the viewer may
 * see it; notices of others are dropped. A topic is chosen when the change is recorded, so a
 * notice can reach someone who no longer sees the order by the time it arrives (a recipient who
 * moved village meanwhile). Closing the stream closes the source at once, even while waiting.
 */
export function visibleNoticedOrders(db: Database, viewer: Viewer, notices: AsyncIterableIterator<{ orderId: number }>): AsyncIterableIterator<OrderRow> {
  const stream: AsyncIterableIterator<OrderRow> = {
    async next() {
      for (;;) {
        const step = await notices.next();
        if (step.done) return { done: true, value: undefined };
        const order = await db
          .selectFrom('orders as o')
          .selectAll('o')
          .where('o.id', '=', step.value.orderId)
          .where(orderVisibility(viewer))
          .executeTakeFirst();
        if (order) return { done: false, value: order as OrderRow };
      }
    },
    return: async () => {
      await notices.return?.();
      return { done: true, value: undefined };
    },
    throw: async (err?: unknown) => {
      await notices.return?.();
      throw err;
    },
    [Symbol.asyncIterator]: () => stream,
  };
  return stream;
}
