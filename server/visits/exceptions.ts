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
import { countsForSettlement, type ResolutionCode } from './visit-rules.js';
import { visitExceptionLifecycle } from './visit-exception-lifecycle.js';
import { sqlNow } from '../platform/clock.js';

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

/** Resolves an open exception: the code decides whether the visit counts for settlement. */
export async function resolveVisitException(
  db: Database,
  viewer: Viewer,
  orderId: number,
  code: ResolutionCode,
  note: string,
): Promise<{ visit: Visit; order: OrderRow }> {
  const text = note.trim();
  if (!text) throw badInput('Say what was found (note).', { field: 'note' });
  if (text.length > NOTE_MAX) throw badInput(`A note is at most ${NOTE_MAX} characters.`, { field: 'note' });
  return db.transaction().execute(async (trx) => {
    const order = await requireVisibleOrder(trx, viewer, orderId);
    const visit = await trx.selectFrom('visits').selectAll().where('order_id', '=', orderId).forUpdate().executeTakeFirst();
    if (!visit) throw notFound('Visit of order', orderId);
    const { after } = await visitExceptionLifecycle.apply(trx, orderId, 'resolve', actorOf(viewer), {
      locked: visit,
      reason: text,
      data: { code },
      set: {
        resolution_code: code,
        resolution_note: text,
        resolved_by: viewer.userId,
        resolved_at: sqlNow(),
        countable: countsForSettlement[code],
      },
    });
    return { visit: after, order };
  });
}
