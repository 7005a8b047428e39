import { describe, expect, it } from 'vitest';
import { DomainError } from '../platform/errors.js';
import { settlementLifecycle, settlementStatuses, type SettlementAction } from './settlement-lifecycle.js';

const allowed: Record<string, string> = { 'draft:approve': 'approved', 'approved:pay': 'paid' };

describe('the settlement lifecycle', () => {
  for (const status of settlementStatuses) {
    for (const action of ['approve', 'pay'] as SettlementAction[]) {
      const expected = allowed[`${status}:${action}`];
      it(`${action} from ${status}: ${expected ?? 'CONFLICT'}`, () => {
        if (expected) {
          expect(settlementLifecycle.next(status, action)).toBe(expected);
        } else {
          let error: unknown;
          try {
            settlementLifecycle.next(status, action);
          } catch (err) {
            error = err;
          }
          expect(error).toBeInstanceOf(DomainError);
          expect((error as DomainError).code).toBe('CONFLICT');
        }
      });
    }
  }
});
