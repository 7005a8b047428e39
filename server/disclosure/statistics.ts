// Public disclosure (公开) of how the money is spent: per township and month, services
// delivered, money spent, ratings and return-visit satisfaction. Aggregates only: no name, no
// id of a person, no address ever leaves this query, so it may be shown to anyone.
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import type { PublicMonthStatistics } from '../db/rows.js';
import { badInput } from '../platform/errors.js';
import { countyYear, COUNTY_TIME_ZONE } from '../platform/county-time.js';

/** The first year the programme could have figures for. */
export const FIRST_DISCLOSURE_YEAR = 2000;

/** A township's month, with the township's name for the public page. */
export type TownshipMonth = PublicMonthStatistics & { township_name: string };

/** Throws BAD_USER_INPUT unless `year` is a whole year from FIRST_DISCLOSURE_YEAR to this county year. */
export function checkDisclosureYear(year: number): number {
  const last = countyYear();
  if (!Number.isInteger(year) || year < FIRST_DISCLOSURE_YEAR || year > last) {
    throw badInput(`Ask for a year from ${FIRST_DISCLOSURE_YEAR} to ${last}.`, {
      reason: 'DISCLOSURE_YEAR',
      field: 'year',
      firstYear: FIRST_DISCLOSURE_YEAR,
      lastYear: last,
    });
  }
  return year;
}

/**
 * The figures of every township (or one) for each month of `year` that had any activity, by
 * township order, then month. A service counts in the month it was confirmed (the status
 * change's event: a confirm, or a dispute resolved in its favour), county time, unless its
 * payment is withheld over an upheld complaint. Money spent is the services' order amounts:
 * once settlement is built, this becomes the amount actually settled. A return visit counts in
 * the township of its village, in the month it was done.
 */
export async function publicStatistics(db: Database, year: number, townshipId?: number): Promise<TownshipMonth[]> {
  checkDisclosureYear(year);
  const from = sql`make_timestamptz(${year}, 1, 1, 0, 0, 0, ${COUNTY_TIME_ZONE})`;
  const until = sql`make_timestamptz(${year + 1}, 1, 1, 0, 0, 0, ${COUNTY_TIME_ZONE})`;
  const township = townshipId ?? null;
  const { rows } = await sql<TownshipMonth>`
    with services as (
      select v.parent_id as township_id, to_char(c.at at time zone ${COUNTY_TIME_ZONE}, 'YYYY-MM') as month,
             count(*)::int as services_delivered,
             sum(o.amount_fen)::bigint as amount_spent_fen,
             count(rt.order_id)::int as rating_count,
             round(avg(rt.stars), 2)::float8 as average_rating
        from orders o
        -- the township the recipient lived in when they ordered (a move later does not carry the service along)
        join regions v on v.id = o.village_id
       cross join lateral (
             select e.at from order_events e
              where e.order_id = o.id and e.to_status = 'confirmed' order by e.id desc limit 1) c
        left join ratings rt on rt.order_id = o.id
       where o.status = 'confirmed' and not o.payment_withheld
         and c.at >= ${from} and c.at < ${until}
         and (${township}::int is null or v.parent_id = ${township}::int)
       group by 1, 2),
    visits as (
      select village.parent_id as township_id, to_char(rv.done_at at time zone ${COUNTY_TIME_ZONE}, 'YYYY-MM') as month,
             count(*)::int as return_visit_count,
             round(avg(rv.satisfaction), 2)::float8 as average_satisfaction
        from return_visits rv
        join regions village on village.id = rv.village_id
       where rv.status = 'done' and rv.done_at >= ${from} and rv.done_at < ${until}
         and (${township}::int is null or village.parent_id = ${township}::int)
       group by 1, 2)
    select t.id as township_id, t.name as township_name, month,
           coalesce(s.services_delivered, 0) as services_delivered,
           coalesce(s.amount_spent_fen, 0) as amount_spent_fen,
           coalesce(s.rating_count, 0) as rating_count,
           s.average_rating,
           coalesce(v.return_visit_count, 0) as return_visit_count,
           v.average_satisfaction
      from services s
      full join visits v using (township_id, month)
      join regions t on t.id = township_id
     order by t.sort_order, t.id, month`.execute(db);
  return rows;
}
