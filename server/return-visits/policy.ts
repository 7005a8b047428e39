// The return-visit policy, run daily by the worker (and on demand by a county admin): every
// active recipient once a quarter, and a sample of the services confirmed in the last days.
// Each rule is one INSERT … SELECT (with the new visits' 'schedule' events); the unique
// indexes on return_visits make a re-run (or two runs racing) add nothing, so the job is safe
// to deliver twice.
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import { addDays, countyToday, COUNTY_TIME_ZONE } from '../platform/county-time.js';
import { gridWorkerFor, scheduledEvents, scheduledStatus } from './schedule.js';

/** A service sample is due this many days after it is scheduled. */
export const SAMPLE_DUE_DAYS = 7;
/**
 * Services confirmed on any of the last this-many complete days are sampled, not only
 * yesterday's: a day the worker was down is caught up, and the sample of a day already done
 * is the same sample again (each day is ranked on its own), so nothing is added twice.
 */
export const SAMPLE_CATCH_UP_DAYS = 7;

interface Quarter {
  /** 2026Q4 */
  period: string;
  /** The quarter's last day, YYYY-MM-DD. */
  lastDay: string;
}

/** The calendar quarter a county date falls in. */
export function quarterOf(date: string): Quarter {
  const year = Number(date.slice(0, 4));
  const quarter = Math.ceil(Number(date.slice(5, 7)) / 3);
  const nextQuarterStart = quarter === 4 ? `${year + 1}-01-01` : `${year}-${String(quarter * 3 + 1).padStart(2, '0')}-01`;
  return { period: `${year}Q${quarter}`, lastDay: addDays(nextQuarterStart, -1) };
}

interface PolicyOptions {
  /** Share of each day's confirmed services that get a visit, 0–100 (RETURN_VISIT_SAMPLE_PERCENT). */
  samplePercent: number;
  /** The county date the policy runs for (default today). */
  today?: string;
}

/** Schedules what the policy asks for on `today` in one transaction; returns how many visits were added. */
export async function scheduleByPolicy(db: Database, { samplePercent, today = countyToday() }: PolicyOptions): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const quarterly = await scheduleQuarterly(trx, quarterOf(today));
    const samples = await scheduleServiceSamples(trx, today, samplePercent);
    return quarterly + samples;
  });
}

/**
 * A quarterly visit for every active recipient without one for the quarter, due on its last
 * day, judging the organisation that most recently served them (null if none has).
 */
async function scheduleQuarterly(trx: Database, { period, lastDay }: Quarter): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    with created as (
      insert into return_visits (recipient_id, village_id, reason, period, organisation_id, due_on, assigned_to, status)
      select c.id, c.village_id, 'quarterly', ${period}, c.organisation_id, ${lastDay}::date, ${gridWorkerFor(sql`c.village_id`, sql`c.ordinal`)},
             ${scheduledStatus}
        from (select r.id, r.village_id,
                     (select o.organisation_id from orders o
                       where o.recipient_id = r.id and o.status = 'confirmed'
                       order by o.status_changed_at desc, o.id desc limit 1) as organisation_id,
                     row_number() over (partition by r.village_id order by r.id) - 1 as ordinal
                from recipients r
               where r.status = 'active'
                 and not exists (select 1 from return_visits v where v.reason = 'quarterly' and v.recipient_id = r.id and v.period = ${period})) c
      on conflict do nothing
      returning id, reason),
    event as (${scheduledEvents(sql`created`)})
    select count(*)::int as n from created`.execute(trx);
  return rows[0].n;
}

/**
 * A visit for `percent` of the services confirmed on each of the last complete days (rounded
 * up), due within SAMPLE_DUE_DAYS. The pick is a stable order (md5 of the order id), so a
 * re-run picks the same services. Confirmed is when the order reached that status (a confirm,
 * or a dispute resolved in the service's favour), in county time.
 */
async function scheduleServiceSamples(trx: Database, today: string, percent: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    with created as (
      insert into return_visits (recipient_id, village_id, reason, order_id, organisation_id, due_on, assigned_to, status)
      select c.recipient_id, c.village_id, 'service_sample', c.order_id, c.organisation_id,
             ${addDays(today, SAMPLE_DUE_DAYS)}::date, ${gridWorkerFor(sql`c.village_id`, sql`c.ordinal`)}, ${scheduledStatus}
        from (select s.*, row_number() over (partition by s.village_id order by s.order_id) - 1 as ordinal
                from (select o.id as order_id, o.recipient_id, r.village_id, o.organisation_id,
                             row_number() over (partition by e.day order by md5(o.id::text) collate "C", o.id) as pick,
                             count(*) over (partition by e.day) as confirmed_that_day
                        from orders o
                        join recipients r on r.id = o.recipient_id
                       cross join lateral (
                             select (x.at at time zone ${COUNTY_TIME_ZONE})::date as day from order_events x
                              where x.order_id = o.id and x.to_status = 'confirmed' order by x.id desc limit 1) e
                       where o.status = 'confirmed'
                         and e.day between ${addDays(today, -SAMPLE_CATCH_UP_DAYS)}::date and ${addDays(today, -1)}::date) s
               where s.pick <= ceil(s.confirmed_that_day * ${percent}::numeric / 100)
                 and not exists (select 1 from return_visits v where v.order_id = s.order_id and v.reason = 'service_sample')) c
      on conflict do nothing
      returning id, reason),
    event as (${scheduledEvents(sql`created`)})
    select count(*)::int as n from created`.execute(trx);
  return rows[0].n;
}
