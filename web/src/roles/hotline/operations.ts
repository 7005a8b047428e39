// The hotline area's GraphQL documents: gql<Result, Variables>(`...`) from @urql/core, with
// hand-written result types. web/operations.test.ts validates each against schema.graphql.
import { gql } from '@urql/core';
import type { Named } from '../../app/operations';

export interface Connection<T> { edges: { cursor: string; node: T }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null }; totalCount: number }

export type RecipientStatus = 'CANDIDATE' | 'VERIFIED' | 'ACTIVE' | 'SUSPENDED' | 'EXITED';
export type OrderStatus = 'PLACED' | 'ASSIGNED' | 'DISPATCHED' | 'ACCEPTED' | 'IN_SERVICE' | 'COMPLETED' | 'CONFIRMED' | 'CANCELLED' | 'DISPUTED';
export type ComplaintStatus = 'RECORDED' | 'ASSIGNED' | 'VERIFIED' | 'ANSWERED' | 'CLOSED';
export type ComplaintCategory = 'NO_SHOW' | 'LATENESS' | 'SERVICE_QUALITY' | 'CARER_CONDUCT' | 'BILLING' | 'SERVICE_NOT_DELIVERED' | 'OTHER';
export type ComplaintSeverity = 'LOW' | 'NORMAL' | 'HIGH' | 'URGENT';
export type OrderChannel = 'MINI_PROGRAM' | 'HOTLINE' | 'GRID_WORKER';

// ---- finding a recipient ----

export interface RecipientRow {
  id: string;
  name: string;
  idNumberMasked: string;
  phone: string | null;
  serviceCardNumber: string | null;
  status: RecipientStatus;
  village: Named;
  township: Named;
}

export const FIND_RECIPIENTS = gql<
  { recipients: Connection<RecipientRow> },
  { search: string; first: number; after?: string | null }
>(`
  query HotlineFindRecipients($search: String!, $first: Int!, $after: String) {
    recipients(first: $first, after: $after, filter: { search: $search }) {
      edges { cursor node { id name idNumberMasked phone serviceCardNumber status village { id name } township { id name } } }
      pageInfo { hasNextPage endCursor }
      totalCount
    }
  }
`);

// ---- one recipient: who they are, budget left, recent orders, their tickets ----

export interface Budget { year: number; allocated: number; held: number; spent: number; available: number }

export interface RecipientOrder {
  id: string;
  serviceItem: { id: string; nameZh: string; nameEn: string };
  amount: number;
  windowStart: string;
  windowEnd: string;
  status: OrderStatus;
  channel: OrderChannel;
  carer: Named | null;
}

export interface RecipientDetail extends RecipientRow {
  gender: 'FEMALE' | 'MALE';
  birthDate: string;
  address: string;
  disabilityLevel: 'NONE' | 'SEMI_DISABLED' | 'DISABLED';
  eligibilityCategory: string;
  budget: Budget | null;
  pairedCarers: Named[];
}

export const RECIPIENT = gql<
  { recipient: RecipientDetail | null; orders: Connection<RecipientOrder> },
  { id: string; first: number }
>(`
  query HotlineRecipient($id: ID!, $first: Int!) {
    recipient(id: $id) {
      id name idNumberMasked phone serviceCardNumber status gender birthDate address disabilityLevel eligibilityCategory
      village { id name } township { id name }
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

// ---- ordering on their behalf ----

export interface CatalogItem {
  id: string;
  nameZh: string;
  nameEn: string;
  unit: 'VISIT' | 'HOUR' | 'DAY';
  standardMinutes: number;
  price: number;
  isUrgent: boolean;
}
export interface CatalogCategory { id: string; code: string; nameZh: string; nameEn: string; items: CatalogItem[] }

export const CATALOG = gql<{ serviceCatalog: CatalogCategory[] }, Record<string, never>>(`
  query HotlineCatalog {
    serviceCatalog { id code nameZh nameEn items { id nameZh nameEn unit standardMinutes price isUrgent } }
  }
`);

export interface PlaceOrderVariables {
  input: {
    recipientId: string;
    serviceItemId: string;
    quantity: number;
    windowStart: string;
    windowEnd: string;
    notes?: string;
    callerPhone: string;
    idempotencyKey: string;
  };
}

export const PLACE_ORDER = gql<{ placeOrder: { id: string; status: OrderStatus; amount: number } }, PlaceOrderVariables>(`
  mutation HotlinePlaceOrder($input: PlaceOrderInput!) {
    placeOrder(input: $input) { id status amount }
  }
`);

// ---- complaint tickets ----

export interface ComplaintRow {
  id: string;
  recipient: Named | null;
  organisation: Named | null;
  category: ComplaintCategory;
  severity: ComplaintSeverity;
  complainantName: string;
  status: ComplaintStatus;
  dueAt: string | null;
  overdue: boolean;
  escalationLevel: number;
  createdAt: string;
}

export interface ComplaintFilter {
  status?: ComplaintStatus[];
  overdue?: boolean;
  recipientId?: string;
}

export const COMPLAINTS = gql<
  { complaints: Connection<ComplaintRow> },
  { first: number; after?: string | null; filter?: ComplaintFilter }
>(`
  query HotlineComplaints($first: Int!, $after: String, $filter: ComplaintFilter) {
    complaints(first: $first, after: $after, filter: $filter) {
      edges { cursor node {
        id category severity complainantName status dueAt overdue escalationLevel createdAt
        recipient { id name } organisation { id name }
      } }
      pageInfo { hasNextPage endCursor }
      totalCount
    }
  }
`);

export interface ComplaintEvent { action: string; fromStatus: ComplaintStatus | null; toStatus: ComplaintStatus; actorName: string | null; note: string; at: string }

export interface ComplaintDetail extends ComplaintRow {
  description: string;
  complainantPhone: string | null;
  channel: OrderChannel;
  recordedByName: string;
  order: { id: string; serviceItem: { nameZh: string; nameEn: string }; windowStart: string; windowEnd: string; status: OrderStatus } | null;
  township: Named | null;
  assignedOrganisation: Named | null;
  assignedTownship: Named | null;
  upheld: boolean | null;
  findings: string | null;
  answer: string | null;
  events: ComplaintEvent[];
}

const COMPLAINT_FIELDS = `
  id category severity description complainantName complainantPhone channel recordedByName status
  dueAt overdue escalationLevel createdAt upheld findings answer
  recipient { id name } organisation { id name } township { id name }
  assignedOrganisation { id name } assignedTownship { id name }
  order { id windowStart windowEnd status serviceItem { nameZh nameEn } }
  events { action fromStatus toStatus actorName note at }
`;

export const COMPLAINT = gql<{ complaint: ComplaintDetail | null }, { id: string }>(`
  query HotlineComplaint($id: ID!) { complaint(id: $id) { ${COMPLAINT_FIELDS} } }
`);

/** Whom a ticket can be handed to: the organisations and the county's township stations. */
export const ASSIGNEES = gql<
  { organisations: Connection<Named>; regions: { id: string; name: string; children: Named[] }[] },
  Record<string, never>
>(`
  query HotlineAssignees {
    organisations(first: 100) { edges { cursor node { id name } } pageInfo { hasNextPage endCursor } totalCount }
    regions { id name children { id name } }
  }
`);

export interface RecordComplaintVariables {
  input: {
    recipientId?: string;
    orderId?: string;
    organisationId?: string;
    category: ComplaintCategory;
    severity: ComplaintSeverity;
    description: string;
    complainantName?: string;
    complainantPhone: string;
  };
}

export const RECORD_COMPLAINT = gql<{ recordComplaint: { id: string } }, RecordComplaintVariables>(`
  mutation HotlineRecordComplaint($input: RecordComplaintInput!) { recordComplaint(input: $input) { id } }
`);

export const ASSIGN_COMPLAINT = gql<
  { assignComplaint: ComplaintDetail },
  { complaintId: string; organisationId?: string; townshipId?: string; note?: string }
>(`
  mutation HotlineAssignComplaint($complaintId: ID!, $organisationId: ID, $townshipId: ID, $note: String) {
    assignComplaint(complaintId: $complaintId, organisationId: $organisationId, townshipId: $townshipId, note: $note) { ${COMPLAINT_FIELDS} }
  }
`);

export const ANSWER_COMPLAINT = gql<{ answerComplaint: ComplaintDetail }, { complaintId: string; answer: string }>(`
  mutation HotlineAnswerComplaint($complaintId: ID!, $answer: String!) {
    answerComplaint(complaintId: $complaintId, answer: $answer) { ${COMPLAINT_FIELDS} }
  }
`);

export const CLOSE_COMPLAINT = gql<{ closeComplaint: ComplaintDetail }, { complaintId: string; note?: string }>(`
  mutation HotlineCloseComplaint($complaintId: ID!, $note: String) {
    closeComplaint(complaintId: $complaintId, note: $note) { ${COMPLAINT_FIELDS} }
  }
`);
