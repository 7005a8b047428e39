// The finance area's GraphQL documents: graphql(`...`) from web/src/gql, whose result and
// variable types are generated from schema.graphql (`npm run codegen:web`). The names below
// are those generated types, for components to use. web/operations.test.ts validates each
// document against schema.graphql.
import type { ResultOf } from '@graphql-typed-document-node/core';
import { graphql } from '../../gql/finance/gql';
import type { FinanceSettlementSummaryFragment } from '../../gql/finance/graphql';

export type { CarerKind, SettlementStatus } from '../../gql/finance/graphql';

/** A statement as the list and the statement page show its head. */
export const SETTLEMENT_SUMMARY = graphql(`
  fragment FinanceSettlementSummary on Settlement {
    id month organisation { id name } status grade coefficient services value withheldByGrade withheldByCap
    payable carerPay runByName runAt approvedByName approvedAt paidByName paidAt paymentReference
    fundPace { pace usedPercent elapsedPercent }
  }
`);

export type SettlementSummary = FinanceSettlementSummaryFragment;

export const SETTLEMENTS = graphql(`
  query Settlements($year: Int, $month: String, $status: SettlementStatus) {
    settlements(year: $year, month: $month, status: $status) { ...FinanceSettlementSummary }
  }
`);

export const STATEMENT = graphql(`
  query Statement($id: ID!, $first: Int!, $after: String) {
    settlement(id: $id) {
      ...FinanceSettlementSummary
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

export type Statement = NonNullable<ResultOf<typeof STATEMENT>['settlement']>;
export type SettlementLine = Statement['lines']['edges'][number]['node'];

export const ORGANISATIONS = graphql(`
  query SettlingOrganisations { organisations(first: 100) { edges { node { id name } } } }
`);

export const RUN_SETTLEMENT = graphql(`
  mutation RunSettlement($organisationId: ID!, $month: String!) {
    runSettlement(organisationId: $organisationId, month: $month) { ...FinanceSettlementSummary }
  }
`);

export const APPROVE_SETTLEMENT = graphql(`
  mutation ApproveSettlement($settlementId: ID!, $zeroNote: String) { approveSettlement(settlementId: $settlementId, zeroNote: $zeroNote) { ...FinanceSettlementSummary } }
`);

export const MARK_SETTLEMENT_PAID = graphql(`
  mutation MarkSettlementPaid($settlementId: ID!, $paymentReference: String!) {
    markSettlementPaid(settlementId: $settlementId, paymentReference: $paymentReference) { ...FinanceSettlementSummary }
  }
`);

export const FUND_PACE = graphql(`
  query FundPace($year: Int!) { fundPace(year: $year) { year countyFund settled usedPercent elapsedPercent pace } }
`);

export type FundPace = ResultOf<typeof FUND_PACE>['fundPace'];

export const CARER_EARNINGS = graphql(`
  query CarerEarnings($year: Int!, $kind: CarerKind) {
    carerEarnings(year: $year, kind: $kind) {
      carer { id name organisation { id name } homeVillage { id name } }
      months { month services amount }
      services yearTotal
    }
  }
`);

export type CarerEarnings = ResultOf<typeof CARER_EARNINGS>['carerEarnings'][number];

// ---- programme years and budget accounts ----

export const PROGRAMME_YEAR = graphql(`
  fragment FinanceProgrammeYear on ProgrammeYear { year allocationPerRecipient countyFund accountCount }
`);

export const PROGRAMME_YEARS = graphql(`
  query FinanceProgrammeYears { programmeYears { ...FinanceProgrammeYear } }
`);

export type ProgrammeYear = ResultOf<typeof PROGRAMME_YEARS>['programmeYears'][number];

/** The townships to filter accounts by. */
export const BUDGET_TOWNSHIPS = graphql(`
  query FinanceBudgetTownships { regions { id name children { id name } } }
`);

export const BUDGET_ACCOUNTS = graphql(`
  query FinanceBudgetAccounts($year: Int!, $first: Int!, $after: String, $townshipId: ID) {
    budgetAccounts(year: $year, first: $first, after: $after, townshipId: $townshipId) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node {
        id allocated held spent available closedAt
        recipient { id name serviceCardNumber village { id name } township { id name } }
      } }
    }
  }
`);

export type BudgetAccount = ResultOf<typeof BUDGET_ACCOUNTS>['budgetAccounts']['edges'][number]['node'];

/** County admins open a year: an account for every active recipient at the year's allocation. */
export const OPEN_PROGRAMME_YEAR = graphql(`
  mutation FinanceOpenProgrammeYear($input: OpenProgrammeYearInput!) { openProgrammeYear(input: $input) { ...FinanceProgrammeYear } }
`);
