// The recipient list changes (动态管理): people are registered as candidates, verified,
// served, suspended, exit, and may come back. One table of actions (server/platform/
// lifecycle.ts) says which moves exist; every move is recorded with who made it, through
// which channel, and why.
import { conflict, badInput } from '../platform/errors.js';
import { defineLifecycle } from '../platform/lifecycle.js';
import type { Recipient } from '../db/rows.js';

export const recipientStatuses = ['candidate', 'verified', 'active', 'suspended', 'exited'] as const;
export type RecipientStatus = (typeof recipientStatuses)[number];
type RecipientAction = 'register' | 'verify' | 'activate' | 'suspend' | 'reinstate' | 'exit' | 'reenter';

export const recipientLifecycle = defineLifecycle<Recipient>()<RecipientStatus, RecipientAction>({
  name: 'recipient',
  table: 'recipients',
  changedAt: 'status_changed_at',
  statuses: recipientStatuses,
  events: { table: 'recipient_status_changes', subject: 'recipient_id' },
  actions: {
    /** 登记: a township or grid worker registers a candidate. */
    register: { from: [], to: 'candidate' },
    /** 入户核实: the township checks the candidate at home. */
    verify: { from: ['candidate'], to: 'verified' },
    /** 纳入清单: on the list and served (a card and a budget account with it). */
    activate: { from: ['verified'], to: 'active' },
    suspend: { from: ['active'], to: 'suspended' },
    reinstate: { from: ['suspended'], to: 'active' },
    /** Leaves the list; from candidate or verified: rejected at screening. */
    exit: { from: ['candidate', 'verified', 'active', 'suspended'], to: 'exited' },
    /** Re-entry goes through screening again. */
    reenter: { from: ['exited'], to: 'candidate' },
  },
});

/** The action that moves a recipient from `from` to `to`; CONFLICT when none does (a status to itself included). */
export function actionBetween(from: RecipientStatus, to: RecipientStatus): RecipientAction {
  const action = recipientLifecycle.actionBetween(from, to);
  if (!action) {
    const allowed = recipientLifecycle.movesFrom(from).join(', ') || 'none';
    throw conflict(`A recipient cannot move from ${from} to ${to} (from ${from}: ${allowed}).`, {
      field: 'status',
      reason: 'RECIPIENT_MOVE_NOT_ALLOWED',
      from,
      to,
    });
  }
  return action;
}

/** Parses a stored or requested status; unknown values are bad input. */
export function toRecipientStatus(value: string): RecipientStatus {
  const status = value.toLowerCase();
  if (!(recipientStatuses as readonly string[]).includes(status))
    throw badInput(`Unknown recipient status ${value}.`, { field: 'status', reason: 'UNKNOWN_VALUE' });
  return status as RecipientStatus;
}
