// How long each step of a ticket may take, by severity. A ticket's due_at is the deadline of
// the step it waits for, counted from the moment it entered its status; a missed deadline
// escalates it (escalation.ts), and each escalation gives the step the same time again.
//
// | severity | assign | verify | answer | close |
// | -------- | ------ | ------ | ------ | ----- |
// | urgent   |   1 h  |  24 h  |  24 h  |  24 h |
// | high     |   4 h  |  72 h  |  24 h  |  48 h |
// | normal   |  24 h  | 120 h  |  48 h  |  72 h |
// | low      |  48 h  | 240 h  |  72 h  | 168 h |
//
// Urgent tickets are handed on within the hour (like urgent help, 助急, which is dispatched
// first); verification needs a visit and a conversation, so it gets the most time.
import { sql, type RawBuilder } from 'kysely';
import { awaitedStep, complaintStatuses, type ComplaintStatus, type ComplaintStep } from './complaint-lifecycle.js';
import { now } from '../platform/clock.js';

export const complaintSeverities = ['low', 'normal', 'high', 'urgent'] as const;
export type ComplaintSeverity = (typeof complaintSeverities)[number];

/** Hours each step may take, by severity (the table above). */
export const stepHours: Record<ComplaintSeverity, Record<ComplaintStep, number>> = {
  urgent: { assign: 1, verify: 24, answer: 24, close: 24 },
  high: { assign: 4, verify: 72, answer: 24, close: 48 },
  normal: { assign: 24, verify: 120, answer: 48, close: 72 },
  low: { assign: 48, verify: 240, answer: 72, close: 168 },
};

/** Escalations stop here: by then the county has been told three times. */
export const MAX_ESCALATION_LEVEL = 3;

/** Hours a ticket of `severity` has in `status`, or null when it waits for nothing (closed). */
export function hoursIn(severity: ComplaintSeverity, status: ComplaintStatus): number | null {
  const step = awaitedStep(status);
  return step ? stepHours[severity][step] : null;
}

/** due_at for a ticket entering `status` at `at` (the clock's now, as its status_changed_at), or null once closed. */
export function dueOnEntering(severity: ComplaintSeverity, status: ComplaintStatus, at: Date = now()): RawBuilder<Date | null> {
  const hours = hoursIn(severity, status);
  return hours === null ? sql<null>`null` : sql<Date>`${at}::timestamptz + make_interval(hours => ${hours}::int)`;
}

/** The policy as rows (severity, status, hours) of every open status, for set-based SQL. */
export function deadlinePolicyRows(): { severity: ComplaintSeverity; status: ComplaintStatus; hours: number }[] {
  return complaintSeverities.flatMap((severity) =>
    complaintStatuses.flatMap((status) => {
      const hours = hoursIn(severity, status);
      return hours === null ? [] : [{ severity, status, hours }];
    }),
  );
}
