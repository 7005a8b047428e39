// The figures behind the evaluation and finance dashboards: confirmed services of a year per
// month, township and service category with their value, the year's county fund, and what
// assisted-employment carers earned from settled services each month, and how soon an order
// got its first carer. Aggregates only: no name, id of a person or address leaves these queries.
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import { checkProgrammeYear } from '../budgets/programme-years.js';
import { COUNTY_TIME_ZONE } from '../platform/county-time.js';

/** One month × township × category with confirmed services. */
export interface ServiceStatisticsCell {
  month: string;
  township_id: number;
  category_id: number;
  services: number;
  value_fen: number;
}

/** Assisted-employment carers' pay from settled services in one month. */
export interface CarerIncomeMonth {
  month: string;
  carers: number;
  services: number;
  amount_fen: number;
}

/** How soon orders placed in one month (or, month null, the year) got their first carer sent. */
export interface ResponseTimes {
  month: string | null;
  orders_placed: number;
  carer_sent: number;
  median_minutes: number | null;
  p90_minutes: number | null;
}

export interface ServiceStatistics {
  year: number;
  county_fund_fen: number;
  cells: ServiceStatisticsCell[];
  carer_income: CarerIncomeMonth[];
  response_times: ResponseTimes[];
}

/**
 * The year's figures, each in one grouped query (order_events_place_idx finds the year's
 * orders). A service counts in the month it was confirmed (county time) unless its payment is
 * withheld, as on the public disclosure page, so the dashboards and the page agree; carers'
 * income counts by the month the service was given, as carerEarnings does.
 */
export async function serviceStatistics(db: Database, year: number): Promise<ServiceStatistics> {
  checkProgrammeYear(year);
  const from = sql`make_timestamptz(${year}, 1, 1, 0, 0, 0, ${COUNTY_TIME_ZONE})`;
  const until = sql`make_timestamptz(${year + 1}, 1, 1, 0, 0, 0, ${COUNTY_TIME_ZONE})`;
  const [cells, income, responses, fund] = await Promise.all([
    sql<ServiceStatisticsCell>`
      select to_char(c.at at time zone ${COUNTY_TIME_ZONE}, 'YYYY-MM') as month, v.parent_id as township_id, i.category_id,
             count(*)::int as services, sum(o.amount_fen)::bigint as value_fen
        from orders o
        -- the township the recipient lived in when they ordered (a move later does not carry the service along)
        join regions v on v.id = o.village_id
        join service_items i on i.id = o.service_item_id
       cross join lateral (
             select e.at from order_events e
              where e.order_id = o.id and e.to_status = 'confirmed' order by e.id desc limit 1) c
       where o.status = 'confirmed' and not o.payment_withheld
         and c.at >= ${from} and c.at < ${until}
       group by 1, 2, 3
       order by 1, 2, 3`.execute(db),
    sql<CarerIncomeMonth>`
      select to_char(l.service_date, 'YYYY-MM') as month, count(distinct l.carer_id)::int as carers,
             count(*)::int as services, sum(l.carer_pay_fen)::bigint as amount_fen
        from settlement_lines l
        join carers c on c.id = l.carer_id
       where c.kind = 'assisted_employment'
         and l.service_date >= make_date(${year}::int, 1, 1) and l.service_date < make_date(${year}::int + 1, 1, 1)
       group by 1
       order by 1`.execute(db),
    // the first response: the first carer sent (dispatch), from the order's placing, by the
    // month it was placed; the year's row (month null) from the same orders, not from the months'
    sql<ResponseTimes>`
      select to_char(p.at at time zone ${COUNTY_TIME_ZONE}, 'YYYY-MM') as month, count(*)::int as orders_placed,
             count(d.at)::int as carer_sent,
             round(percentile_cont(0.5) within group (order by extract(epoch from d.at - p.at) / 60)::numeric, 1)::float8 as median_minutes,
             round(percentile_cont(0.9) within group (order by extract(epoch from d.at - p.at) / 60)::numeric, 1)::float8 as p90_minutes
        from order_events p
        left join lateral (
             select min(e.at) as at from order_events e where e.order_id = p.order_id and e.action = 'dispatch') d on true
       where p.action = 'place' and p.at >= ${from} and p.at < ${until}
       group by grouping sets ((1), ())
       order by 1 nulls last`.execute(db),
    db.selectFrom('programme_years').select('county_fund_fen').where('year', '=', year).executeTakeFirst(),
  ]);
  return { year, county_fund_fen: fund?.county_fund_fen ?? 0, cells: cells.rows, carer_income: income.rows, response_times: responses.rows };
}
