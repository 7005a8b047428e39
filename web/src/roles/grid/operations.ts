// The grid area's GraphQL documents: gql<Result, Variables>(`...`) from @urql/core, with
// hand-written result types. web/operations.test.ts validates each against schema.graphql.
import { gql } from '@urql/core';

export type OrderStatus =
  | 'PLACED' | 'ASSIGNED' | 'DISPATCHED' | 'ACCEPTED' | 'IN_SERVICE' | 'COMPLETED' | 'CONFIRMED' | 'CANCELLED' | 'DISPUTED';
export type RecipientStatus = 'CANDIDATE' | 'VERIFIED' | 'ACTIVE' | 'SUSPENDED' | 'EXITED';

export interface RecipientRow {
  id: string;
  name: string;
  gender: 'FEMALE' | 'MALE';
  birthDate: string;
  status: RecipientStatus;
  address: string;
  phone: string | null;
  village: { id: string; name: string };
}

const RECIPIENT_ROW = 'id name gender birthDate status address phone village { id name }';

export const RECIPIENTS = gql<
  { recipients: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: RecipientRow }[] } },
  { first: number; after?: string | null; filter: { search?: string; villageId?: string } }
>(`
  query GridRecipients($first: Int, $after: String, $filter: RecipientFilter) {
    recipients(first: $first, after: $after, filter: $filter) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { ${RECIPIENT_ROW} } }
    }
  }
`);

export interface RecipientDetail extends RecipientRow {
  idNumberMasked: string;
  serviceCardNumber: string | null;
  budget: { year: number; allocated: number; available: number } | null;
  pairedCarers: { id: string; name: string }[];
}

export const RECIPIENT = gql<{ recipient: RecipientDetail | null }, { id: string }>(`
  query GridRecipient($id: ID!) {
    recipient(id: $id) {
      ${RECIPIENT_ROW} idNumberMasked serviceCardNumber
      budget { year allocated available }
      pairedCarers { id name }
    }
  }
`);

export interface GridOrder {
  id: string;
  status: OrderStatus;
  amount: number;
  windowStart: string;
  windowEnd: string;
  serviceItem: { id: string; nameZh: string; nameEn: string };
  carer: { id: string; name: string } | null;
}

export const RECIPIENT_ORDERS = gql<{ orders: { edges: { node: GridOrder }[] } }, { recipientId: string }>(`
  query GridRecipientOrders($recipientId: ID!) {
    orders(first: 20, filter: { recipientId: $recipientId }) {
      edges { node { id status amount windowStart windowEnd serviceItem { id nameZh nameEn } carer { id name } } }
    }
  }
`);

export interface CatalogItem {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  unit: 'VISIT' | 'HOUR' | 'DAY';
  isUrgent: boolean;
  active: boolean;
  price: number;
}

export const CATALOG = gql<
  { serviceCatalog: { id: string; code: string; nameZh: string; nameEn: string; items: CatalogItem[] }[] },
  Record<string, never>
>(`
  query GridCatalog { serviceCatalog { id code nameZh nameEn items { id code nameZh nameEn unit isUrgent active price } } }
`);

export const PLACE_ORDER = gql<
  { placeOrder: { id: string; status: OrderStatus } },
  { input: { recipientId: string; serviceItemId: string; windowStart: string; windowEnd: string; idempotencyKey: string } }
>(`
  mutation GridPlaceOrder($input: PlaceOrderInput!) { placeOrder(input: $input) { id status } }
`);

export const CONFIRM_SERVICE = gql<{ confirmService: { id: string; status: OrderStatus } }, { orderId: string }>(`
  mutation GridConfirmService($orderId: ID!) { confirmService(orderId: $orderId) { id status } }
`);

export type ReturnVisitReason = 'QUARTERLY' | 'SERVICE_SAMPLE' | 'COMPLAINT';
export type ReturnVisitStatus = 'SCHEDULED' | 'DONE' | 'MISSED';

export interface ReturnVisit {
  id: string;
  reason: ReturnVisitReason;
  period: string | null;
  status: ReturnVisitStatus;
  dueOn: string;
  recipient: { id: string; name: string; address: string; phone: string | null };
  village: { id: string; name: string };
  order: { id: string; serviceItem: { nameZh: string; nameEn: string } } | null;
  organisation: { id: string; name: string } | null;
  answers: number[] | null;
  comment: string;
  doneAt: string | null;
}

const RETURN_VISIT_FIELDS = `
  id reason period status dueOn answers comment doneAt
  recipient { id name address phone }
  village { id name }
  order { id serviceItem { nameZh nameEn } }
  organisation { id name }
`;

export const MY_RETURN_VISITS = gql<
  { returnVisits: { totalCount: number; edges: { node: ReturnVisit }[] } },
  { status: ReturnVisitStatus[] }
>(`
  query GridReturnVisits($status: [ReturnVisitStatus!]) {
    returnVisits(first: 100, filter: { mine: true, status: $status }) { totalCount edges { node { ${RETURN_VISIT_FIELDS} } } }
  }
`);

export const RETURN_VISIT = gql<{ returnVisit: ReturnVisit | null }, { id: string }>(`
  query GridReturnVisit($id: ID!) { returnVisit(id: $id) { ${RETURN_VISIT_FIELDS} } }
`);

export const QUESTIONNAIRE = gql<
  { returnVisitQuestionnaire: { number: number; textZh: string; textEn: string }[] },
  Record<string, never>
>(`
  query GridQuestionnaire { returnVisitQuestionnaire { number textZh textEn } }
`);

export const RECORD_RETURN_VISIT = gql<
  { recordReturnVisit: { id: string; status: ReturnVisitStatus; satisfaction: number | null } },
  { id: string; answers: number[]; comment?: string }
>(`
  mutation GridRecordReturnVisit($id: ID!, $answers: [Int!]!, $comment: String) {
    recordReturnVisit(returnVisitId: $id, answers: $answers, comment: $comment) { id status satisfaction }
  }
`);

export const MARK_RETURN_VISIT_MISSED = gql<{ markReturnVisitMissed: { id: string; status: ReturnVisitStatus } }, { id: string; reason: string }>(`
  mutation GridMarkReturnVisitMissed($id: ID!, $reason: String!) { markReturnVisitMissed(returnVisitId: $id, reason: $reason) { id status } }
`);
