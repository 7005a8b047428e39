// Which scores a viewer may see: one SQL condition on `organisation_scores as s`, used by the
// month's list, the single read and every evaluator action, so the rule lives in one place.
import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../db/database.js';
import type { Viewer } from '../auth/roles.js';
import type { OrganisationScore } from '../db/rows.js';
import { forbidden, notFound } from '../platform/errors.js';
import { parseMonth } from './months.js';

/** Who reads scores at all (the resolvers' guard); the condition below narrows dispatchers. */
export const scoreReaders = ['evaluator', 'county_admin', 'finance', 'dispatcher'] as const;

/** Evaluators, county admins and finance see every score; a dispatcher their organisation's; nobody else any. */
export function scoreVisibility(viewer: Viewer): RawBuilder<boolean> {
  switch (viewer.role) {
    case 'evaluator':
    case 'county_admin':
    case 'finance':
      return sql<boolean>`true`;
    case 'dispatcher':
      return viewer.organisationId === null ? sql<boolean>`false` : sql<boolean>`s.organisation_id = ${viewer.organisationId}`;
    default:
      return sql<boolean>`false`;
  }
}

/** The month's scores the viewer may see, by organisation. */
export function listScores(db: Database, viewer: Viewer, month: string): Promise<OrganisationScore[]> {
  const { firstDay } = parseMonth(month);
  return db
    .selectFrom('organisation_scores as s')
    .selectAll('s')
    .where('s.month', '=', firstDay)
    .where(scoreVisibility(viewer))
    .orderBy('s.organisation_id')
    .execute();
}

/**
 * The score if the viewer may see it; NOT_FOUND when it does not exist, FORBIDDEN when out of
 * scope. With `lock`, the row stays locked for the rest of the caller's transaction.
 */
export async function requireVisibleScore(db: Database, viewer: Viewer, id: number, lock = false): Promise<OrganisationScore> {
  let query = db.selectFrom('organisation_scores as s').selectAll('s').select(scoreVisibility(viewer).as('visible')).where('s.id', '=', id);
  if (lock) query = query.forUpdate('s');
  const row = await query.executeTakeFirst();
  if (!row) throw notFound('Score', id);
  const { visible, ...score } = row;
  if (!visible) throw forbidden('That score is outside your scope.');
  return score as OrganisationScore;
}
