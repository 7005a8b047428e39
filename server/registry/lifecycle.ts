// The recipient list changes (动态管理): people are screened, verified, served, suspended,
// exit, and may come back. One transition table says which moves exist; every move is
// recorded with who made it and why.
import type { Database } from '../db/database.js';
import type { Viewer } from '../auth/roles.js';
import type { Config } from '../config.js';
import type { Recipient } from '../db/rows.js';
import { badInput, conflict } from '../platform/errors.js';
import { openBudgetAccount } from '../budgets/accounts.js';
import { lockRecipientForWrite } from './scope.js';
import { assignCardNumber } from './service-cards.js';
import { now } from '../platform/clock.js';

export const recipientStatuses = ['candidate', 'verified', 'active', 'suspended', 'exited'] as const;
export type RecipientStatus = (typeof recipientStatuses)[number];

/** Every allowed move; anything not listed (a status to itself included) is refused. */
export const transitions: Readonly<Record<RecipientStatus, readonly RecipientStatus[]>> = {
  candidate: ['verified', 'exited'], // exited: rejected at screening
  verified: ['active', 'exited'],
  active: ['suspended', 'exited'],
  suspended: ['active', 'exited'],
  exited: ['candidate'], // re-entry goes through screening again
};

/** Whether a recipient may move from `from` to `to`. */
export function canTransition(from: RecipientStatus, to: RecipientStatus): boolean {
  return transitions[from]?.includes(to) ?? false;
}

/** Throws CONFLICT unless the move is in the table. */
export function assertTransition(from: RecipientStatus, to: RecipientStatus): void {
  if (!canTransition(from, to)) {
    const allowed = transitions[from]?.join(', ') || 'none';
    throw conflict(`A recipient cannot move from ${from} to ${to} (from ${from}: ${allowed}).`, { from, to });
  }
}

/** Parses a stored or requested status; unknown values are bad input. */
export function toRecipientStatus(value: string): RecipientStatus {
  const status = value.toLowerCase();
  if (!(recipientStatuses as readonly string[]).includes(status)) throw badInput(`Unknown recipient status ${value}.`, { field: 'status' });
  return status as RecipientStatus;
}

/** Moves a recipient to `to`, recording who and why; becoming active issues a card and opens the budget account. */
export async function changeRecipientStatus(
  db: Database,
  config: Pick<Config, 'DATA_KEY'>,
  viewer: Viewer,
  recipientId: number,
  to: RecipientStatus,
  reason: string,
): Promise<Recipient> {
  const why = reason.trim();
  if (!why) throw badInput('Say why the status changes.', { field: 'reason' });
  return db.transaction().execute(async (trx) => {
    const recipient = await lockRecipientForWrite(trx, viewer, recipientId, 'manage');
    const from = toRecipientStatus(recipient.status);
    assertTransition(from, to);
    const at = now();
    await trx.insertInto('recipient_status_changes')
      .values({ recipient_id: recipientId, from_status: from, to_status: to, reason: why, changed_by: viewer.userId, changed_at: at })
      .execute();
    let updated = await trx.updateTable('recipients')
      .set({ status: to, status_changed_at: at })
      .where('id', '=', recipientId)
      .returningAll()
      .executeTakeFirstOrThrow();
    // in the same transaction: an active recipient can order at once, or the move does not happen
    if (to === 'active') {
      if (!updated.service_card_number) updated = await assignCardNumber(trx, recipientId, config.DATA_KEY);
      await openBudgetAccount(trx, recipientId);
    }
    return updated;
  });
}
