// The grid area's GraphQL documents: graphql(`...`) from web/src/gql, whose result and
// variable types are generated from schema.graphql (`npm run codegen:web`). The names below
// are those generated types, for components to use. web/operations.test.ts validates each
// document against schema.graphql.
import type { ResultOf } from '@graphql-typed-document-node/core';
import { graphql } from '../../gql/grid/gql';
import type { GridRecipientRowFragment, GridReturnVisitFragment } from '../../gql/grid/graphql';

export type { OrderStatus, RecipientStatus, ReturnVisitReason, ReturnVisitStatus } from '../../gql/grid/graphql';

export const RECIPIENT_ROW = graphql(`
  fragment GridRecipientRow on Recipient { id name gender birthDate status address phone village { id name } }
`);

export type RecipientRow = GridRecipientRowFragment;

export const RECIPIENTS = graphql(`
  query GridRecipients($first: Int, $after: String, $filter: RecipientFilter) {
    recipients(first: $first, after: $after, filter: $filter) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { ...GridRecipientRow } }
    }
  }
`);

export const RECIPIENT = graphql(`
  query GridRecipient($id: ID!) {
    recipient(id: $id) {
      ...GridRecipientRow idNumberMasked serviceCardNumber
      budget { year allocated available }
      pairedCarers { id name }
    }
  }
`);

export type RecipientDetail = NonNullable<ResultOf<typeof RECIPIENT>['recipient']>;

export const RECIPIENT_ORDERS = graphql(`
  query GridRecipientOrders($recipientId: ID!) {
    orders(first: 20, filter: { recipientId: $recipientId }) {
      edges { node { id status amount windowStart windowEnd serviceItem { id nameZh nameEn } carer { id name } } }
    }
  }
`);

export type GridOrder = ResultOf<typeof RECIPIENT_ORDERS>['orders']['edges'][number]['node'];

export const CATALOG = graphql(`
  query GridCatalog { serviceCatalog { id code nameZh nameEn items { id code nameZh nameEn unit isUrgent active price } } }
`);

export type CatalogItem = ResultOf<typeof CATALOG>['serviceCatalog'][number]['items'][number];

export const PLACE_ORDER = graphql(`
  mutation GridPlaceOrder($input: PlaceOrderInput!) { placeOrder(input: $input) { id status } }
`);

export const DISPUTE_SERVICE = graphql(`
  mutation GridDisputeService($orderId: ID!, $reason: String!) {
    disputeService(orderId: $orderId, reason: $reason) { id status order { id status } }
  }
`);

export const CONFIRM_SERVICE = graphql(`
  mutation GridConfirmService($orderId: ID!) { confirmService(orderId: $orderId) { id status } }
`);

export const PENDING_CONFIRMATIONS = graphql(`
  query GridPendingConfirmations {
    pendingConfirmations {
      id status windowStart windowEnd statusChangedAt
      serviceItem { id nameZh nameEn } carer { id name } recipient { id name village { id name } }
    }
  }
`);

export type PendingConfirmation = ResultOf<typeof PENDING_CONFIRMATIONS>['pendingConfirmations'][number];

/** Every new or changed order of the grid worker's villages: the live pages read again. */
export const VILLAGE_ORDERS_UPDATED = graphql(`
  subscription GridVillageOrdersUpdated { villageOrdersUpdated { id status } }
`);

export const RETURN_VISIT_FIELDS = graphql(`
  fragment GridReturnVisit on ReturnVisit {
    id reason period status dueOn answers comment doneAt
    recipient { id name address phone }
    village { id name }
    order { id serviceItem { nameZh nameEn } }
    organisation { id name }
  }
`);

export type ReturnVisit = GridReturnVisitFragment;

export const MY_RETURN_VISITS = graphql(`
  query GridReturnVisits($status: [ReturnVisitStatus!]) {
    returnVisits(first: 100, filter: { mine: true, status: $status }) { totalCount edges { node { ...GridReturnVisit } } }
  }
`);

export const RETURN_VISIT = graphql(`
  query GridReturnVisit($id: ID!) { returnVisit(id: $id) { ...GridReturnVisit } }
`);

export const QUESTIONNAIRE = graphql(`
  query GridQuestionnaire { returnVisitQuestionnaire { number textZh textEn } }
`);

export const RECORD_RETURN_VISIT = graphql(`
  mutation GridRecordReturnVisit($id: ID!, $answers: [Int!]!, $comment: String) {
    recordReturnVisit(returnVisitId: $id, answers: $answers, comment: $comment) { id status satisfaction }
  }
`);

export const MARK_RETURN_VISIT_MISSED = graphql(`
  mutation GridMarkReturnVisitMissed($id: ID!, $reason: String!) { markReturnVisitMissed(returnVisitId: $id, reason: $reason) { id status } }
`);
