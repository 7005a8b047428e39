// The dispatch area's GraphQL documents: gql<Result, Variables>(`...`) from @urql/core, with
// hand-written result types. web/operations.test.ts validates each against schema.graphql.
import { gql } from '@urql/core';
import type { Named } from '../../app/operations';

export interface Connection<T> { edges: { cursor: string; node: T }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null }; totalCount: number }
export interface ItemName { nameZh: string; nameEn: string }

export type OrderStatus = 'PLACED' | 'ASSIGNED' | 'DISPATCHED' | 'ACCEPTED' | 'IN_SERVICE' | 'COMPLETED' | 'CONFIRMED' | 'CANCELLED' | 'DISPUTED';
export type CarerKind = 'PROFESSIONAL' | 'ASSISTED_EMPLOYMENT';

// ---- the board ----

/** One order on the board: only what the board shows (the board can hold hundreds; each nested field is a loader). */
export interface BoardOrder {
  id: string;
  status: OrderStatus;
  isUrgent: boolean;
  matchProblem: string | null;
  windowStart: string;
  windowEnd: string;
  serviceItem: ItemName;
  recipient: { name: string; village: { name: string } };
  carer: Named | null;
}

const BOARD_FIELDS = `
  id status isUrgent matchProblem windowStart windowEnd
  serviceItem { id nameZh nameEn }
  recipient { id name village { id name } }
  carer { id name }
`;

export const BOARD = gql<{ dispatchBoard: BoardOrder[] }, Record<string, never>>(`
  query DispatchBoard { dispatchBoard { ${BOARD_FIELDS} } }
`);

/** Only says that something changed: the board query is fetched again. */
export const BOARD_UPDATED = gql<{ dispatchBoardUpdated: { id: string; status: OrderStatus } }, Record<string, never>>(`
  subscription DispatchBoardUpdated { dispatchBoardUpdated { id status } }
`);

// ---- carers ----

export interface CarerRow {
  id: string;
  name: string;
  phone: string | null;
  kind: CarerKind;
  homeVillage: { name: string };
}

export const CARERS = gql<{ carers: Connection<CarerRow> }, { first: number; after?: string | null }>(`
  query DispatchCarers($first: Int!, $after: String) {
    carers(first: $first, after: $after, filter: { active: true }) {
      edges { cursor node { id name phone kind homeVillage { id name } } }
      pageInfo { hasNextPage endCursor }
      totalCount
    }
  }
`);

// ---- assigning and reassigning ----

export interface MatchFactor { name: string; score: number; weight: number; detail: string }
export interface MatchReasons { decidedBy: string; total: number; factors: MatchFactor[]; note: string | null }
export interface Candidate { carer: CarerRow; total: number; factors: MatchFactor[] }

export interface OrderForAssignment extends BoardOrder {
  quantity: number;
  place: { address: string };
  notes: string;
  matchReasons: MatchReasons | null;
}

export const ASSIGNMENT = gql<
  { order: OrderForAssignment | null; carerCandidates: Candidate[] },
  { orderId: string; limit: number }
>(`
  query DispatchAssignment($orderId: ID!, $limit: Int!) {
    order(id: $orderId) {
      ${BOARD_FIELDS}
      quantity notes place { address }
      matchReasons { decidedBy total note factors { name score weight detail } }
    }
    carerCandidates(orderId: $orderId, limit: $limit) {
      total
      factors { name score weight detail }
      carer { id name phone kind homeVillage { id name } }
    }
  }
`);

export const ASSIGN_CARER = gql<{ assignCarer: BoardOrder }, { orderId: string; carerId: string; reason: string }>(`
  mutation DispatchAssignCarer($orderId: ID!, $carerId: ID!, $reason: String!) {
    assignCarer(orderId: $orderId, carerId: $carerId, reason: $reason) { ${BOARD_FIELDS} }
  }
`);

// ---- the visit exception queue ----

export type VisitFlag = 'FAR_FROM_PLACE' | 'TOO_SHORT' | 'TOO_LONG' | 'LATE_SUBMISSION';
export type VisitExceptionStatus = 'NONE' | 'OPEN' | 'RESOLVED';
export type VisitResolutionCode =
  | 'GPS_INACCURATE' | 'SERVED_ELSEWHERE_AT_REQUEST' | 'VERIFIED_WITH_RECIPIENT' | 'DURATION_JUSTIFIED'
  | 'NOT_DELIVERED' | 'DURATION_NOT_JUSTIFIED';

export interface VisitException {
  order: { id: string };
  carer: Named;
  recipient: Named;
  serviceItem: ItemName;
  serviceDate: string;
  checkedInAt: string;
  checkedOutAt: string | null;
  checkInDistanceMeters: number | null;
  checkOutDistanceMeters: number | null;
  durationMinutes: number | null;
  standardMinutes: number;
  workDone: string;
  flags: VisitFlag[];
  exceptionStatus: VisitExceptionStatus;
  resolution: { code: VisitResolutionCode; note: string; resolvedByName: string; resolvedAt: string; countsForSettlement: boolean } | null;
}

const VISIT_FIELDS = `
  order { id }
  carer { id name }
  recipient { id name }
  serviceItem { id nameZh nameEn }
  serviceDate checkedInAt checkedOutAt checkInDistanceMeters checkOutDistanceMeters
  durationMinutes standardMinutes workDone flags exceptionStatus
  resolution { code note resolvedByName resolvedAt countsForSettlement }
`;

export const VISIT_EXCEPTIONS = gql<
  { visitExceptions: Connection<VisitException> },
  { status: VisitExceptionStatus; first: number; after?: string | null }
>(`
  query DispatchVisitExceptions($status: VisitExceptionStatus!, $first: Int!, $after: String) {
    visitExceptions(status: $status, first: $first, after: $after) {
      edges { cursor node { ${VISIT_FIELDS} } }
      pageInfo { hasNextPage endCursor }
      totalCount
    }
  }
`);

export const RESOLVE_VISIT_EXCEPTION = gql<
  { resolveVisitException: VisitException },
  { orderId: string; code: VisitResolutionCode; note: string }
>(`
  mutation DispatchResolveVisitException($orderId: ID!, $code: VisitResolutionCode!, $note: String!) {
    resolveVisitException(orderId: $orderId, code: $code, note: $note) { ${VISIT_FIELDS} }
  }
`);
