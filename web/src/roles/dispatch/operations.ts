// The dispatch area's GraphQL documents: graphql(`...`) from web/src/gql, whose result and
// variable types are generated from schema.graphql (`npm run codegen:web`). The names below
// are those generated types, for components to use. web/operations.test.ts validates each
// document against schema.graphql.
import type { ResultOf } from '@graphql-typed-document-node/core';
import { graphql } from '../../gql/dispatch/gql';
import type {
  DispatchBoardOrderFragment,
  DispatchCarerDetailFragment,
  DispatchCarerRowFragment,
  DispatchMatchFactorFragment,
  DispatchVisitExceptionFragment,
} from '../../gql/dispatch/graphql';

export type {
  CarerKind,
  HardshipCategory,
  OrderStatus,
  Qualification,
  QualificationInput,
  WorkingHoursInput,
  VisitExceptionStatus,
  VisitFlag,
  VisitResolutionCode,
} from '../../gql/dispatch/graphql';

// ---- the board ----

/** One order on the board: only what the board shows (the board can hold hundreds; each nested field is a loader). */
export const BOARD_ORDER = graphql(`
  fragment DispatchBoardOrder on Order {
    id status isUrgent matchProblem lateSince windowStart windowEnd
    matchProblemReason { reason carers }
    serviceItem { id nameZh nameEn }
    recipient { id name village { id name } }
    carer { id name }
  }
`);

export type BoardOrder = DispatchBoardOrderFragment;

export const BOARD = graphql(`
  query DispatchBoard { dispatchBoard { ...DispatchBoardOrder } }
`);

/** Only says that something changed: the board query is fetched again. */
export const BOARD_UPDATED = graphql(`
  subscription DispatchBoardUpdated { dispatchBoardUpdated { id status } }
`);

// ---- carers ----

export const CARER_ROW = graphql(`
  fragment DispatchCarerRow on Carer { id name phone kind homeVillage { id name } }
`);

export type CarerRow = DispatchCarerRowFragment;

/** An organisation's carers (a dispatcher's own; any one for a county admin), on, off or both. */
export const CARERS = graphql(`
  query DispatchCarers($organisationId: ID, $first: Int!, $after: String, $active: Boolean) {
    carers(organisationId: $organisationId, first: $first, after: $after, filter: { active: $active }) {
      edges { cursor node { ...DispatchCarerRow active qualifications { id kind valid } } }
      pageInfo { hasNextPage endCursor }
      totalCount
    }
  }
`);

export type CarerListRow = ResultOf<typeof CARERS>['carers']['edges'][number]['node'];

/** The organisations a county admin chooses among on the carers page. */
export const CARER_ORGANISATIONS = graphql(`
  query DispatchCarerOrganisations { organisations(first: 100) { edges { node { id name } } } }
`);

/** For choosing a carer's home village. */
export const CARER_REGIONS = graphql(`
  query DispatchCarerRegions { regions { id name children { id name children { id name } } } }
`);

export const CARER_DETAIL = graphql(`
  fragment DispatchCarerDetail on Carer {
    id name phone kind hardshipCategory active
    organisation { id name }
    homeVillage { id name parent { id name } }
    qualifications { id kind certificateNumber issuedOn expiresOn valid }
    workingHours { weekday startsAt endsAt }
    pairedRecipients { id name status village { id name } township { id name } }
  }
`);

export type CarerDetail = DispatchCarerDetailFragment;

export const CARER = graphql(`
  query DispatchCarer($id: ID!) { carer(id: $id) { ...DispatchCarerDetail } }
`);

export const REGISTER_CARER = graphql(`
  mutation DispatchRegisterCarer($input: RegisterCarerInput!) { registerCarer(input: $input) { ...DispatchCarerDetail } }
`);

export const ADD_CARER_QUALIFICATION = graphql(`
  mutation DispatchAddCarerQualification($carerId: ID!, $input: QualificationInput!) {
    addCarerQualification(carerId: $carerId, input: $input) { ...DispatchCarerDetail }
  }
`);

export const SET_CARER_WORKING_HOURS = graphql(`
  mutation DispatchSetCarerWorkingHours($carerId: ID!, $hours: [WorkingHoursInput!]!) {
    setCarerWorkingHours(carerId: $carerId, hours: $hours) { ...DispatchCarerDetail }
  }
`);

export const SET_CARER_ACTIVE = graphql(`
  mutation DispatchSetCarerActive($carerId: ID!, $active: Boolean!) { setCarerActive(carerId: $carerId, active: $active) { ...DispatchCarerDetail } }
`);

export const PAIR_CARER = graphql(`
  mutation DispatchPairCarer($carerId: ID!, $recipientId: ID!) { pairCarer(carerId: $carerId, recipientId: $recipientId) { ...DispatchCarerDetail } }
`);

export const UNPAIR_CARER = graphql(`
  mutation DispatchUnpairCarer($carerId: ID!, $recipientId: ID!) { unpairCarer(carerId: $carerId, recipientId: $recipientId) { ...DispatchCarerDetail } }
`);

/** Recipients to pair with: those the viewer sees (a dispatcher, those of the townships their contracts cover). */
export const PAIRING_CANDIDATES = graphql(`
  query DispatchPairingCandidates($search: String!) {
    recipients(first: 20, filter: { search: $search }) { edges { node { id name status idNumberMasked village { id name } township { id name } } } }
  }
`);

// ---- assigning and reassigning ----

export const MATCH_FACTOR = graphql(`
  fragment DispatchMatchFactor on MatchFactor { name score weight detail reason distanceKm weekJobs }
`);

export type MatchFactor = DispatchMatchFactorFragment;

export const ASSIGNMENT = graphql(`
  query DispatchAssignment($orderId: ID!, $limit: Int!) {
    order(id: $orderId) {
      ...DispatchBoardOrder
      quantity notes place { address }
      matchReasons { decidedBy byMatching total candidates note factors { ...DispatchMatchFactor } }
    }
    carerCandidates(orderId: $orderId, limit: $limit) {
      total
      factors { ...DispatchMatchFactor }
      carer { ...DispatchCarerRow }
    }
  }
`);

export type OrderForAssignment = NonNullable<ResultOf<typeof ASSIGNMENT>['order']>;
export type MatchReasons = NonNullable<OrderForAssignment['matchReasons']>;
export type Candidate = ResultOf<typeof ASSIGNMENT>['carerCandidates'][number];

export const ASSIGN_CARER = graphql(`
  mutation DispatchAssignCarer($orderId: ID!, $carerId: ID!, $reason: String!) {
    assignCarer(orderId: $orderId, carerId: $carerId, reason: $reason) { ...DispatchBoardOrder }
  }
`);

// ---- the visit exception queue ----

export const VISIT_EXCEPTION = graphql(`
  fragment DispatchVisitException on Visit {
    order { id }
    carer { id name }
    recipient { id name }
    serviceItem { id nameZh nameEn }
    serviceDate checkedInAt checkedOutAt checkInDistanceMeters checkOutDistanceMeters
    durationMinutes standardMinutes workDone flags exceptionStatus
    resolution { code note resolvedByName resolvedAt countsForSettlement }
  }
`);

export type VisitException = DispatchVisitExceptionFragment;

export const VISIT_EXCEPTIONS = graphql(`
  query DispatchVisitExceptions($status: VisitExceptionStatus!, $first: Int!, $after: String) {
    visitExceptions(status: $status, first: $first, after: $after) {
      edges { cursor node { ...DispatchVisitException } }
      pageInfo { hasNextPage endCursor }
      totalCount
    }
  }
`);

export const RESOLVE_VISIT_EXCEPTION = graphql(`
  mutation DispatchResolveVisitException($orderId: ID!, $code: VisitResolutionCode!, $note: String!, $correctedEnd: DateTime) {
    resolveVisitException(orderId: $orderId, code: $code, note: $note, correctedEnd: $correctedEnd) { ...DispatchVisitException }
  }
`);

// ---- missed visits ----

/** The organisation's visits nobody came for, to make good by rebooking. */
export const MISSED_ORDERS = graphql(`
  query DispatchMissedOrders($first: Int!) {
    orders(first: $first, filter: { status: [MISSED] }) {
      edges { node { id windowStart windowEnd statusChangedAt serviceItem { id nameZh nameEn } recipient { id name village { id name } } carer { id name } } }
      totalCount
    }
  }
`);

export type MissedOrder = ResultOf<typeof MISSED_ORDERS>['orders']['edges'][number]['node'];

/** The organisation makes good a missed visit: a new window, back to matching among its carers. */
export const REBOOK_MISSED = graphql(`
  mutation DispatchRebookMissed($orderId: ID!, $windowStart: DateTime!, $windowEnd: DateTime!, $reason: String!) {
    rebookMissedOrder(orderId: $orderId, windowStart: $windowStart, windowEnd: $windowEnd, reason: $reason) { id status windowStart windowEnd }
  }
`);
