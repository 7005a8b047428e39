// The dispatcher's exception queue: visits flagged out of bounds wait here until someone
// checks what happened and resolves them with a reason code, which decides whether the
// visit may be paid for.
import type { Database } from '../db/database.js';
import type { Viewer } from '../auth/roles.js';
import type { Visit } from '../db/rows.js';
import { badInput, forbidden, notFound } from '../platform/errors.js';
import { readPage, toConnection, type PageArgs } from '../db/pagination.js';
import { requireVisibleOrder } from '../orders/order-scope.js';
import type { OrderRow } from '../orders/order-rows.js';
import { actorOf } from '../orders/order-actions.js';
import { checkOutTimeProblem, countsForSettlement, wholeMinutes, type ResolutionCode } from './visit-rules.js';
import { visitExceptionLifecycle } from './visit-exception-lifecycle.js';
import { now, sqlNow } from '../platform/clock.js';

/** The organisation whose queue is asked for: a dispatcher's own; for a county admin the one named, or every one. */
function queueOrganisation(viewer: Viewer, organisationId: number | undefined): number | undefined {
  if (viewer.role !== 'dispatcher') return organisationId;
  if (organisationId !== undefined && organisationId !== viewer.organisationId) throw forbidden("A dispatcher sees only their own organisation's visits.");
  return viewer.organisationId!;
}

/** Flagged visits, open or resolved, newest service first. */
export async function visitExceptions(db: Database, viewer: Viewer, organisationId: number | undefined, status: 'open' | 'resolved', args: PageArgs) {
  const page = readPage(args, 50);
  const organisation = queueOrganisation(viewer, organisationId);
  let base = db.selectFrom('visits').where('exception_status', '=', status);
  if (organisation !== undefined) base = base.where('organisation_id', '=', organisation);
  const [rows, count] = await Promise.all([
    (page.before ? base.where('order_id', '<', page.before) : base).selectAll().orderBy('order_id', 'desc').limit(page.limit).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return toConnection(rows, page, Number(count.n), (v) => v.order_id);
}

const NOTE_MAX = 1000;

/**
 * Resolves an open exception: the code decides whether the visit counts for settlement. A
 * visit never checked out counts only with CHECK_OUT_CORRECTED and the corrected end (after
 * the check-in, not in the future), which sets its end and duration and marks it manually
 * corrected; a corrected end is refused for a visit that was checked out.
 */
export async function resolveVisitException(
  db: Database,
  viewer: Viewer,
  orderId: number,
  code: ResolutionCode,
  note: string,
  correctedEnd: Date | null = null,
): Promise<{ visit: Visit; order: OrderRow }> {
  const text = note.trim();
  if (!text) throw badInput('Say what was found (note).', { field: 'note', reason: 'FIELD_REQUIRED' });
  if (text.length > NOTE_MAX) throw badInput(`A note is at most ${NOTE_MAX} characters.`, { field: 'note', reason: 'TEXT_TOO_LONG', maxLength: NOTE_MAX });
  return db.transaction().execute(async (trx) => {
    const order = await requireVisibleOrder(trx, viewer, orderId);
    const visit = await trx.selectFrom('visits').selectAll().where('order_id', '=', orderId).forUpdate().executeTakeFirst();
    if (!visit) throw notFound('Visit of order', orderId);
    const correction = correctionOf(visit, code, correctedEnd);
    const { after } = await visitExceptionLifecycle.apply(trx, orderId, 'resolve', actorOf(viewer), {
      locked: visit,
      reason: text,
      data: { code, ...(correction ? { correctedEnd: correction.checked_out_at.toISOString() } : {}) },
      set: {
        resolution_code: code,
        resolution_note: text,
        resolved_by: viewer.userId,
        resolved_at: sqlNow(),
        countable: countsForSettlement[code],
        ...correction,
      },
    });
    return { visit: after, order };
  });
}

/** The end and duration a corrected check-out sets, or null; BAD_USER_INPUT when the code and the correction do not fit the visit. */
function correctionOf(visit: Visit, code: ResolutionCode, correctedEnd: Date | null) {
  const open = visit.checked_out_at === null;
  if (code === 'check_out_corrected' && !open)
    throw badInput('The visit was checked out: there is no end to correct.', { field: 'code', reason: 'NO_END_TO_CORRECT' });
  if (code === 'check_out_corrected' && !correctedEnd)
    throw badInput('Give the corrected end of the visit (correctedEnd).', { field: 'correctedEnd', reason: 'FIELD_REQUIRED' });
  if (!correctedEnd) {
    // a visit without an end counts only once its end is known
    if (open && countsForSettlement[code])
      throw badInput('A visit never checked out counts only with its corrected end (CHECK_OUT_CORRECTED).', { field: 'code', reason: 'CORRECTED_END_NEEDED' });
    return null;
  }
  if (code !== 'check_out_corrected')
    throw badInput('A corrected end goes with CHECK_OUT_CORRECTED.', { field: 'correctedEnd', reason: 'CORRECTED_END_ONLY_WITH_CODE' });
  const problem = checkOutTimeProblem(visit.checked_in_at, correctedEnd);
  if (problem) throw badInput(problem.message, { field: 'correctedEnd', reason: problem.reason, ...problem.details });
  if (correctedEnd > now()) throw badInput('The corrected end is in the future.', { field: 'correctedEnd', reason: 'CORRECTED_END_IN_FUTURE' });
  // received now: the correction is when the end reached the server
  return {
    checked_out_at: correctedEnd,
    check_out_received_at: now(),
    duration_minutes: wholeMinutes(visit.checked_in_at, correctedEnd),
    manually_corrected: true,
  };
}
