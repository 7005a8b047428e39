// A visit's exception (异常): a visit recorded at check-in has none; check-out flags it when
// out of bounds (too far, too short or long, sent late), which puts it in the dispatcher's
// exception queue until someone resolves it with a reason code. One table of actions
// (server/platform/lifecycle.ts) over visits.exception_status; a visit's key is its order's id.
import { defineLifecycle } from '../platform/lifecycle.js';
import type { Visit } from '../db/rows.js';

const exceptionStatuses = ['none', 'open', 'resolved'] as const;
type ExceptionStatus = (typeof exceptionStatuses)[number];
type ExceptionAction = 'check_in' | 'flag' | 'resolve';

export const visitExceptionLifecycle = defineLifecycle<Visit>()<ExceptionStatus, ExceptionAction>({
  name: 'visit',
  table: 'visits',
  key: 'order_id',
  column: 'exception_status',
  statuses: exceptionStatuses,
  events: { table: 'visit_exception_events', subject: 'order_id' },
  // a resolution's note is its reason
  maxReason: 1000,
  actions: {
    /** Check-in records the visit, with no exception yet (it opens at check-out, when the whole visit can be judged). */
    check_in: { from: [], to: 'none' },
    /** Check-out finds the visit out of bounds. */
    flag: { from: ['none'], to: 'open' },
    /** The dispatcher (or a county admin) checks what happened and gives a reason code. */
    resolve: { from: ['open'], to: 'resolved' },
  },
  refusal: (status, action) => {
    if (action === 'resolve') return 'That visit has no open exception.';
    if (action === 'flag') return `That visit's exception is already ${status}.`;
    return undefined;
  },
});
