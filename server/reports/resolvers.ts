import type { Resolvers } from '../graphql/types.generated.js';
import { guard } from '../graphql/guard.js';
import { rowOf } from '../graphql/row-batches.js';
import { serviceStatistics, type ServiceStatisticsCell } from './service-statistics.js';

/** Who sees the dashboards' figures: the evaluator, finance and county admins (aggregates of the whole county). */
const reportReaders = ['evaluator', 'finance', 'county_admin'] as const;

export const reportResolvers: Resolvers = {
  Query: {
    serviceStatistics: guard(reportReaders, (_p, { year }, ctx) => serviceStatistics(ctx.db, year)),
  },
  ServiceStatistics: {
    countyFund: (s) => s.county_fund_fen,
    carerIncome: (s) => s.carer_income,
    responseTimes: (s) => s.response_times,
  },
  ServiceStatisticsCell: {
    township: rowOf<ServiceStatisticsCell>('regions', (c) => c.township_id),
    category: rowOf<ServiceStatisticsCell>('service_categories', (c) => c.category_id),
    value: (c) => c.value_fen,
  },
  CarerIncomeMonth: {
    amount: (m) => m.amount_fen,
  },
  ResponseTimes: {
    ordersPlaced: (r) => r.orders_placed,
    carerSent: (r) => r.carer_sent,
    medianMinutes: (r) => r.median_minutes,
    p90Minutes: (r) => r.p90_minutes,
  },
};
