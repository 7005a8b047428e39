// The recipient area's GraphQL documents: graphql(`...`) from web/src/gql, whose result and
// variable types are generated from schema.graphql (`npm run codegen:web`). The names below
// are those generated types, for components to use. web/operations.test.ts validates each
// document against schema.graphql.
import type { ResultOf } from '@graphql-typed-document-node/core';
import { graphql } from '../../gql/recipient/gql';
import type { RecipientComplaintFragment, RecipientOrderSummaryFragment } from '../../gql/recipient/graphql';

export type { ComplaintCategory, ComplaintStatus, OrderStatus, ServiceUnit } from '../../gql/recipient/graphql';

export const CATALOG = graphql(`
  query RecipientCatalog {
    serviceCatalog { id code nameZh nameEn items { id code nameZh nameEn descriptionZh unit isUrgent active price } }
  }
`);

export type CatalogCategory = ResultOf<typeof CATALOG>['serviceCatalog'][number];
export type CatalogItem = CatalogCategory['items'][number];

export const MY_RECORD = graphql(`
  query RecipientRecord {
    me { id recipient { id name address village { id name } budget { year allocated held spent available confirmedUnsettled } } }
  }
`);

type MyRecord = NonNullable<NonNullable<ResultOf<typeof MY_RECORD>['me']>['recipient']>;
export type Budget = NonNullable<MyRecord['budget']>;

/** 我的: the service card's number and the needs list of the latest assessment (救助会诊). */
export const MY_CARD = graphql(`
  query RecipientCard {
    me {
      id
      recipient {
        id name serviceCardNumber serviceCardIssuedAt village { id name } township { id name }
        latestAssessment { id assessedOn needs { serviceItem { id code nameZh nameEn unit } timesPerMonth note } }
      }
    }
  }
`);

export type MyCard = NonNullable<NonNullable<ResultOf<typeof MY_CARD>['me']>['recipient']>;
export type AssessedNeed = NonNullable<MyCard['latestAssessment']>['needs'][number];

export const ORDER_SUMMARY = graphql(`
  fragment RecipientOrderSummary on Order {
    id status amount windowStart windowEnd channel
    serviceItem { id nameZh nameEn unit isUrgent category { code } }
    carer { id name }
    rating { stars }
  }
`);

export const RESCHEDULE_ORDER = graphql(`
  mutation RecipientRescheduleOrder($orderId: ID!, $windowStart: DateTime!, $windowEnd: DateTime!, $reason: String!) {
    rescheduleOrder(orderId: $orderId, windowStart: $windowStart, windowEnd: $windowEnd, reason: $reason) { ...RecipientOrderSummary }
  }
`);

export type OrderSummary = RecipientOrderSummaryFragment;

export const MY_ORDERS = graphql(`
  query RecipientOrders($first: Int) { orders(first: $first) { totalCount edges { node { ...RecipientOrderSummary } } } }
`);

/** Any change to one of the signed-in recipient's orders (or a new one, whoever placed it). */
export const MY_ORDERS_UPDATED = graphql(`
  subscription RecipientOrdersUpdated { myOrdersUpdated { id status } }
`);

export const ORDER = graphql(`
  query RecipientOrder($id: ID!) {
    order(id: $id) {
      ...RecipientOrderSummary
      quantity place { address } placedByName placedAt
      visit { checkedInAt checkedOutAt workDone confirmedAt }
      rating { stars comment }
      complaints { id status }
    }
  }
`);

export type OrderDetail = NonNullable<ResultOf<typeof ORDER>['order']>;

export const ORDER_UPDATED = graphql(`
  subscription RecipientOrderUpdated($id: ID!) { orderUpdated(orderId: $id) { id status } }
`);

export const PLACE_ORDER = graphql(`
  mutation RecipientPlaceOrder($input: PlaceOrderInput!) { placeOrder(input: $input) { id status } }
`);

export const CANCEL_ORDER = graphql(`
  mutation RecipientCancelOrder($orderId: ID!, $reason: String!) { cancelOrder(orderId: $orderId, reason: $reason) { id status } }
`);

export const DISPUTE_SERVICE = graphql(`
  mutation RecipientDisputeService($orderId: ID!, $reason: String!) {
    disputeService(orderId: $orderId, reason: $reason) { id status order { id status } }
  }
`);

export const CONFIRM_SERVICE = graphql(`
  mutation RecipientConfirmService($orderId: ID!) { confirmService(orderId: $orderId) { id status } }
`);

export const RATE_SERVICE = graphql(`
  mutation RecipientRateService($orderId: ID!, $stars: Int!, $comment: String) {
    rateService(orderId: $orderId, stars: $stars, comment: $comment) { stars }
  }
`);

export const RECORD_COMPLAINT = graphql(`
  mutation RecipientRecordComplaint($input: RecordComplaintInput!) { recordComplaint(input: $input) { id status } }
`);

export const MY_COMPLAINT = graphql(`
  fragment RecipientComplaint on Complaint {
    id category status description answer answeredAt reopenableUntil reopenCount createdAt
    order { id serviceItem { nameZh nameEn } }
  }
`);

export type MyComplaint = RecipientComplaintFragment;

/** The recipient's own tickets (the server shows a recipient only theirs). */
export const MY_COMPLAINTS = graphql(`
  query RecipientComplaints {
    complaints(first: 50) { edges { node { ...RecipientComplaint } } }
  }
`);

/** Not satisfied with the answer: back to whoever verifies it, while the period lasts. */
export const REOPEN_COMPLAINT = graphql(`
  mutation RecipientReopenComplaint($complaintId: ID!, $reason: String!) {
    reopenComplaint(complaintId: $complaintId, reason: $reason) { ...RecipientComplaint }
  }
`);
