// A return visit's lifecycle (回访): scheduled (by the policy, or by an upheld complaint),
// then done by the grid worker with the questionnaire's answers, or missed when the recipient
// could not be reached. One table of actions (server/platform/lifecycle.ts); a visit is
// closed once.
import { defineLifecycle } from '../platform/lifecycle.js';
import type { ReturnVisit } from '../db/rows.js';

const returnVisitStatuses = ['scheduled', 'done', 'missed'] as const;
export type ReturnVisitStatus = (typeof returnVisitStatuses)[number];
type ReturnVisitAction = 'schedule' | 'record' | 'miss';

const pastTense: Record<ReturnVisitAction, string> = { schedule: 'scheduled', record: 'recorded', miss: 'marked missed' };

export const returnVisitLifecycle = defineLifecycle<ReturnVisit>()<ReturnVisitStatus, ReturnVisitAction>({
  name: 'return visit',
  table: 'return_visits',
  statuses: returnVisitStatuses,
  events: { table: 'return_visit_events', subject: 'return_visit_id' },
  // a missed visit's reason is its comment
  maxReason: 2000,
  actions: {
    schedule: { from: [], to: 'scheduled' },
    /** The answers are recorded: the visit is done. */
    record: { from: ['scheduled'], to: 'done' },
    /** The recipient could not be reached. */
    miss: { from: ['scheduled'], to: 'missed' },
  },
  refusal: (status, action) => `This return visit is already ${status}; only a scheduled visit can be ${pastTense[action]}.`,
});
