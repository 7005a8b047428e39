// The hotline area's GraphQL documents: graphql(`...`) from web/src/gql, whose result and
// variable types are generated from schema.graphql (`npm run codegen:web`). The names below
// are those generated types, for components to use. web/operations.test.ts validates each
// document against schema.graphql.
import type { ResultOf, VariablesOf } from '@graphql-typed-document-node/core';
import { graphql } from '../../gql/hotline/gql';
import type { HotlineComplaintDetailFragment, HotlineComplaintRowFragment, HotlineRecipientRowFragment } from '../../gql/hotline/graphql';

export type {
  ComplaintCategory,
  ComplaintFilter,
  ComplaintSeverity,
  ComplaintStatus,
  OrderChannel,
  OrderStatus,
  RecipientStatus,
} from '../../gql/hotline/graphql';

// ---- finding a recipient ----

export const RECIPIENT_ROW = graphql(`
  fragment HotlineRecipientRow on Recipient {
    id name idNumberMasked phone serviceCardNumber status village { id name } township { id name }
  }
`);

export type RecipientRow = HotlineRecipientRowFragment;

export const FIND_RECIPIENTS = graphql(`
  query HotlineFindRecipients($search: String!, $first: Int!, $after: String) {
    recipients(first: $first, after: $after, filter: { search: $search }) {
      edges { cursor node { ...HotlineRecipientRow } }
      pageInfo { hasNextPage endCursor }
      totalCount
    }
  }
`);

// ---- one recipient: who they are, budget left, recent orders, their tickets ----

export const RECIPIENT = graphql(`
  query HotlineRecipient($id: ID!, $first: Int!) {
    recipient(id: $id) {
      ...HotlineRecipientRow gender birthDate address disabilityLevel eligibilityCategory
      budget { year allocated held spent available }
      pairedCarers { id name }
    }
    orders(first: $first, filter: { recipientId: $id }) {
      edges { cursor node { id amount windowStart windowEnd status channel serviceItem { id nameZh nameEn } carer { id name } } }
      pageInfo { hasNextPage endCursor }
      totalCount
    }
  }
`);

export type RecipientDetail = NonNullable<ResultOf<typeof RECIPIENT>['recipient']>;
export type Budget = NonNullable<RecipientDetail['budget']>;
export type RecipientOrder = ResultOf<typeof RECIPIENT>['orders']['edges'][number]['node'];

// ---- ordering on their behalf ----

export const CATALOG = graphql(`
  query HotlineCatalog {
    serviceCatalog { id code nameZh nameEn items { id nameZh nameEn unit standardMinutes price isUrgent } }
  }
`);

export type CatalogCategory = ResultOf<typeof CATALOG>['serviceCatalog'][number];
export type CatalogItem = CatalogCategory['items'][number];

export const PLACE_ORDER = graphql(`
  mutation HotlinePlaceOrder($input: PlaceOrderInput!) {
    placeOrder(input: $input) { id status amount }
  }
`);

// ---- complaint tickets ----

export const COMPLAINT_ROW = graphql(`
  fragment HotlineComplaintRow on Complaint {
    id category severity complainantName status dueAt overdue escalationLevel createdAt
    recipient { id name } organisation { id name }
  }
`);

export type ComplaintRow = HotlineComplaintRowFragment;

export const COMPLAINTS = graphql(`
  query HotlineComplaints($first: Int!, $after: String, $filter: ComplaintFilter) {
    complaints(first: $first, after: $after, filter: $filter) {
      edges { cursor node { ...HotlineComplaintRow } }
      pageInfo { hasNextPage endCursor }
      totalCount
    }
  }
`);

export const COMPLAINT_DETAIL = graphql(`
  fragment HotlineComplaintDetail on Complaint {
    ...HotlineComplaintRow description complainantPhone channel recordedByName upheld findings answer
    satisfied answeredAt reopenableUntil reopenCount
    township { id name } assignedOrganisation { id name } assignedTownship { id name }
    order { id windowStart windowEnd status serviceItem { nameZh nameEn } }
    events { action fromStatus toStatus actorName note at }
  }
`);

export type ComplaintDetail = HotlineComplaintDetailFragment;
export type ComplaintEvent = ComplaintDetail['events'][number];

export const COMPLAINT = graphql(`
  query HotlineComplaint($id: ID!) { complaint(id: $id) { ...HotlineComplaintDetail } }
`);

/** Whom a ticket can be handed to: the organisations and the county's township stations. */
export const ASSIGNEES = graphql(`
  query HotlineAssignees {
    organisations(first: 100) { edges { cursor node { id name } } pageInfo { hasNextPage endCursor } totalCount }
    regions { id name children { id name } }
  }
`);

export const RECORD_COMPLAINT = graphql(`
  mutation HotlineRecordComplaint($input: RecordComplaintInput!) { recordComplaint(input: $input) { id } }
`);

export type RecordComplaintVariables = VariablesOf<typeof RECORD_COMPLAINT>;

export const ASSIGN_COMPLAINT = graphql(`
  mutation HotlineAssignComplaint($complaintId: ID!, $organisationId: ID, $townshipId: ID, $note: String) {
    assignComplaint(complaintId: $complaintId, organisationId: $organisationId, townshipId: $townshipId, note: $note) {
      ...HotlineComplaintDetail
    }
  }
`);

export const ANSWER_COMPLAINT = graphql(`
  mutation HotlineAnswerComplaint($complaintId: ID!, $answer: String!, $satisfied: Boolean) {
    answerComplaint(complaintId: $complaintId, answer: $answer, satisfied: $satisfied) { ...HotlineComplaintDetail }
  }
`);

/** The complainant is not satisfied: back to the assignee, within the period after the answer. */
export const REOPEN_COMPLAINT = graphql(`
  mutation HotlineReopenComplaint($complaintId: ID!, $reason: String!) {
    reopenComplaint(complaintId: $complaintId, reason: $reason) { ...HotlineComplaintDetail }
  }
`);

/** Tickets escalated to the county (the hotline hears of every one after the first, and of its own late steps). */
export const COMPLAINT_ESCALATED = graphql(`
  subscription HotlineComplaintEscalated { complaintEscalated { id escalationLevel } }
`);

export const CLOSE_COMPLAINT = graphql(`
  mutation HotlineCloseComplaint($complaintId: ID!, $note: String) {
    closeComplaint(complaintId: $complaintId, note: $note) { ...HotlineComplaintDetail }
  }
`);
