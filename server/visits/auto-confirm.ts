// Automatic confirmation: a completed service that nobody confirmed or disputed within
// AUTO_CONFIRM_HOURS is confirmed by the system, so settlement is not held up by silence.
// Set-based: one transaction confirms a batch through the order lifecycle (one statement,
// one event per order), marks its visits and records its notices.
// Idempotent: only orders still `completed` are picked, so a second run finds nothing.
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import { orderLifecycle } from '../orders/order-lifecycle.js';
import { noticesOfRows } from '../orders/notices.js';
import type { OrderRow } from '../orders/order-rows.js';
import { now } from '../platform/clock.js';
import { systemActor } from '../platform/lifecycle.js';
import { recordEffects } from '../platform/outbox.js';

/** Confirms up to `limit` completed orders whose completion is older than `hours`; returns them as confirmed. */
export async function autoConfirmServices(db: Database, hours: number, limit = 500): Promise<OrderRow[]> {
  const at = now();
  return db.transaction().execute(async (trx) => {
    // a completed order's status_changed_at is the moment it was completed; a disputed one is no longer `completed`
    const confirmed = await orderLifecycle.applyWhere(
      trx,
      'confirm',
      systemActor,
      sql`t.status_changed_at < ${at}::timestamptz - make_interval(hours => ${hours})`,
      { at, data: { automatic: true }, orderBy: sql`t.status_changed_at, t.id`, limit },
    );
    if (!confirmed.length) return [];
    await trx
      .updateTable('visits')
      .set({ confirmed_via: 'automatic', confirmed_at: at })
      .where(
        'order_id',
        'in',
        confirmed.map((o) => o.id),
      )
      .execute();
    await recordEffects(trx, noticesOfRows(confirmed));
    return confirmed.sort((a, b) => a.id - b.id);
  });
}
