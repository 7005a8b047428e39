// The dashboards' GraphQL documents (shared by the evaluation and finance areas):
// graphql(`...`) from web/src/gql, whose result and variable types are generated from
// schema.graphql (`npm run codegen:web`). web/operations.test.ts validates each against
// schema.graphql.
import type { ResultOf } from '@graphql-typed-document-node/core';
import { graphql } from '../../gql/reports/gql';

/** An organisation's monthly grade (scoring), which sets its settlement coefficient. The
 * dashboards select none; the scores (evaluation) and statements (finance) that GradeTag shows do. */
export type { Grade } from '../../gql/evaluation/graphql';

export const DASHBOARD = graphql(`
  query Dashboard($year: Int!) {
    serviceStatistics(year: $year) {
      year countyFund
      cells { month township { id name } category { id code nameZh nameEn } services value }
      carerIncome { month carers services amount }
    }
    publicStatistics(year: $year) { township { id name } month ratingCount averageRating returnVisitCount averageSatisfaction }
    settlements(year: $year) { id month status value payable withheldByGrade withheldByCap }
  }
`);

export type ServiceStatistics = ResultOf<typeof DASHBOARD>['serviceStatistics'];
export type PublicMonth = ResultOf<typeof DASHBOARD>['publicStatistics'][number];
export type SettledMonth = ResultOf<typeof DASHBOARD>['settlements'][number];
