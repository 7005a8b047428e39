// Which tickets a viewer may see: one SQL condition on `complaints as c`, used by the list,
// the single read, Order.complaints and every step, so the rule lives in one place.
import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../db/database.js';
import type { Viewer } from '../auth/roles.js';
import { forbidden, notFound } from '../platform/errors.js';
import { recipientScope } from '../registry/scope.js';
import type { ComplaintRow } from './complaint-rows.js';

/**
 * The visibility condition for `complaints as c`: the hotline, county admins and evaluators
 * see every ticket; a recipient their own; a grid worker those of their villages' recipients;
 * a dispatcher those about or assigned to their organisation; township staff those assigned
 * to their station or of their township's recipients. Carers and finance see none.
 */
export function complaintVisibility(viewer: Viewer): RawBuilder<boolean> {
  switch (viewer.role) {
    case 'hotline_operator':
    case 'county_admin':
    case 'evaluator':
      return sql<boolean>`true`;
    case 'recipient':
    case 'grid_worker':
      return sql<boolean>`exists (select 1 from recipients r where r.id = c.recipient_id and ${recipientScope(viewer, 'r')})`;
    case 'dispatcher':
      return viewer.organisationId === null
        ? sql<boolean>`false`
        : sql<boolean>`(c.organisation_id = ${viewer.organisationId} or c.assigned_organisation_id = ${viewer.organisationId})`;
    case 'township_staff':
      return viewer.townshipId === null
        ? sql<boolean>`false`
        : sql<boolean>`(c.assigned_township_id = ${viewer.townshipId} or c.township_id = ${viewer.townshipId})`;
    default:
      return sql<boolean>`false`;
  }
}

/**
 * The ticket if the viewer may see it; NOT_FOUND when it does not exist, FORBIDDEN when out
 * of scope. With `lock`, the row stays locked for the rest of the caller's transaction.
 */
export async function requireVisibleComplaint(db: Database, viewer: Viewer, id: number, lock = false): Promise<ComplaintRow> {
  let query = db.selectFrom('complaints as c').selectAll('c').select(complaintVisibility(viewer).as('visible')).where('c.id', '=', id);
  if (lock) query = query.forUpdate('c');
  const row = await query.executeTakeFirst();
  if (!row) throw notFound('Complaint', id);
  const { visible, ...complaint } = row;
  if (!visible) throw forbidden('That ticket is outside your scope.');
  return complaint as ComplaintRow;
}
