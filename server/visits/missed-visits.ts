// Late, missed and never checked-out visits (what EVV systems call late and missed clock-ins,
// and a missing clock-out). An order still
// waiting for its visit whose window started more than the grace ago is late: flagged once
// (late_at), with live notices to its carer and the dispatcher's board and messages to the
// recipient and the dispatchers (messages/order-messages.ts). One whose window
// ended more than the grace ago is missed: the order lifecycle's `miss`, the budget hold back
// to the recipient through the ledger, and notices to everyone who watches it (the
// recipient's order list among them, where they are offered a new time). A visit still open
// long after it should have ended (the item's standard minutes times the maximum ratio) was
// never checked out: the order is completed (the carer is free for the next job) and the
// visit goes to the dispatcher's exception queue, not counted until resolved.
// Set-based and bounded: each batch is one transaction; orders another transaction holds
// are skipped and taken by the next run. Idempotent: a second run finds nothing new. Time is
// the project's clock, so a simulation moves it.
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import { awaitingVisitStatuses, orderLifecycle } from '../orders/order-lifecycle.js';
import { noticesOfRows } from '../orders/notices.js';
import type { OrderRow } from '../orders/order-rows.js';
import { releaseOrderHolds } from '../orders/order-actions.js';
import { now } from '../platform/clock.js';
import { systemActor } from '../platform/lifecycle.js';
import { visitExceptionLifecycle } from './visit-exception-lifecycle.js';
import { recordEffects } from '../platform/outbox.js';
import { DEFAULT_HOTLINE_PHONE } from '../config.js';
import { sweptOrderMessages } from '../messages/order-messages.js';
import { queueMessages } from '../messages/queue-messages.js';

/** How much a sweep takes at once, and the hotline its messages to recipients give. */
export interface SweepOptions {
  limit?: number;
  hotline?: string;
}

/** The instant `graceMinutes` before now: windows that started (or ended) before it are late (or missed). */
const graceAgo = (at: Date, graceMinutes: number) => new Date(at.getTime() - graceMinutes * 60_000);

/** Flags up to `limit` orders late whose window started more than the grace ago with nobody checked in; returns them. */
export async function flagLateVisits(
  db: Database,
  graceMinutes: number,
  { limit = 500, hotline = DEFAULT_HOTLINE_PHONE }: SweepOptions = {},
): Promise<OrderRow[]> {
  const at = now();
  const since = graceAgo(at, graceMinutes);
  return db.transaction().execute(async (trx) => {
    // not yet missed: the missed sweep takes those, and a late flag on them would tell nobody anything
    const late = await orderLifecycle.noteWhere(
      trx,
      'late',
      systemActor,
      awaitingVisitStatuses,
      sql`t.late_at is null and t.window_start < ${since}::timestamptz and t.window_end >= ${since}::timestamptz`,
      { at, set: { late_at: sql`${at}::timestamptz` }, orderBy: sql`t.window_start, t.id`, limit },
    );
    await recordEffects(trx, noticesOfRows(late));
    await queueMessages(trx, await sweptOrderMessages(trx, 'late', late, hotline));
    return late.sort((a, b) => a.id - b.id);
  });
}

/** Marks up to `limit` orders missed whose window ended more than the grace ago with nobody checked in, releasing their holds; returns them. */
export async function markMissedVisits(
  db: Database,
  graceMinutes: number,
  { limit = 500, hotline = DEFAULT_HOTLINE_PHONE }: SweepOptions = {},
): Promise<OrderRow[]> {
  const at = now();
  const since = graceAgo(at, graceMinutes);
  return db.transaction().execute(async (trx) => {
    // window_start bounds it too (it is before window_end), so the partial index on awaiting orders' window_start is used
    const missed = await orderLifecycle.applyWhere(
      trx,
      'miss',
      systemActor,
      sql`t.window_start < ${since}::timestamptz and t.window_end < ${since}::timestamptz`,
      { at, reason: 'Nobody checked in before the window and its grace were over.', orderBy: sql`t.window_end, t.id`, limit },
    );
    if (!missed.length) return [];
    await releaseOrderHolds(trx, missed);
    await recordEffects(trx, noticesOfRows(missed));
    await queueMessages(trx, await sweptOrderMessages(trx, 'missed', missed, hotline));
    return missed.sort((a, b) => a.id - b.id);
  });
}

/**
 * Completes up to `limit` services whose visit was never checked out, `maxDurationRatio`
 * times their standard minutes after the check-in, and opens their exceptions as not
 * checked out; returns the orders completed.
 */
export async function closeForgottenVisits(db: Database, maxDurationRatio: number, limit = 500): Promise<OrderRow[]> {
  const at = now();
  return db.transaction().execute(async (trx) => {
    const forgotten = sql<boolean>`t.id in (
      select v.order_id from visits v
       where v.checked_out_at is null and v.exception_status = 'none'
         and v.checked_in_at + make_interval(mins => (v.standard_minutes * ${maxDurationRatio}::float8)::int) < ${at}::timestamptz)`;
    const completed = await orderLifecycle.applyWhere(trx, 'complete', systemActor, forgotten, {
      at,
      reason: 'Never checked out: the visit is in the exception queue.',
      orderBy: sql`t.id`,
      limit,
    });
    if (!completed.length) return [];
    const ids = completed.map((o) => o.id);
    await visitExceptionLifecycle.applyWhere(trx, 'flag', systemActor, sql`t.order_id = any(${ids}::int[])`, {
      at,
      data: { flags: ['not_checked_out'] },
      set: { flags: sql`array_append(flags, 'not_checked_out')`, countable: sql`false` },
    });
    await recordEffects(trx, noticesOfRows(completed));
    return completed;
  });
}
