import { describe, expect, it } from 'vitest';
import { DomainError } from '../platform/errors.js';
import { nextStatus, settlementStatuses, type SettlementAction } from './settlement-states.js';

const allowed: Record<string, string> = { 'draft:approve': 'approved', 'approved:pay': 'paid' };

describe('the settlement state machine', () => {
  for (const status of settlementStatuses) {
    for (const action of ['approve', 'pay'] as SettlementAction[]) {
      const expected = allowed[`${status}:${action}`];
      it(`${action} from ${status}: ${expected ?? 'CONFLICT'}`, () => {
        if (expected) {
          expect(nextStatus(status, action)).toBe(expected);
        } else {
          let error: unknown;
          try { nextStatus(status, action); } catch (err) { error = err; }
          expect(error).toBeInstanceOf(DomainError);
          expect((error as DomainError).code).toBe('CONFLICT');
        }
      });
    }
  }
});
