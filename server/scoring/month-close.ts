// A month is closed only when it is over (月度考核与结算的时点). Scoring, signing off and
// settling a month are refused until the month has ended in county time and every service of
// it has reached a state the month's money can rest on: confirmed (by the recipient, for them,
// or by the system once the auto-confirmation period has passed), disputed (its payment is
// decided later, and settled with a later month if upheld for the organisation) or missed.
// Cancelled orders are over too. Unfinished are the orders still waiting for their visit, in
// service or completed but not yet confirmed: the missed-visit sweep, the never-checked-out
// sweep and auto-confirmation move each of them on with time, so a month closes by itself a
// few days after its end (AUTO_CONFIRM_HOURS after its last service).
//
// A service belongs to its month by its window's county date, or by its visit's when the
// carer checked in before midnight for a window starting after it.
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import { badInput, conflict } from '../platform/errors.js';
import { COUNTY_TIME_ZONE, countyToday } from '../platform/county-time.js';
import { now as clockNow } from '../platform/clock.js';
import { awaitingVisitStatuses, type OrderStatus } from '../orders/order-lifecycle.js';
import { parseMonth, type CountyMonth } from './months.js';

/** Statuses of a visit made (or begun) whose confirmation is still to come. */
const unconfirmedVisitStatuses = ['in_service', 'completed'] as const satisfies readonly OrderStatus[];

/** Whether the month is over in county time at `now`. */
export const monthIsOver = (m: CountyMonth, now = clockNow()): boolean => countyToday(now) >= m.nextFirstDay;

/**
 * How many services of the month (of one organisation, or of all) are unfinished. Each arm
 * matches one partial index (orders_awaiting_visit_idx, orders_visit_unconfirmed_idx), both small.
 */
export async function unfinishedServices(db: Database, m: CountyMonth, organisationId: number | null = null): Promise<number> {
  const from = sql`(${m.firstDay}::timestamp at time zone ${COUNTY_TIME_ZONE})`;
  const until = sql`(${m.nextFirstDay}::timestamp at time zone ${COUNTY_TIME_ZONE})`;
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from orders o
     where (${organisationId}::int is null or o.organisation_id = ${organisationId}::int)
       and ((o.status = any(${awaitingVisitStatuses}::text[]) and o.window_start >= ${from} and o.window_start < ${until})
         or (o.status = any(${unconfirmedVisitStatuses}::text[])
             and ((o.window_start >= ${from} and o.window_start < ${until})
               or exists (select 1 from visits v where v.order_id = o.id
                             and v.service_date >= ${m.firstDay}::date and v.service_date < ${m.nextFirstDay}::date))))`.execute(db);
  return rows[0].n;
}

/** Where a month stands for its close, as monthClosing answers. */
export async function monthClosing(db: Database, month: string, now = clockNow()) {
  const m = parseMonth(month);
  const over = monthIsOver(m, now);
  // a month not over may still have unfinished services; a month not begun has none worth counting
  const unfinished = m.firstDay > countyToday(now) ? 0 : await unfinishedServices(db, m);
  return { month: m.month, lastDay: m.lastDay, over, unfinishedServices: unfinished, closable: over && unfinished === 0 };
}

/**
 * Refuses to close a month (score, sign off or settle it) before it is over: BAD_USER_INPUT
 * MONTH_NOT_OVER while it lasts or has not begun, CONFLICT MONTH_HAS_OPEN_SERVICES while any of
 * its services (the organisation's, when one is named) is unfinished, with how many.
 */
export async function requireClosedMonth(db: Database, m: CountyMonth, organisationId: number | null = null, now = clockNow()): Promise<void> {
  if (!monthIsOver(m, now)) {
    throw badInput(`${m.month} is not over: a month is scored and settled after its last day (from ${m.nextFirstDay}).`, {
      reason: 'MONTH_NOT_OVER',
      field: 'month',
      month: m.month,
      endsOn: m.lastDay,
    });
  }
  const open = await unfinishedServices(db, m, organisationId);
  if (open > 0) {
    throw conflict(
      `${open} service(s) of ${m.month} are not finished yet (waiting for a visit, in service, or not confirmed): the month closes once each is confirmed, disputed or missed.`,
      { reason: 'MONTH_HAS_OPEN_SERVICES', month: m.month, openServices: open, ...(organisationId === null ? {} : { organisationId }) },
    );
  }
}
