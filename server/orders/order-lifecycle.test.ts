import { describe, expect, it } from 'vitest';
import { DomainError } from '../platform/errors.js';
import { orderLifecycle, orderStatuses, type OrderAction, type OrderStatus } from './order-lifecycle.js';

// The table written out the other way round, as the issue states it: from each status,
// which actions lead where. Every pair not listed here must be refused.
const allowed: Record<OrderStatus, Partial<Record<OrderAction, OrderStatus>>> = {
  placed: { take: 'assigned', cancel: 'cancelled', miss: 'missed' },
  assigned: { dispatch: 'dispatched', cancel: 'cancelled', miss: 'missed' },
  dispatched: { reassign: 'dispatched', accept: 'accepted', decline: 'assigned', cancel: 'cancelled', miss: 'missed', unassign: 'assigned' },
  accepted: { reassign: 'dispatched', start: 'in_service', cancel: 'cancelled', miss: 'missed', unassign: 'assigned' },
  in_service: { complete: 'completed' },
  completed: { confirm: 'confirmed', dispute: 'disputed' },
  confirmed: {},
  cancelled: {},
  disputed: { resolve_dispute: 'confirmed', reject_service: 'cancelled' },
  missed: { rebook: 'assigned' },
};

describe('the order state machine', () => {
  const actions: readonly OrderAction[] = orderLifecycle.actions;
  for (const status of orderStatuses) {
    for (const action of actions) {
      const to = allowed[status][action];
      it(`${status} --${action}--> ${to ?? 'refused'}`, () => {
        expect(orderLifecycle.can(status, action)).toBe(to !== undefined);
        if (to) {
          expect(orderLifecycle.next(status, action)).toBe(to);
        } else {
          let error: unknown;
          try {
            orderLifecycle.next(status, action);
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(DomainError);
          expect((error as DomainError).code).toBe('CONFLICT');
        }
      });
    }
  }

  it('has no way out of confirmed or cancelled', () => {
    for (const action of actions) {
      expect(orderLifecycle.can('confirmed', action)).toBe(false);
      expect(orderLifecycle.can('cancelled', action)).toBe(false);
    }
  });
});
