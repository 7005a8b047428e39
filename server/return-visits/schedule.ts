// Scheduling one return visit (回访) and giving it to a grid worker of the recipient's village:
// the one with the fewest visits still to do. Used by the policy job (quarterly visits and
// service samples) and by an upheld complaint. Scheduling the same visit twice adds nothing.
import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../db/database.js';
import { systemActor, type Actor } from '../platform/lifecycle.js';
import { sqlNow } from '../platform/clock.js';
import { returnVisitLifecycle } from './return-visit-lifecycle.js';

export type ReturnVisitReason = 'quarterly' | 'service_sample' | 'complaint';

interface ReturnVisitRequest {
  recipientId: number;
  reason: ReturnVisitReason;
  /** YYYY-MM-DD, county date. */
  dueOn: string;
  /** The quarter a quarterly visit covers (2026Q4). */
  period?: string | null;
  orderId?: number | null;
  complaintId?: number | null;
  /** Whose services the answers judge; default: the order's organisation. */
  organisationId?: number | null;
}

/**
 * The grid worker a new visit in `village` goes to (null when the village has no active one):
 * the active grid workers of the village ranked by visits still to do, then by id; the visit
 * takes the first. In a statement that schedules many visits at once every row sees the loads
 * as they were before it, so `ordinal` (the row's 0-based position among the statement's new
 * visits in that village) deals them out in turn from the least loaded, instead of giving the
 * whole batch to one person.
 */
export function gridWorkerFor(village: RawBuilder<number>, ordinal: RawBuilder<number> = sql<number>`0`): RawBuilder<number | null> {
  return sql<number | null>`(
    select w.user_id from (
      select g.user_id,
             row_number() over (order by (select count(*) from return_visits v where v.assigned_to = g.user_id and v.status = 'scheduled'), g.user_id) - 1 as rank,
             count(*) over () as workers
        from grid_worker_villages g
        join users u on u.id = g.user_id and u.active and u.role = 'grid_worker'
       where g.village_id = ${village}) w
     where w.rank = ${ordinal} % w.workers)`;
}

/**
 * SQL for a CTE of a statement that schedules visits: records the 'schedule' event of each
 * visit `created` (a CTE returning the new rows' id and reason) returns; the event's reason
 * is the visit's.
 */
export function scheduledEvents(created: RawBuilder<unknown>, actor: Actor = systemActor): RawBuilder<unknown> {
  return returnVisitLifecycle.record('schedule', created, {
    subject: sql`${created}.id`,
    actor: sql`${actor.userId}::int`,
    channel: sql`${actor.channel}::text`,
    reason: sql`${created}.reason`,
    at: sql`${sqlNow()}`,
  });
}

/** The status a visit is scheduled in, for the statements that insert visits. */
export const scheduledStatus = sql`${returnVisitLifecycle.target('schedule')}::text`;

/**
 * Schedules a return visit in the caller's transaction, with its first event; returns its id,
 * or null when the same visit (the recipient's quarter, the order's sample, the complaint's
 * visit) exists. `actor`: who scheduled it (the system by default; the verifier of an upheld complaint).
 */
export async function scheduleReturnVisit(trx: Database, r: ReturnVisitRequest, actor: Actor = systemActor): Promise<number | null> {
  const { rows } = await sql<{ id: number }>`
    with created as (
      insert into return_visits (recipient_id, village_id, reason, period, order_id, complaint_id, organisation_id, due_on, assigned_to, status)
      select rc.id, rc.village_id, ${r.reason}, ${r.period ?? null}::text, ${r.orderId ?? null}::int, ${r.complaintId ?? null}::int,
             coalesce(${r.organisationId ?? null}::int, (select o.organisation_id from orders o where o.id = ${r.orderId ?? null}::int)),
             ${r.dueOn}::date,
             ${gridWorkerFor(sql`rc.village_id`)},
             ${scheduledStatus}
        from recipients rc
       where rc.id = ${r.recipientId}
      on conflict do nothing
      returning id, reason),
    event as (${scheduledEvents(sql`created`, actor)})
    select id from created`.execute(trx);
  return rows[0]?.id ?? null;
}
