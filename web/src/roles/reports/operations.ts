// The dashboards' GraphQL documents (shared by the evaluation and finance areas).
// web/operations.test.ts validates each against schema.graphql.
import { gql } from '@urql/core';

/** An organisation's monthly grade (scoring), which sets its settlement coefficient. */
export type Grade = 'EXCELLENT' | 'GOOD' | 'PASS' | 'FAIL';

export interface ServiceStatistics {
  year: number;
  countyFund: number;
  cells: { month: string; township: { id: string; name: string }; category: { id: string; code: string; nameZh: string; nameEn: string }; services: number; value: number }[];
  carerIncome: { month: string; carers: number; services: number; amount: number }[];
}

export interface PublicMonth {
  township: { id: string; name: string };
  month: string;
  ratingCount: number;
  averageRating: number | null;
  returnVisitCount: number;
  averageSatisfaction: number | null;
}

export interface SettledMonth {
  id: string;
  month: string;
  status: 'DRAFT' | 'APPROVED' | 'PAID';
  value: number;
  payable: number;
  withheldByGrade: number;
  withheldByCap: number;
}

export const DASHBOARD = gql<
  { serviceStatistics: ServiceStatistics; publicStatistics: PublicMonth[]; settlements: SettledMonth[] },
  { year: number }
>(`
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
