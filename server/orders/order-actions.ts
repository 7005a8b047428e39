// What people do to an order after placing it: cancel, reschedule, and the dispatch actions of
// the dispatcher (assign, reassign, rebook a missed visit) and the carer (accept, decline). Each runs in one
// transaction through the order lifecycle, its notices recorded in the outbox with it, and
// returns the order as it is afterwards.
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import type { Viewer } from '../auth/roles.js';
import { badInput, conflict, forbidden, isExclusionViolation } from '../platform/errors.js';
import { holdBudget, releaseHolds } from '../budgets/budget-rules.js';
import { ledgerAccounts, postTransfers } from '../ledger/ledger.js';
import { findCandidates } from '../matching/candidates.js';
import { weighCandidate } from '../matching/ranking.js';
import type { StoredMatchReasons } from '../matching/match-reasons.js';
import { lockOrder, transition } from './transitions.js';
import { awaitingVisitStatuses, orderLifecycle } from './order-lifecycle.js';
import { noticesOf } from './notices.js';
import { recordEffects } from '../platform/outbox.js';
import { countyYear } from '../platform/county-time.js';
import { requireVisibleOrder } from './order-scope.js';
import type { OrderRow } from './order-rows.js';
import type { Actor } from '../platform/lifecycle.js';
import { channelOfRole, checkWindow, orderChannel } from './place-order.js';
import { rescheduledJobMessages } from '../messages/order-messages.js';
import { queueMessages } from '../messages/queue-messages.js';

/** The channel a viewer acts through: their ordering channel, the carer's app, or a console. */
export const actorOf = (viewer: Viewer): Actor => ({
  userId: viewer.userId,
  channel: channelOfRole[viewer.role] ?? (viewer.role === 'carer' ? 'carer_app' : 'console'),
});

/** Cancels an order not yet in service and releases its budget hold, in one transaction. */
export async function cancelOrder(db: Database, viewer: Viewer, orderId: number, reason: string): Promise<OrderRow> {
  return db.transaction().execute(async (trx) => {
    await requireVisibleOrder(trx, viewer, orderId);
    const { after } = await transition(trx, orderId, 'cancel', actorOf(viewer), { reason, reasonRequired: true });
    await releaseOrderHold(trx, after);
    return after;
  });
}

/** The ledger references of a rebooked order's later holds and releases: one pair per booking. */
export const rebookSuffix = (o: Pick<OrderRow, 'rebooks'>) => (o.rebooks > 0 ? `:rebook:${o.rebooks}` : '');

/** Gives an unpaid order's budget hold back to the recipient (a cancellation, a service rejected after a dispute). */
export const releaseOrderHold = (trx: Database, order: OrderRow): Promise<void> => releaseOrderHolds(trx, [order]);

/** Gives unpaid orders' holds back (a sweep of missed visits): one statement for the accounts, one for the ledger. */
export async function releaseOrderHolds(trx: Database, orders: readonly OrderRow[]): Promise<void> {
  await releaseHolds(
    trx,
    orders.map((o) => ({ recipientId: o.recipient_id, year: o.budget_year, amountFen: o.amount_fen })),
  );
  await postTransfers(
    trx,
    orders.map((o) => ({
      debit: ledgerAccounts.budgetHeld(o.recipient_id, o.budget_year),
      credit: ledgerAccounts.budgetAvailable(o.recipient_id, o.budget_year),
      amountFen: o.amount_fen,
      kind: 'release' as const,
      reference: `release:order:${o.id}${rebookSuffix(o)}`,
      orderId: o.id,
    })),
  );
}

/** A check for transition(): the order is the viewer's own job (they are its carer). */
export const ownJob = (viewer: Viewer) => (order: OrderRow) => {
  if (order.carer_id !== viewer.carerId) throw forbidden('That job is not yours.', { reason: 'JOB_NOT_YOURS' });
};

/** The carer accepts a job dispatched to them. */
export async function acceptJob(db: Database, viewer: Viewer, orderId: number): Promise<OrderRow> {
  const { after } = await db.transaction().execute((trx) => transition(trx, orderId, 'accept', actorOf(viewer), { check: ownJob(viewer) }));
  return after;
}

/** The carer declines: the order goes back to its organisation, and matching will skip them. */
export async function declineJob(db: Database, viewer: Viewer, orderId: number, reason: string): Promise<OrderRow> {
  const { after } = await db.transaction().execute((trx) =>
    transition(trx, orderId, 'decline', actorOf(viewer), {
      reason,
      reasonRequired: true,
      check: ownJob(viewer),
      set: { carer_id: null, match_reasons: null, declined_carer_ids: sql<number[]>`array_append(declined_carer_ids, ${viewer.carerId}::int)` },
      data: { carerId: viewer.carerId },
    }),
  );
  return after;
}

/**
 * The dispatcher gives the order to a carer of their organisation, or moves it to another
 * before the service starts. The carer must be active and qualified, and free then (the
 * database refuses a double booking); working hours are the dispatcher's call. The factors
 * of the chosen carer are recorded beside the dispatcher's reason.
 */
export async function assignCarer(db: Database, viewer: Viewer, orderId: number, carerId: number, reason: string, viewerName: string): Promise<OrderRow> {
  try {
    const { after } = await db.transaction().execute(async (trx) => {
      const order = await requireVisibleOrder(trx, viewer, orderId);
      if (!order.organisation_id) throw conflict('The order has not been taken by an organisation yet.', { reason: 'ORDER_NOT_TAKEN' });
      const carer = await trx.selectFrom('carers').select(['id', 'organisation_id', 'active']).where('id', '=', carerId).executeTakeFirst();
      if (!carer || carer.organisation_id !== order.organisation_id)
        throw badInput('That carer does not work for the organisation that took the order.', { field: 'carerId', reason: 'CARER_OF_OTHER_ORGANISATION' });
      if (!carer.active) throw badInput('That carer is not active.', { field: 'carerId', reason: 'CARER_NOT_ACTIVE' });
      if (order.carer_id === carerId) throw conflict('The order is already with that carer.', { field: 'carerId', reason: 'ALREADY_WITH_CARER' });
      const facts = await qualifiedFacts(trx, orderId, carerId);
      const scored = weighCandidate(facts);
      const reasons: StoredMatchReasons = { decidedBy: viewerName, total: scored.total, factors: scored.factors, candidates: null, note: reason.trim() };
      return transition(trx, orderId, order.status === 'assigned' ? 'dispatch' : 'reassign', actorOf(viewer), {
        reason,
        reasonRequired: true,
        set: { carer_id: carerId, match_problem: null, match_reasons: JSON.stringify(reasons) },
        data: { carerId, previousCarerId: order.carer_id },
      });
    });
    return after;
  } catch (err) {
    if (isExclusionViolation(err)) throw conflict('That carer already has a job at that time.', { field: 'carerId', reason: 'CARER_BUSY' });
    throw err;
  }
}

/** The scoring facts of one carer for an order, or BAD_USER_INPUT when not qualified for it. */
async function qualifiedFacts(trx: Database, orderId: number, carerId: number) {
  const [facts] = await findCandidates(trx, { orderId, excludeDeclined: false, carerId, ignoreSchedule: true });
  if (!facts)
    throw badInput('That carer does not hold a valid qualification for this service on that day.', { field: 'carerId', reason: 'CARER_NOT_QUALIFIED' });
  return facts;
}

/**
 * Moves an order's window before the service starts (the recipient, the hotline, a grid
 * worker; as placing it, within their scope). The hold stays: the price and the programme
 * year do not change. A carer who holds the job keeps it when they are free then (the
 * exclusion constraint decides); otherwise the order goes back to matching. Recorded as a
 * 'reschedule' event with who, why and both windows.
 */
export async function rescheduleOrder(
  db: Database,
  viewer: Viewer,
  orderId: number,
  window: { windowStart: Date; windowEnd: Date },
  reason: string,
  horizonDays: number,
): Promise<OrderRow> {
  orderChannel(viewer);
  checkWindow(window.windowStart, window.windowEnd, horizonDays);
  const why = reason.trim();
  if (!why) throw badInput('Say why the time changes.', { field: 'reason', reason: 'REASON_REQUIRED' });
  return db.transaction().execute(async (trx) => {
    await requireVisibleOrder(trx, viewer, orderId);
    const locked = await lockOrder(trx, orderId);
    if (!(awaitingVisitStatuses as readonly string[]).includes(locked.status))
      throw conflict(`An order that is ${locked.status.replace('_', ' ')} cannot be moved to another time.`, {
        reason: 'NOT_RESCHEDULABLE',
        status: locked.status,
      });
    if (countyYear(window.windowStart) !== locked.budget_year)
      throw badInput(`The new time is in another programme year than ${locked.budget_year}: cancel and order again.`, {
        field: 'windowStart',
        reason: 'OTHER_PROGRAMME_YEAR',
        year: locked.budget_year,
      });
    const data = {
      from: { windowStart: locked.window_start.toISOString(), windowEnd: locked.window_end.toISOString() },
      to: { windowStart: window.windowStart.toISOString(), windowEnd: window.windowEnd.toISOString() },
    };
    const set = { window_start: window.windowStart, window_end: window.windowEnd, late_at: null };
    const actor = actorOf(viewer);
    const move = async () => {
      const moved = await orderLifecycle.note(trx, locked, 'reschedule', actor, { reason: why, data, set });
      await recordEffects(trx, noticesOf({ before: locked, after: moved }));
      await queueMessages(trx, await rescheduledJobMessages(trx, moved));
      return moved;
    };
    if (locked.carer_id === null) return move();
    // the carer keeps the job when free then; the savepoint lets the constraint's refusal fall back to matching
    await sql`savepoint reschedule`.execute(trx);
    try {
      const kept = await move();
      await sql`release savepoint reschedule`.execute(trx);
      return kept;
    } catch (err) {
      if (!isExclusionViolation(err)) throw err;
      await sql`rollback to savepoint reschedule`.execute(trx);
    }
    // the carer is busy then: the order goes back to its organisation and to matching
    const { after } = await transition(trx, orderId, 'unassign', actor, {
      locked,
      reason: why,
      data: { ...data, carerId: locked.carer_id },
      set: { ...set, carer_id: null, match_reasons: null },
    });
    return after;
  });
}

/**
 * The organisation makes good a missed visit (its dispatcher, or a county admin): the missed
 * order gets a new window and goes back to matching among the organisation's carers, its
 * price held on the recipient's budget again (a hold of its own in the ledger). The miss
 * stays recorded and still counts against the organisation's score. Refused (CONFLICT) unless
 * the order is missed; FORBIDDEN for another organisation's dispatcher; BAD_USER_INPUT for a
 * window that could not be booked, a recipient no longer active, or too little budget left.
 */
export async function rebookMissedOrder(
  db: Database,
  viewer: Viewer,
  orderId: number,
  window: { windowStart: Date; windowEnd: Date },
  reason: string,
  horizonDays: number,
): Promise<OrderRow> {
  checkWindow(window.windowStart, window.windowEnd, horizonDays);
  const why = reason.trim();
  if (!why) throw badInput('Say why and how the visit is made good.', { field: 'reason', reason: 'REASON_REQUIRED' });
  return db.transaction().execute(async (trx) => {
    await requireVisibleOrder(trx, viewer, orderId);
    const locked = await lockOrder(trx, orderId);
    const recipient = await trx.selectFrom('recipients').select('status').where('id', '=', locked.recipient_id).executeTakeFirstOrThrow();
    const { after } = await transition(trx, orderId, 'rebook', actorOf(viewer), {
      locked,
      reason: why,
      // after the lifecycle's own check (missed, or CONFLICT)
      check: (o) => {
        if (o.organisation_id === null)
          throw conflict('No organisation had taken this order: the recipient orders again.', { reason: 'NO_ORGANISATION_TOOK', status: o.status });
        if (viewer.role === 'dispatcher' && o.organisation_id !== viewer.organisationId) throw forbidden('Another organisation missed this visit.');
        if (countyYear(window.windowStart) !== o.budget_year)
          throw badInput(`The new time is in another programme year than ${o.budget_year}: the recipient orders again.`, {
            field: 'windowStart',
            reason: 'OTHER_PROGRAMME_YEAR',
            year: o.budget_year,
          });
        if (recipient.status !== 'active')
          throw badInput(`The recipient is ${recipient.status}: only active recipients are served.`, {
            reason: 'RECIPIENT_NOT_ACTIVE',
            status: recipient.status,
          });
      },
      data: {
        from: { windowStart: locked.window_start.toISOString(), windowEnd: locked.window_end.toISOString() },
        to: { windowStart: window.windowStart.toISOString(), windowEnd: window.windowEnd.toISOString() },
      },
      set: {
        window_start: window.windowStart,
        window_end: window.windowEnd,
        carer_id: null,
        late_at: null,
        match_problem: null,
        match_reasons: null,
        rebooks: locked.rebooks + 1,
      },
    });
    await holdBudget(trx, after.recipient_id, after.budget_year, after.amount_fen);
    await postTransfers(trx, [
      {
        debit: ledgerAccounts.budgetAvailable(after.recipient_id, after.budget_year),
        credit: ledgerAccounts.budgetHeld(after.recipient_id, after.budget_year),
        amountFen: after.amount_fen,
        kind: 'hold',
        reference: `hold:order:${after.id}${rebookSuffix(after)}`,
        orderId: after.id,
      },
    ]);
    return after;
  });
}
