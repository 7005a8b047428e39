// A statement's lifecycle: drafted (by finance, a county admin or the worker), approved by
// finance (not whoever ran it), paid. One table of actions (server/platform/lifecycle.ts);
// nothing goes back: a statement that is wrong is corrected by the next month's, never
// rewritten.
import { defineLifecycle } from '../platform/lifecycle.js';
import type { Settlement } from '../db/rows.js';

export const settlementStatuses = ['draft', 'approved', 'paid'] as const;
export type SettlementStatus = (typeof settlementStatuses)[number];
export type SettlementAction = 'run' | 'approve' | 'pay';

const refusals: Record<SettlementAction, Partial<Record<SettlementStatus, string>>> = {
  run: {},
  approve: { approved: 'The statement is already approved.', paid: 'The statement is already paid.' },
  pay: { draft: 'A statement is paid only after finance approves it.', paid: 'The statement is already paid.' },
};
const pastTense: Record<SettlementAction, string> = { run: 'run', approve: 'approved', pay: 'paid' };

export const settlementLifecycle = defineLifecycle<Settlement>()<SettlementStatus, SettlementAction>({
  name: 'statement',
  table: 'settlements',
  statuses: settlementStatuses,
  events: { table: 'settlement_events', subject: 'settlement_id' },
  actions: {
    /** 评审核算: running a month's settlement writes its draft statement. */
    run: { from: [], to: 'draft' },
    approve: { from: ['draft'], to: 'approved' },
    pay: { from: ['approved'], to: 'paid' },
  },
  refusal: (status, action) => refusals[action][status] ?? `A ${status} statement cannot be ${pastTense[action]}.`,
  refusalReason: 'SETTLEMENT_STATUS',
});
