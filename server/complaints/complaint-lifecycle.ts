// The ticket's lifecycle: the closed loop 记录、交办、核实、反馈 and closing, and reopening when
// the complainant is not satisfied. Every change of a
// ticket's status goes through it (server/platform/lifecycle.ts), so the table below is the
// whole truth about what may follow what. Each step of the loop is also what a ticket waits
// for in the statuses it leaves from, which is what its deadline (deadlines.ts) is about.
import { defineLifecycle } from '../platform/lifecycle.js';
import type { ComplaintRow } from './complaint-rows.js';

export const complaintStatuses = ['recorded', 'assigned', 'verified', 'answered', 'closed'] as const;
export type ComplaintStatus = (typeof complaintStatuses)[number];

const pastTense = {
  record: 'recorded',
  dispute: 'opened on a disputed service',
  assign: 'assigned',
  verify: 'verified',
  answer: 'answered',
  close: 'closed',
  reopen: 'reopened',
} as const;
export type ComplaintAction = keyof typeof pastTense;

/** The steps of the loop, in order: the actions an open ticket waits for. */
export const complaintSteps = ['assign', 'verify', 'answer', 'close'] as const satisfies readonly ComplaintAction[];
export type ComplaintStep = (typeof complaintSteps)[number];

export const complaintLifecycle = defineLifecycle<ComplaintRow>()<ComplaintStatus, ComplaintAction>({
  name: 'ticket',
  table: 'complaints',
  changedAt: 'status_changed_at',
  statuses: complaintStatuses,
  events: { table: 'complaint_events', subject: 'complaint_id' },
  // an event's reason is the ticket's text of that step (a description, findings, an answer)
  maxReason: 2000,
  actions: {
    /** 记录: the hotline, a recipient or a grid worker opens a ticket. */
    record: { from: [], to: 'recorded' },
    /** A ticket opened by disputeService about a completed service (its verification settles the dispute). */
    dispute: { from: [], to: 'recorded' },
    /** 交办: the hotline or a county admin hands it to an organisation or a township station. */
    assign: { from: ['recorded'], to: 'assigned' },
    /** 核实: the assignee finds whether it is upheld. */
    verify: { from: ['assigned'], to: 'verified' },
    /** 反馈: the hotline tells the complainant what was found. */
    answer: { from: ['verified'], to: 'answered' },
    close: { from: ['answered'], to: 'closed' },
    /**
     * The complainant (or the hotline for them) is not satisfied with the answer: back to its
     * assignee to verify again, within a period after the answer (reopenComplaint checks it).
     */
    reopen: { from: ['answered', 'closed'], to: 'assigned' },
  },
  refusal: (status, action) => `A ticket that is ${status} cannot be ${pastTense[action]}.`,
});

/** The step a ticket in `status` waits for (its deadline is that step's), or null once closed. */
export function awaitedStep(status: ComplaintStatus): ComplaintStep | null {
  return complaintSteps.find((step) => complaintLifecycle.can(status, step)) ?? null;
}
