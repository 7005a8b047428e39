// The order's lifecycle: what may happen to an order, from which statuses, and the status it
// leads to. Every change of an order's status goes through it (server/platform/lifecycle.ts),
// so this table is the whole truth about what may follow what.
import { defineLifecycle } from '../platform/lifecycle.js';
import type { OrderRow } from './order-rows.js';

export const orderStatuses = [
  'placed',
  'assigned',
  'dispatched',
  'accepted',
  'in_service',
  'completed',
  'confirmed',
  'cancelled',
  'disputed',
  'missed',
] as const;
export type OrderStatus = (typeof orderStatuses)[number];

/** Statuses in which a carer holds the order's time window (the exclusion constraint's set). */
export const liveJobStatuses = ['dispatched', 'accepted', 'in_service'] as const satisfies readonly OrderStatus[];
/**
 * Statuses of an order still waiting for its visit (nobody has checked in): it may be
 * cancelled, and when its window passes it is late, then missed.
 */
export const awaitingVisitStatuses = ['placed', 'assigned', 'dispatched', 'accepted'] as const satisfies readonly OrderStatus[];

const pastTense = {
  place: 'placed',
  take: 'taken by an organisation',
  dispatch: 'dispatched',
  reassign: 'reassigned',
  accept: 'accepted',
  decline: 'declined',
  start: 'started',
  complete: 'completed',
  confirm: 'confirmed',
  dispute: 'disputed',
  resolve_dispute: 'resolved',
  reject_service: 'rejected',
  cancel: 'cancelled',
  miss: 'marked missed',
  unassign: 'moved back to matching',
  rebook: 'rebooked',
} as const;
export type OrderAction = keyof typeof pastTense;

/** `decline` sends an order back to its organisation for matching again. */
export const orderLifecycle = defineLifecycle<OrderRow>()<OrderStatus, OrderAction>({
  name: 'order',
  table: 'orders',
  changedAt: 'status_changed_at',
  statuses: orderStatuses,
  events: { table: 'order_events', subject: 'order_id' },
  actions: {
    /** 点单: placeOrder writes the order in its first status. */
    place: { from: [], to: 'placed' },
    /** Matching (or an admin) gives the order to a contracted organisation: 接单. */
    take: { from: ['placed'], to: 'assigned' },
    /** Matching or the dispatcher sends it to a carer. */
    dispatch: { from: ['assigned'], to: 'dispatched' },
    /** The dispatcher moves it to another carer before the service starts. */
    reassign: { from: ['dispatched', 'accepted'], to: 'dispatched' },
    accept: { from: ['dispatched'], to: 'accepted' },
    decline: { from: ['dispatched'], to: 'assigned' },
    /** Check-in. */
    start: { from: ['accepted'], to: 'in_service' },
    /** Check-out. */
    complete: { from: ['in_service'], to: 'completed' },
    confirm: { from: ['completed'], to: 'confirmed' },
    dispute: { from: ['completed'], to: 'disputed' },
    /** A dispute settled in the service's favour. */
    resolve_dispute: { from: ['disputed'], to: 'confirmed' },
    /** A dispute upheld: the service is not paid. */
    reject_service: { from: ['disputed'], to: 'cancelled' },
    cancel: { from: awaitingVisitStatuses, to: 'cancelled' },
    /** Moved to a time its carer cannot make (a reschedule): back to the organisation, for matching again. */
    unassign: { from: ['dispatched', 'accepted'], to: 'assigned' },
    /** The window ended (plus the grace) and nobody checked in: the hold goes back to the recipient. */
    miss: { from: awaitingVisitStatuses, to: 'missed' },
    /** Its organisation gives a missed order a new window: back to matching among its carers, the price held again. */
    rebook: { from: ['missed'], to: 'assigned' },
  },
  refusal: (status, action) => `An order that is ${status.replace('_', ' ')} cannot be ${pastTense[action]}.`,
});
