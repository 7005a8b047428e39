// The ticket's one state machine: the closed loop 记录、交办、核实、反馈 and closing. Every
// change of a ticket's status goes through `nextComplaintStatus`, so the table below is the
// whole truth about what may follow what. Each action is also the step a ticket waits for
// in the statuses it leaves from, which is what its deadline (deadlines.ts) is about.
import { conflict } from '../platform/errors.js';

export const complaintStatuses = ['recorded', 'assigned', 'verified', 'answered', 'closed'] as const;
export type ComplaintStatus = (typeof complaintStatuses)[number];

/** A ticket is opened in this status (by recordComplaint or disputeService). */
export const initialComplaintStatus: ComplaintStatus = 'recorded';

export const complaintTransitions = {
  /** 交办: the hotline or a county admin hands it to an organisation or a township station. */
  assign: { from: ['recorded'], to: 'assigned' },
  /** 核实: the assignee finds whether it is upheld. */
  verify: { from: ['assigned'], to: 'verified' },
  /** 反馈: the hotline tells the complainant what was found. */
  answer: { from: ['verified'], to: 'answered' },
  close: { from: ['answered'], to: 'closed' },
} as const satisfies Record<string, { from: readonly ComplaintStatus[]; to: ComplaintStatus }>;
export type ComplaintAction = keyof typeof complaintTransitions;
export const complaintActions = Object.keys(complaintTransitions) as ComplaintAction[];

/** Whether `action` is allowed on a ticket in `status`. */
export function canApplyToComplaint(status: ComplaintStatus, action: ComplaintAction): boolean {
  return (complaintTransitions[action].from as readonly ComplaintStatus[]).includes(status);
}

/** The status `action` leads to from `status`; CONFLICT when the table does not allow it. */
export function nextComplaintStatus(status: ComplaintStatus, action: ComplaintAction): ComplaintStatus {
  if (!canApplyToComplaint(status, action)) {
    throw conflict(`A ticket that is ${status} cannot be ${pastTense[action]}.`, { status, action });
  }
  return complaintTransitions[action].to;
}

/** The step a ticket in `status` waits for (its deadline is that step's), or null once closed. */
export function awaitedStep(status: ComplaintStatus): ComplaintAction | null {
  return complaintActions.find((action) => canApplyToComplaint(status, action)) ?? null;
}

const pastTense: Record<ComplaintAction, string> = {
  assign: 'assigned',
  verify: 'verified',
  answer: 'answered',
  close: 'closed',
};
