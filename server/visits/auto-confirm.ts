// Automatic confirmation: a completed service that nobody confirmed or disputed within
// AUTO_CONFIRM_HOURS is confirmed by the system, so settlement is not held up by silence.
// Set-based: one statement confirms a batch, records its events and marks its visits.
// Idempotent: only orders still `completed` are picked, so a second run finds nothing.
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import { orderTransitions } from '../orders/order-lifecycle.js';
import type { OrderRow } from '../orders/order-rows.js';
import { sqlNow } from '../platform/clock.js';

/** Confirms up to `limit` completed orders whose completion is older than `hours`; returns them as confirmed. */
export async function autoConfirmServices(db: Database, hours: number, limit = 500): Promise<OrderRow[]> {
  const { from, to } = orderTransitions.confirm;
  // a completed order's status_changed_at is the moment it was completed; a disputed one is no longer `completed`
  const { rows } = await sql<OrderRow>`
    with clock (now) as (values (${sqlNow()})),
    due as (
      select id, status from orders, clock
       where status in (${sql.join(from)}) and status_changed_at < clock.now - make_interval(hours => ${hours})
       order by status_changed_at, id
       limit ${limit}
         for update skip locked
    ), confirmed as (
      update orders o set status = ${to}, status_changed_at = clock.now
        from due, clock where o.id = due.id
      returning o.*
    ), events as (
      insert into order_events (order_id, action, from_status, to_status, actor_id, channel, reason, data, at)
      select c.id, 'confirm', due.status, c.status, null, 'system', '', '{"automatic":true}'::jsonb, c.status_changed_at
        from confirmed c join due on due.id = c.id
    ), marked as (
      update visits v set confirmed_via = 'automatic', confirmed_at = confirmed.status_changed_at
        from confirmed where v.order_id = confirmed.id
    )
    select * from confirmed order by id`.execute(db);
  return rows;
}
