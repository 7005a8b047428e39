// The finance area's GraphQL documents: gql<Result, Variables>(`...`) from @urql/core, with
// hand-written result types. web/operations.test.ts validates each against schema.graphql.
import { gql } from '@urql/core';
import type { Grade } from '../reports/operations';

export type SettlementStatus = 'DRAFT' | 'APPROVED' | 'PAID';

/** A statement as the list and the statement page show its head. */
export interface SettlementSummary {
  id: string;
  month: string;
  organisation: { id: string; name: string };
  status: SettlementStatus;
  grade: Grade;
  coefficient: number;
  services: number;
  value: number;
  withheldByGrade: number;
  withheldByCap: number;
  payable: number;
  carerPay: number;
  runByName: string | null;
  runAt: string;
  approvedByName: string | null;
  approvedAt: string | null;
  paidByName: string | null;
  paidAt: string | null;
  paymentReference: string | null;
  fundWarning: string | null;
}

export interface SettlementLine {
  order: { id: string };
  recipient: { id: string; name: string };
  serviceItem: { id: string; nameZh: string; nameEn: string };
  carer: { id: string; name: string };
  serviceDate: string;
  verifiedMinutes: number;
  value: number;
  withheldByGrade: number;
  withheldByCap: number;
  payable: number;
  carerPay: number;
}

export interface Statement extends SettlementSummary {
  score: { id: string; finalScore: number };
  lines: { edges: { cursor: string; node: SettlementLine }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null }; totalCount: number };
  byRecipient: { recipient: { id: string; name: string }; services: number; value: number; payable: number }[];
  byItem: { serviceItem: { id: string; nameZh: string; nameEn: string }; services: number; value: number; payable: number }[];
  downloads: { xlsx: string; pdf: string; csv: string };
}

const SUMMARY_FIELDS = `id month organisation { id name } status grade coefficient services value withheldByGrade withheldByCap
  payable carerPay runByName runAt approvedByName approvedAt paidByName paidAt paymentReference fundWarning`;

export const SETTLEMENTS = gql<
  { settlements: SettlementSummary[] },
  { year?: number | null; month?: string | null; status?: SettlementStatus | null }
>(`
  query Settlements($year: Int, $month: String, $status: SettlementStatus) {
    settlements(year: $year, month: $month, status: $status) { ${SUMMARY_FIELDS} }
  }
`);

export const STATEMENT = gql<{ settlement: Statement | null }, { id: string; first: number; after?: string | null }>(`
  query Statement($id: ID!, $first: Int!, $after: String) {
    settlement(id: $id) {
      ${SUMMARY_FIELDS}
      score { id finalScore }
      lines(first: $first, after: $after) {
        edges { cursor node {
          order { id } recipient { id name } serviceItem { id nameZh nameEn } carer { id name }
          serviceDate verifiedMinutes value withheldByGrade withheldByCap payable carerPay
        } }
        pageInfo { hasNextPage endCursor }
        totalCount
      }
      byRecipient { recipient { id name } services value payable }
      byItem { serviceItem { id nameZh nameEn } services value payable }
      downloads { xlsx pdf csv }
    }
  }
`);

export const ORGANISATIONS = gql<{ organisations: { edges: { node: { id: string; name: string } }[] } }, Record<string, never>>(`
  query SettlingOrganisations { organisations(first: 100) { edges { node { id name } } } }
`);

export const RUN_SETTLEMENT = gql<{ runSettlement: SettlementSummary }, { organisationId: string; month: string }>(`
  mutation RunSettlement($organisationId: ID!, $month: String!) { runSettlement(organisationId: $organisationId, month: $month) { ${SUMMARY_FIELDS} } }
`);

export const APPROVE_SETTLEMENT = gql<{ approveSettlement: SettlementSummary }, { settlementId: string }>(`
  mutation ApproveSettlement($settlementId: ID!) { approveSettlement(settlementId: $settlementId) { ${SUMMARY_FIELDS} } }
`);

export const MARK_SETTLEMENT_PAID = gql<{ markSettlementPaid: SettlementSummary }, { settlementId: string; paymentReference: string }>(`
  mutation MarkSettlementPaid($settlementId: ID!, $paymentReference: String!) {
    markSettlementPaid(settlementId: $settlementId, paymentReference: $paymentReference) { ${SUMMARY_FIELDS} }
  }
`);

export interface FundPace {
  year: number;
  countyFund: number;
  settled: number;
  usedPercent: number;
  elapsedPercent: number;
  pace: 'AHEAD' | 'ON_PACE' | 'BEHIND';
  warning: string | null;
}

export const FUND_PACE = gql<{ fundPace: FundPace }, { year: number }>(`
  query FundPace($year: Int!) { fundPace(year: $year) { year countyFund settled usedPercent elapsedPercent pace warning } }
`);

export interface CarerEarnings {
  carer: { id: string; name: string; organisation: { id: string; name: string }; homeVillage: { id: string; name: string } };
  months: { month: string; services: number; amount: number }[];
  services: number;
  yearTotal: number;
}

export const CARER_EARNINGS = gql<{ carerEarnings: CarerEarnings[] }, { year: number; kind?: 'ASSISTED_EMPLOYMENT' | 'PROFESSIONAL' | null }>(`
  query CarerEarnings($year: Int!, $kind: CarerKind) {
    carerEarnings(year: $year, kind: $kind) {
      carer { id name organisation { id name } homeVillage { id name } }
      months { month services amount }
      services yearTotal
    }
  }
`);
