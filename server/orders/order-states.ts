// The order's one state machine. Every change of an order's status goes through `nextStatus`,
// so the table below is the whole truth about what may follow what.
import { conflict } from '../platform/errors.js';

export const orderStatuses = [
  'placed', 'assigned', 'dispatched', 'accepted', 'in_service', 'completed', 'confirmed', 'cancelled', 'disputed',
] as const;
export type OrderStatus = (typeof orderStatuses)[number];

/** Statuses in which a carer holds the order's time window (the exclusion constraint's set). */
export const liveJobStatuses: readonly OrderStatus[] = ['dispatched', 'accepted', 'in_service'];
/** Statuses in which the budget hold may still be released by a cancellation. */
export const cancellableStatuses: readonly OrderStatus[] = ['placed', 'assigned', 'dispatched', 'accepted'];

/**
 * What may happen to an order, from which statuses, and the status it leads to.
 * `decline` and `unassign` send an order back to its organisation for matching again.
 */
export const orderTransitions = {
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
  cancel: { from: cancellableStatuses, to: 'cancelled' },
} as const satisfies Record<string, { from: readonly OrderStatus[]; to: OrderStatus }>;
export type OrderAction = keyof typeof orderTransitions;

/** Whether `action` is allowed on an order in `status`. */
export function canApply(status: OrderStatus, action: OrderAction): boolean {
  return (orderTransitions[action].from as readonly OrderStatus[]).includes(status);
}

/** The status `action` leads to from `status`; CONFLICT when the table does not allow it. */
export function nextStatus(status: OrderStatus, action: OrderAction): OrderStatus {
  if (!canApply(status, action)) {
    throw conflict(`An order that is ${status.replace('_', ' ')} cannot be ${pastTense[action]}.`, { status, action });
  }
  return orderTransitions[action].to;
}

const pastTense: Record<OrderAction, string> = {
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
};
