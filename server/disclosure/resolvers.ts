import type { Resolvers } from '../graphql/types.generated.js';
import type { PublicMonthStatistics } from '../db/rows.js';
import { guard } from '../graphql/guard.js';
import { toOptionalId } from '../platform/enums.js';
import { rowOf } from '../graphql/row-batches.js';
import { publicStatistics } from './statistics.js';

// Open to anyone, signed in or not: the figures are aggregates with no personal data.
export const disclosureResolvers: Resolvers = {
  Query: {
    publicStatistics: guard('public', (_p, { year, townshipId }, ctx) => publicStatistics(ctx.db, year, toOptionalId(townshipId, 'townshipId'))),
  },
  PublicMonthStatistics: {
    township: rowOf<PublicMonthStatistics>('regions', (s) => s.township_id),
    servicesDelivered: (s) => s.services_delivered,
    amountSpent: (s) => s.amount_spent_fen,
    ratingCount: (s) => s.rating_count,
    averageRating: (s) => s.average_rating,
    returnVisitCount: (s) => s.return_visit_count,
    averageSatisfaction: (s) => s.average_satisfaction,
  },
};
