// A statement's lifecycle: drafted (by finance, a county admin or the worker), approved by
// finance (not whoever ran it), paid. One transition table; nothing goes back: a statement
// that is wrong is corrected by the next month's, never rewritten.
import { conflict } from '../platform/errors.js';

export const settlementStatuses = ['draft', 'approved', 'paid'] as const;
export type SettlementStatus = (typeof settlementStatuses)[number];
export type SettlementAction = 'approve' | 'pay';

export const settlementTransitions: Record<SettlementAction, { from: SettlementStatus; to: SettlementStatus }> = {
  approve: { from: 'draft', to: 'approved' },
  pay: { from: 'approved', to: 'paid' },
};

const refusals: Record<SettlementAction, Partial<Record<SettlementStatus, string>>> = {
  approve: { approved: 'The statement is already approved.', paid: 'The statement is already paid.' },
  pay: { draft: 'A statement is paid only after finance approves it.', paid: 'The statement is already paid.' },
};

/** The status `action` leads to from `status`; CONFLICT when the action does not apply. */
export function nextStatus(status: string, action: SettlementAction): SettlementStatus {
  const { from, to } = settlementTransitions[action];
  if (status === from) return to;
  const message = refusals[action][status as SettlementStatus] ?? `A ${status} statement cannot be ${action}d.`;
  throw conflict(message, { reason: 'SETTLEMENT_STATUS', status, action });
}
