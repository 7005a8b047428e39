// The set-based half of matching: one query finds the organisation for an order, one finds
// every carer who may take it (qualified on the day, working then, free, not declined) with
// the facts the scoring needs. Times are compared in the county's time zone.
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import { COUNTY_TIME_ZONE } from '../platform/county-time.js';
import type { CandidateFacts } from './ranking.js';
import type { MatchProblem } from './match-reasons.js';
import { liveJobStatuses, orderLifecycle } from '../orders/order-lifecycle.js';

/**
 * The active, contracted organisation whose contract in force on the service date covers the
 * recipient's township and the item's category; with several, the one with fewest open orders.
 */
export async function chooseOrganisation(db: Database, orderId: number): Promise<number | null> {
  // the count runs only when there is a choice to make (a county usually has one per area)
  const row = await sql<{ organisation_id: number }>`
    with eligible as (
      select distinct c.organisation_id
      from orders o
      join recipients r on r.id = o.recipient_id
      join service_items i on i.id = o.service_item_id
      join contract_townships ct on ct.township_id = r.township_id
      join contracts c on c.id = ct.contract_id
      join contract_categories cc on cc.contract_id = c.id and cc.category_id = i.category_id
      join organisations org on org.id = c.organisation_id and org.active
      where o.id = ${orderId}
        and c.status = 'active'
        and (o.window_start at time zone ${COUNTY_TIME_ZONE})::date between c.starts_on and c.ends_on)
    select e.organisation_id from eligible e
    order by case when (select count(*) from eligible) > 1 then
               (select count(*) from orders q where q.organisation_id = e.organisation_id
                  and q.status in ('assigned', 'dispatched', 'accepted')) end,
             e.organisation_id
    limit 1`.execute(db);
  return row.rows[0]?.organisation_id ?? null;
}

interface CandidateQuery {
  orderId: number;
  /** Skip carers who declined this order (matching does; the dispatcher's list does not). */
  excludeDeclined: boolean;
  /** Only this carer (the dispatcher's own choice, to record its factors). */
  carerId?: number;
  /** Check only the qualification, not working hours and free time (the dispatcher's call; the database still refuses a double booking). */
  ignoreSchedule?: boolean;
}

// The rules, as SQL over `ord` (the order, below) and `c` (a carer), shared by the
// candidate search and by the explanation of why no carer fits.
const ord = (orderId: number) => sql`
  select o.id, o.organisation_id, o.recipient_id, o.window_start, o.window_end, o.declined_carer_ids,
         r.village_id, r.township_id, i.required_qualification,
         coalesce(o.place_latitude, r.latitude, rv.latitude) as lat,
         coalesce(o.place_longitude, r.longitude, rv.longitude) as lng,
         o.window_start at time zone ${COUNTY_TIME_ZONE} as local_start,
         o.window_end at time zone ${COUNTY_TIME_ZONE} as local_end
  from orders o
  join recipients r on r.id = o.recipient_id
  join regions rv on rv.id = r.village_id
  join service_items i on i.id = o.service_item_id
  where o.id = ${orderId}`;
/** Holds a qualification the item needs, valid on the service day. */
const isQualified = sql`(ord.required_qualification is null or exists (
  select 1 from carer_qualifications k where k.carer_id = c.id and k.kind = ord.required_qualification
    and k.issued_on <= ord.local_start::date and k.expires_on >= ord.local_end::date))`;
/** Works, that weekday, hours covering the whole window (county time). */
const isWorking = sql`exists (
  select 1 from carer_working_hours h where h.carer_id = c.id
    and h.weekday = extract(isodow from ord.local_start)
    and ord.local_end::date = ord.local_start::date
    and h.starts_at <= ord.local_start::time and h.ends_at >= ord.local_end::time)`;
/**
 * Has no other live job overlapping the window. `offset 0` keeps this a subquery per carer,
 * which probes the exclusion constraint's index on (carer, window); as a join the planner
 * probed by carer only and read every live job of each carer.
 */
const isFree = sql`not exists (
  select 1 from orders j where j.carer_id = c.id and j.id <> ord.id
    and ${orderLifecycle.in(liveJobStatuses, 'j')}
    and tstzrange(j.window_start, j.window_end) && tstzrange(ord.window_start, ord.window_end)
  offset 0)`;

/** Carers of the order's organisation who may take it, with their scoring facts. */
export async function findCandidates(db: Database, q: CandidateQuery): Promise<CandidateFacts[]> {
  const { rows } = await sql<{
    carer_id: number;
    paired: boolean;
    same_village: boolean;
    same_township: boolean;
    distance_km: number | null;
    week_jobs: number;
  }>`
    with ord as (${ord(q.orderId)})
    select c.id as carer_id,
      exists (select 1 from carer_pairings p where p.carer_id = c.id and p.recipient_id = ord.recipient_id and p.ended_on is null) as paired,
      v.id = ord.village_id as same_village,
      v.parent_id = ord.township_id as same_township,
      case when ord.lat is null then null else
        6371 * 2 * asin(sqrt(power(sin(radians(v.latitude - ord.lat) / 2), 2)
          + cos(radians(ord.lat)) * cos(radians(v.latitude)) * power(sin(radians(v.longitude - ord.lng) / 2), 2)))
      end as distance_km,
      (select count(*)::int from orders j
        where j.carer_id = c.id and j.status in ('dispatched', 'accepted', 'in_service', 'completed', 'confirmed')
          and j.window_start >= date_trunc('week', ord.local_start) at time zone ${COUNTY_TIME_ZONE}
          and j.window_start < (date_trunc('week', ord.local_start) + interval '7 days') at time zone ${COUNTY_TIME_ZONE}) as week_jobs
    from ord
    join carers c on c.organisation_id = ord.organisation_id and c.active
    join regions v on v.id = c.home_village_id
    where (${q.carerId ?? null}::int is null or c.id = ${q.carerId ?? null}::int)
      and (not ${q.excludeDeclined}::boolean or c.id <> all (ord.declined_carer_ids))
      and ${isQualified}
      and (${q.ignoreSchedule ?? false}::boolean or (${isWorking} and ${isFree}))`.execute(db);
  return rows.map((r) => ({
    carerId: r.carer_id,
    paired: r.paired,
    sameVillage: r.same_village,
    sameTownship: r.same_township,
    distanceKm: r.distance_km === null ? null : Number(r.distance_km),
    weekJobs: Number(r.week_jobs),
  }));
}

/** Why no carer fits an order: counts of the organisation's carers failing each rule. */
export async function explainNoCandidate(db: Database, orderId: number): Promise<MatchProblem> {
  const { rows } = await sql<{ active: number; not_declined: number; qualified: number; working: number }>`
    with ord as (${ord(orderId)}), c as (
      select c.id, c.id <> all (ord.declined_carer_ids) as not_declined, ${isQualified} as qualified, ${isWorking} as working
      from ord join carers c on c.organisation_id = ord.organisation_id and c.active
    )
    select count(*)::int as active,
      count(*) filter (where not_declined)::int as not_declined,
      count(*) filter (where not_declined and qualified)::int as qualified,
      count(*) filter (where not_declined and qualified and working)::int as working
    from c`.execute(db);
  const r = rows[0];
  if (!r || r.active === 0) return { reason: 'NO_ACTIVE_CARERS', carers: null };
  if (r.not_declined === 0) return { reason: 'ALL_DECLINED', carers: r.active };
  if (r.qualified === 0) return { reason: 'NO_QUALIFIED_CARER', carers: null };
  if (r.working === 0) return { reason: 'NOBODY_WORKING', carers: r.qualified };
  return { reason: 'ALL_BUSY', carers: r.working };
}
