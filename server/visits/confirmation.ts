// Confirming that a completed service happened: the recipient in the app, a grid worker for
// a recipient of their villages, or the carer with the code printed on the recipient's
// service card (for recipients without a phone). Wrong codes are counted per visit and the
// count is kept even though the attempt is refused, so guessing stops after a few tries.
import type { Database } from '../db/database.js';
import type { Config } from '../config.js';
import type { Role, Viewer } from '../auth/roles.js';
import { badInput, conflict, forbidden, type DomainError } from '../platform/errors.js';
import { cardCodeMatches } from '../registry/service-cards.js';
import { requireVisibleOrder } from '../orders/order-scope.js';
import { lockOrder, transition } from '../orders/transitions.js';
import { orderLifecycle } from '../orders/order-lifecycle.js';
import { actorOf } from '../orders/order-actions.js';
import type { Transition } from '../platform/lifecycle.js';
import type { OrderRow } from '../orders/order-rows.js';

type ConfirmedVia = 'recipient_app' | 'grid_worker' | 'service_card' | 'automatic';

const viaOfRole: Partial<Record<Role, ConfirmedVia>> = {
  recipient: 'recipient_app',
  grid_worker: 'grid_worker',
  carer: 'service_card',
};

/** Wrong card codes allowed per visit; after these, only the recipient or a grid worker can confirm. */
export const MAX_CARD_CODE_FAILURES = 5;
const tooManyTries = () =>
  conflict(`The card code was wrong ${MAX_CARD_CODE_FAILURES} times for this service: ask the recipient to confirm in the app, or their grid worker.`, {
    field: 'cardCode',
    reason: 'CARD_CODE_TRIES_USED',
    cardCodeFailures: MAX_CARD_CODE_FAILURES,
  });

/**
 * Confirms a completed service (scope as for reading the order: a recipient's own, a grid
 * worker's villages, the carer's own job). A carer must give the card's code.
 */
export async function confirmService(
  db: Database,
  config: Pick<Config, 'DATA_KEY'>,
  viewer: Viewer,
  orderId: number,
  cardCode?: string | null,
): Promise<Transition<OrderRow>> {
  const via = viaOfRole[viewer.role];
  if (!via) throw forbidden('Services are confirmed by the recipient, a grid worker, or the carer with the service card.');
  const code = (cardCode ?? '').trim();
  if (via === 'service_card' && !/^\d{6}$/.test(code)) {
    throw badInput("Enter the six-digit code printed on the recipient's service card.", { field: 'cardCode', reason: 'CARD_CODE_FORMAT' });
  }
  // a wrong code is returned, not thrown, so its counted failure commits with the transaction
  const outcome = await db.transaction().execute(async (trx): Promise<{ change: Transition<OrderRow> } | { refused: DomainError }> => {
    await requireVisibleOrder(trx, viewer, orderId);
    const order = await lockOrder(trx, orderId);
    orderLifecycle.next(order.status, 'confirm'); // no code is tried on a service that cannot be confirmed
    if (via === 'service_card') {
      const refused = await tryCardCode(trx, config.DATA_KEY, order, code);
      if (refused) return { refused };
    }
    const change = await transition(trx, orderId, 'confirm', actorOf(viewer), { locked: order, data: { via } });
    await trx
      .updateTable('visits')
      .set({ confirmed_via: via, confirmed_by: viewer.userId, confirmed_at: change.after.status_changed_at })
      .where('order_id', '=', orderId)
      .execute();
    return { change };
  });
  if ('refused' in outcome) throw outcome.refused;
  return outcome.change;
}

/** Checks the code on the recipient's card; a wrong one is counted. Returns the refusal, or null when right. */
async function tryCardCode(trx: Database, dataKey: string, order: OrderRow, code: string): Promise<DomainError | null> {
  const visit = await trx.selectFrom('visits').select('card_code_failures').where('order_id', '=', order.id).forUpdate().executeTakeFirst();
  if (!visit) throw conflict('The service has no verified visit to confirm.', { reason: 'NO_VERIFIED_VISIT' });
  if (visit.card_code_failures >= MAX_CARD_CODE_FAILURES) return tooManyTries();
  const recipient = await trx.selectFrom('recipients').select('card_code_encrypted').where('id', '=', order.recipient_id).executeTakeFirstOrThrow();
  if (!recipient.card_code_encrypted) {
    throw conflict(
      "The recipient's service card has no code (issued before codes were printed): ask the recipient or their grid worker to confirm, and the township to issue a new card.",
      { field: 'cardCode', reason: 'CARD_HAS_NO_CODE' },
    );
  }
  if (cardCodeMatches(code, recipient.card_code_encrypted, dataKey)) return null;
  const { card_code_failures: failures } = await trx
    .updateTable('visits')
    .set((eb) => ({ card_code_failures: eb('card_code_failures', '+', 1) }))
    .where('order_id', '=', order.id)
    .returning('card_code_failures')
    .executeTakeFirstOrThrow();
  const left = MAX_CARD_CODE_FAILURES - failures;
  return badInput(
    left > 0
      ? `That is not the code on the recipient's service card: ${left} ${left === 1 ? 'try' : 'tries'} left.`
      : "That is not the code on the recipient's service card, and no tries are left: ask the recipient to confirm in the app, or their grid worker.",
    { field: 'cardCode', reason: 'WRONG_CARD_CODE', triesLeft: left },
  );
}
