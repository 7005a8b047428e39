// A monthly score's lifecycle: computed as a draft (by the month's scoring, the worker's or
// an evaluator's), signed off by the evaluator, after which settlement may use it and nothing
// changes it. Computing a draft again and an evaluator's adjustment are events of the score
// that leave its status as it is (lifecycle `note`s): they are recorded in score_events with
// the score before and after, beside the transitions.
import { defineLifecycle } from '../platform/lifecycle.js';
import type { OrganisationScore } from '../db/rows.js';

const scoreStatuses = ['draft', 'signed_off'] as const;
export type ScoreStatus = (typeof scoreStatuses)[number];
type ScoreAction = 'compute' | 'sign_off';

/** Events of a draft that are not transitions: computed again with changed facts, adjusted by the evaluator. */
export const scoreNotes = { recompute: 'recompute', adjust: 'adjust' } as const;

export const scoreLifecycle = defineLifecycle<OrganisationScore>()<ScoreStatus, ScoreAction>({
  name: 'score',
  table: 'organisation_scores',
  statuses: scoreStatuses,
  events: { table: 'score_events', subject: 'score_id' },
  actions: {
    /** 第三方评价: the month's scoring writes a draft for each organisation scored in it. */
    compute: { from: [], to: 'draft' },
    sign_off: { from: ['draft'], to: 'signed_off' },
  },
  refusal: () => 'That score is signed off: it can no longer change.',
  refusalReason: 'SCORE_SIGNED_OFF',
});
