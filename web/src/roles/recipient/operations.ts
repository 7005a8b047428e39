// The recipient area's GraphQL documents: gql<Result, Variables>(`...`) from @urql/core, with
// hand-written result types. web/operations.test.ts validates each against schema.graphql.
import { gql } from '@urql/core';

export type OrderStatus =
  | 'PLACED' | 'ASSIGNED' | 'DISPATCHED' | 'ACCEPTED' | 'IN_SERVICE' | 'COMPLETED' | 'CONFIRMED' | 'CANCELLED' | 'DISPUTED';
export type ServiceUnit = 'VISIT' | 'HOUR' | 'DAY';
export type ComplaintCategory =
  | 'NO_SHOW' | 'LATENESS' | 'SERVICE_QUALITY' | 'CARER_CONDUCT' | 'BILLING' | 'SERVICE_NOT_DELIVERED' | 'OTHER';

export interface CatalogItem {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  descriptionZh: string;
  unit: ServiceUnit;
  isUrgent: boolean;
  active: boolean;
  /** Fen. */
  price: number;
}

export interface CatalogCategory {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  items: CatalogItem[];
}

export const CATALOG = gql<{ serviceCatalog: CatalogCategory[] }, Record<string, never>>(`
  query RecipientCatalog {
    serviceCatalog { id code nameZh nameEn items { id code nameZh nameEn descriptionZh unit isUrgent active price } }
  }
`);

export interface Budget {
  year: number;
  allocated: number;
  held: number;
  spent: number;
  available: number;
}

export interface MyRecord {
  id: string;
  name: string;
  address: string;
  village: { id: string; name: string };
  budget: Budget | null;
}

export const MY_RECORD = gql<{ me: { id: string; recipient: MyRecord | null } | null }, Record<string, never>>(`
  query RecipientRecord {
    me { id recipient { id name address village { id name } budget { year allocated held spent available } } }
  }
`);

export interface OrderSummary {
  id: string;
  status: OrderStatus;
  serviceItem: { id: string; nameZh: string; nameEn: string; category: { code: string } };
  amount: number;
  windowStart: string;
  windowEnd: string;
  channel: 'MINI_PROGRAM' | 'HOTLINE' | 'GRID_WORKER';
  carer: { id: string; name: string } | null;
  rating: { stars: number } | null;
}

const ORDER_SUMMARY = `
  id status amount windowStart windowEnd channel
  serviceItem { id nameZh nameEn category { code } }
  carer { id name }
  rating { stars }
`;

export const MY_ORDERS = gql<
  { orders: { totalCount: number; edges: { node: OrderSummary }[] } },
  { first: number }
>(`
  query RecipientOrders($first: Int) { orders(first: $first) { totalCount edges { node { ${ORDER_SUMMARY} } } } }
`);

/** Any change to one of the signed-in recipient's orders (or a new one, whoever placed it). */
export const MY_ORDERS_UPDATED = gql<{ myOrdersUpdated: { id: string; status: OrderStatus } }, Record<string, never>>(`
  subscription RecipientOrdersUpdated { myOrdersUpdated { id status } }
`);

export interface OrderDetail extends OrderSummary {
  quantity: number;
  place: { address: string };
  placedByName: string;
  placedAt: string;
  visit: { checkedInAt: string; checkedOutAt: string | null; workDone: string; confirmedAt: string | null } | null;
  rating: { stars: number; comment: string } | null;
  complaints: { id: string; status: string }[];
}

export const ORDER = gql<{ order: OrderDetail | null }, { id: string }>(`
  query RecipientOrder($id: ID!) {
    order(id: $id) {
      ${ORDER_SUMMARY}
      quantity place { address } placedByName placedAt
      visit { checkedInAt checkedOutAt workDone confirmedAt }
      rating { stars comment }
      complaints { id status }
    }
  }
`);

export const ORDER_UPDATED = gql<{ orderUpdated: { id: string; status: OrderStatus } }, { id: string }>(`
  subscription RecipientOrderUpdated($id: ID!) { orderUpdated(orderId: $id) { id status } }
`);

export interface PlaceOrderInput {
  serviceItemId: string;
  windowStart: string;
  windowEnd: string;
  idempotencyKey: string;
}

export const PLACE_ORDER = gql<{ placeOrder: { id: string; status: OrderStatus } }, { input: PlaceOrderInput }>(`
  mutation RecipientPlaceOrder($input: PlaceOrderInput!) { placeOrder(input: $input) { id status } }
`);

export const CANCEL_ORDER = gql<{ cancelOrder: { id: string; status: OrderStatus } }, { orderId: string; reason: string }>(`
  mutation RecipientCancelOrder($orderId: ID!, $reason: String!) { cancelOrder(orderId: $orderId, reason: $reason) { id status } }
`);

export const CONFIRM_SERVICE = gql<{ confirmService: { id: string; status: OrderStatus } }, { orderId: string }>(`
  mutation RecipientConfirmService($orderId: ID!) { confirmService(orderId: $orderId) { id status } }
`);

export const RATE_SERVICE = gql<{ rateService: { stars: number } }, { orderId: string; stars: number; comment?: string }>(`
  mutation RecipientRateService($orderId: ID!, $stars: Int!, $comment: String) {
    rateService(orderId: $orderId, stars: $stars, comment: $comment) { stars }
  }
`);

export interface RecordComplaintInput {
  orderId?: string;
  category: ComplaintCategory;
  severity: 'NORMAL';
  description: string;
}

export const RECORD_COMPLAINT = gql<{ recordComplaint: { id: string; status: string } }, { input: RecordComplaintInput }>(`
  mutation RecipientRecordComplaint($input: RecordComplaintInput!) { recordComplaint(input: $input) { id status } }
`);

export interface MyComplaint {
  id: string;
  category: ComplaintCategory;
  status: 'RECORDED' | 'ASSIGNED' | 'VERIFIED' | 'ANSWERED' | 'CLOSED';
  description: string;
  answer: string | null;
  createdAt: string;
  order: { id: string; serviceItem: { nameZh: string; nameEn: string } } | null;
}

export const MY_COMPLAINTS = gql<{ complaints: { edges: { node: MyComplaint }[] } }, Record<string, never>>(`
  query RecipientComplaints {
    complaints(first: 20) { edges { node { id category status description answer createdAt order { id serviceItem { nameZh nameEn } } } } }
  }
`);
