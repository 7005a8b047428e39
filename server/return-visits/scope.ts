// Which return visits a viewer may see and do. Reads are one SQL condition on `return_visits
// as rv`; doing a visit is checked on the locked row, so it cannot race a change of the row.
import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../db/database.js';
import type { Role, Viewer } from '../auth/roles.js';
import type { ReturnVisit } from '../db/rows.js';
import { forbidden, notFound } from '../platform/errors.js';

/** Roles that may read return visits (the resolvers' guard uses this). */
export const returnVisitReaders = ['grid_worker', 'township_staff', 'county_admin', 'evaluator'] as const satisfies readonly Role[];

/**
 * The visibility condition for `return_visits as rv`: a grid worker the visits in their
 * villages, township staff those in their township's villages, a county admin and the
 * evaluator all of them. The visit's own village counts (where it was scheduled), so a
 * recipient's later move does not hand a visit in progress to someone else.
 */
export function returnVisitVisibility(viewer: Viewer): RawBuilder<boolean> {
  switch (viewer.role) {
    case 'county_admin':
    case 'evaluator':
      return sql<boolean>`true`;
    case 'township_staff':
      return viewer.townshipId === null
        ? sql<boolean>`false`
        : sql<boolean>`exists (select 1 from regions vr where vr.id = rv.village_id and vr.parent_id = ${viewer.townshipId})`;
    case 'grid_worker':
      return viewer.villageIds.length ? sql<boolean>`rv.village_id in (${sql.join(viewer.villageIds)})` : sql<boolean>`false`;
    default:
      return sql<boolean>`false`;
  }
}

/**
 * Locks a return visit (inside a transaction) for a grid worker to do: NOT_FOUND when there is
 * none, FORBIDDEN when it is in a village that is not theirs (assigned to them or not).
 */
export async function lockVisitForGridWorker(trx: Database, viewer: Viewer, id: number): Promise<ReturnVisit> {
  const visit = await trx.selectFrom('return_visits').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!visit) throw notFound('Return visit', id);
  if (viewer.role !== 'grid_worker' || !viewer.villageIds.includes(visit.village_id)) {
    throw forbidden('That return visit is in a village that is not yours.');
  }
  return visit;
}
