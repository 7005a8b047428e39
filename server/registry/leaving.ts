// What leaving the list does, in the status change's transaction. A suspended or exited
// recipient is served no more: their orders still waiting for a visit are cancelled with the
// status change's reason (carers and dispatchers told, holds back through the ledger); a
// service already under way is finished and paid as usual. An exit during the year also
// closes their budget account: what was never ordered with goes back to the county fund.
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import { orderLifecycle, awaitingVisitStatuses } from '../orders/order-lifecycle.js';
import { noticesOfRows } from '../orders/notices.js';
import type { OrderRow } from '../orders/order-rows.js';
import { releaseOrderHolds } from '../orders/order-actions.js';
import { ledgerAccounts, postTransfers } from '../ledger/ledger.js';
import { countyYear } from '../platform/county-time.js';
import { now } from '../platform/clock.js';
import type { Actor } from '../platform/lifecycle.js';
import { recordEffects } from '../platform/outbox.js';

/** Cancels every order of the recipient still waiting for its visit (`data` says why on each event); returns them cancelled. */
export async function cancelWaitingOrders(
  trx: Database,
  recipientId: number,
  actor: Actor,
  reason: string,
  data: Record<string, unknown> = { leftTheList: true },
): Promise<OrderRow[]> {
  // locked first, waiting for any matching under way: applyWhere skips rows others hold, and none may be left open
  await trx.selectFrom('orders').select('id').where('recipient_id', '=', recipientId).where('status', 'in', awaitingVisitStatuses).forUpdate().execute();
  const cancelled = await orderLifecycle.applyWhere(trx, 'cancel', actor, sql`t.recipient_id = ${recipientId}`, {
    reason,
    data,
  });
  if (!cancelled.length) return [];
  await releaseOrderHolds(trx, cancelled);
  await recordEffects(trx, noticesOfRows(cancelled));
  return cancelled;
}

/**
 * Closes the recipient's budget accounts of this year on (later ones too): the allocation
 * shrinks to what is held and spent, and the rest goes back to the county fund. Returns the
 * fen returned.
 */
export async function closeBudgetAccounts(trx: Database, recipientId: number): Promise<number> {
  const { rows } = await sql<{ year: number; returned: number }>`
    with open as (
      select recipient_id, year, allocated_fen - held_fen - spent_fen as returned
        from budget_accounts
       where recipient_id = ${recipientId} and year >= ${countyYear()} and closed_at is null
       for update)
    update budget_accounts b set allocated_fen = b.held_fen + b.spent_fen, closed_at = ${now()}
      from open where b.recipient_id = open.recipient_id and b.year = open.year
    returning b.year, open.returned::int as returned`.execute(trx);
  const exits = Number(
    (
      await trx
        .selectFrom('recipient_status_changes')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('recipient_id', '=', recipientId)
        .where('action', '=', 'exit')
        .executeTakeFirstOrThrow()
    ).n,
  );
  await postTransfers(
    trx,
    rows
      .filter((r) => r.returned > 0)
      .map((r) => ({
        debit: ledgerAccounts.budgetAvailable(recipientId, r.year),
        credit: ledgerAccounts.countyFund(r.year),
        amountFen: r.returned,
        kind: 'return' as const,
        // one return per exit (a recipient may leave, come back and leave again)
        reference: `return:${r.year}:${recipientId}:exit_${exits}`,
      })),
  );
  return rows.reduce((sum, r) => sum + r.returned, 0);
}
