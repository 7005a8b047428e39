// Moving a recipient to another status on the list, through the recipient lifecycle: the
// caller names the status, the lifecycle's table names the action that leads there.
import type { Database } from '../db/database.js';
import type { Viewer } from '../auth/roles.js';
import type { Config } from '../config.js';
import type { Recipient } from '../db/rows.js';
import { badInput } from '../platform/errors.js';
import { openBudgetAccount } from '../budgets/accounts.js';
import { actorOf } from '../orders/order-actions.js';
import { lockRecipientForWrite } from './scope.js';
import { assignCardNumber } from './service-cards.js';
import { cancelWaitingOrders, closeBudgetAccounts } from './leaving.js';
import { actionBetween, recipientLifecycle, toRecipientStatus, type RecipientStatus } from './recipient-lifecycle.js';

/**
 * Moves a recipient to `to`, recording who and why; becoming active issues a card and opens
 * the budget account; a suspension or exit cancels their waiting orders, and an exit closes
 * the account (leaving.ts).
 */
export async function changeRecipientStatus(
  db: Database,
  config: Pick<Config, 'DATA_KEY'>,
  viewer: Viewer,
  recipientId: number,
  to: RecipientStatus,
  reason: string,
): Promise<Recipient> {
  const why = reason.trim();
  if (!why) throw badInput('Say why the status changes.', { field: 'reason', reason: 'REASON_REQUIRED' });
  return db.transaction().execute(async (trx) => {
    const recipient = await lockRecipientForWrite(trx, viewer, recipientId, 'manage');
    const action = actionBetween(toRecipientStatus(recipient.status), to);
    const actor = actorOf(viewer);
    let { after: updated } = await recipientLifecycle.apply(trx, recipientId, action, actor, { locked: recipient, reason: why });
    // leaving the list: nobody comes for their waiting orders, and an exit gives back the unused budget
    if (to === 'suspended' || to === 'exited') await cancelWaitingOrders(trx, recipientId, actor, why);
    if (to === 'exited') await closeBudgetAccounts(trx, recipientId);
    // in the same transaction: an active recipient can order at once, or the move does not happen
    if (to === 'active') {
      if (!updated.service_card_number) updated = await assignCardNumber(trx, recipientId, config.DATA_KEY);
      await openBudgetAccount(trx, recipientId);
    }
    return updated;
  });
}
