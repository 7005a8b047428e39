// The figures behind the evaluation and finance dashboards: confirmed services of a year per
// month, township and service category with their value, the year's county fund, and what
// assisted-employment carers earned from settled services each month. Aggregates only: no
// name, id of a person or address leaves these queries.
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

export interface ServiceStatistics {
  year: number;
  county_fund_fen: number;
  cells: ServiceStatisticsCell[];
  carer_income: CarerIncomeMonth[];
}

/**
 * The year's figures, each in one grouped query. A service counts in the month it was
 * confirmed (county time) unless its payment is withheld, as on the public disclosure page,
 * so the dashboards and the page agree; carers' income counts by the month the service was
 * given, as carerEarnings does.
 */
export async function serviceStatistics(db: Database, year: number): Promise<ServiceStatistics> {
  checkProgrammeYear(year);
  const from = sql`make_timestamptz(${year}, 1, 1, 0, 0, 0, ${COUNTY_TIME_ZONE})`;
  const until = sql`make_timestamptz(${year + 1}, 1, 1, 0, 0, 0, ${COUNTY_TIME_ZONE})`;
  const [cells, income, fund] = await Promise.all([
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
    db.selectFrom('programme_years').select('county_fund_fen').where('year', '=', year).executeTakeFirst(),
  ]);
  return { year, county_fund_fen: fund?.county_fund_fen ?? 0, cells: cells.rows, carer_income: income.rows };
}
