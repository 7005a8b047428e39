import { describe, expect, it } from 'vitest';
import { DomainError } from '../platform/errors.js';
import { awaitedStep, complaintLifecycle, complaintStatuses, complaintSteps, type ComplaintAction, type ComplaintStatus } from './complaint-lifecycle.js';
import { complaintSeverities, deadlinePolicyRows, hoursIn, stepHours } from './deadlines.js';

// The loop as the issue states it: from each status, the one step that may follow, and
// going round again (reopen) once answered. Every pair not listed here must be refused (the
// opening actions, record and dispute, apply from no status).
const allowed: Record<ComplaintStatus, Partial<Record<ComplaintAction, ComplaintStatus>>> = {
  recorded: { assign: 'assigned' },
  assigned: { verify: 'verified' },
  verified: { answer: 'answered' },
  answered: { close: 'closed', reopen: 'assigned' },
  closed: { reopen: 'assigned' },
};

describe('the ticket lifecycle', () => {
  for (const status of complaintStatuses) {
    for (const action of complaintLifecycle.actions) {
      const to = allowed[status][action];
      it(`${status} --${action}--> ${to ?? 'refused'}`, () => {
        expect(complaintLifecycle.can(status, action)).toBe(to !== undefined);
        if (to) {
          expect(complaintLifecycle.next(status, action)).toBe(to);
        } else {
          let error: unknown;
          try {
            complaintLifecycle.next(status, action);
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(DomainError);
          expect((error as DomainError).code).toBe('CONFLICT');
        }
      });
    }
  }

  it('waits in each open status for the one step that leaves it, and for nothing once closed', () => {
    expect(Object.fromEntries(complaintStatuses.map((s) => [s, awaitedStep(s)]))).toEqual({
      recorded: 'assign',
      assigned: 'verify',
      verified: 'answer',
      answered: 'close',
      closed: null,
    });
  });
});

describe('the deadline policy', () => {
  it('gives every step of every severity a deadline, shorter for the more severe', () => {
    const order = ['urgent', 'high', 'normal', 'low'] as const;
    for (const action of complaintSteps) {
      const hours = order.map((s) => stepHours[s][action]);
      expect(hours.every((h) => Number.isInteger(h) && h > 0)).toBe(true);
      expect([...hours].sort((a, b) => a - b)).toEqual(hours);
    }
    expect(stepHours.urgent).toEqual({ assign: 1, verify: 24, answer: 24, close: 24 });
  });

  it('counts the deadline of the step a status waits for', () => {
    expect(hoursIn('high', 'recorded')).toBe(4);
    expect(hoursIn('high', 'assigned')).toBe(72);
    expect(hoursIn('low', 'answered')).toBe(168);
    for (const severity of complaintSeverities) expect(hoursIn(severity, 'closed')).toBeNull();
    const rows = deadlinePolicyRows();
    expect(rows).toHaveLength(complaintSeverities.length * 4);
    expect(rows.some((r) => r.status === 'closed')).toBe(false);
  });
});
